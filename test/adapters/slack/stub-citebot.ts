/**
 * TEMPORARY stand-in for makeTestCitebot() (test/helpers/citebot.ts) until the engine lands: a word-overlap
 * search over paragraphs of real files, producing verbatim passages in the Reply model.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Citebot } from '../../../src/answer/citebot.ts';
import type { CommandArgs, CommandDefinition, CommandName } from '../../../src/answer/commands/types.ts';
import type { Lang, Passage, Reply, SourceRef } from '../../../src/answer/types.ts';

interface Paragraph {
  file: string;
  text: string;
  start: number;
  paragraph: number;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []);

export async function makeStubCitebot(opts: { corpus?: Record<string, string> } = {}): Promise<{ citebot: Citebot; close(): Promise<void> }> {
  const files: Record<string, string> = opts.corpus ?? {};
  if (!opts.corpus) {
    for (const name of await readdir('corpus')) files[name] = await readFile(join('corpus', name), 'utf8');
  }
  const paragraphs: Paragraph[] = [];
  for (const [file, content] of Object.entries(files)) {
    let index = 0;
    let n = 0;
    for (const part of content.split(/\n\s*\n/)) {
      const start = content.indexOf(part, index);
      index = start + part.length;
      if (part.trim() === '') continue;
      n += 1;
      paragraphs.push({ file, text: part, start, paragraph: n });
    }
  }
  const names: CommandName[] = ['ask', 'quote', 'brief', 'sources', 'status', 'help'];
  const commands: CommandDefinition[] = names.map((name) => ({
    name,
    description: { en: name, fr: name },
    textOption: ['ask', 'quote', 'brief'].includes(name) ? 'question' : null,
    options: [],
    run: async () => {
      throw new Error('not used');
    },
  }));
  const base = { mode: 'lexical-only' as const, modeReason: 'stub engine' };
  const citebot: Citebot = {
    commands,
    mode: () => ({ mode: 'lexical-only', reason: 'stub engine' }),
    refresh: async () => false,
    async run(command: string, args: CommandArgs): Promise<Reply> {
      const lang: Lang = /[éèàù]|\b(qui|quoi|le|la|les|des)\b/i.test(args.text) ? 'fr' : (args.lang ?? 'en');
      if (command === 'help') {
        return { ...base, lang, kind: 'help', entries: names.map((n) => ({ command: n, usage: `/${n}`, description: `${n} help` })) };
      }
      if (command === 'sources') {
        return {
          ...base,
          lang,
          kind: 'sources',
          sources: Object.keys(files).map((file) => ({ file, title: file, url: null, date: null, chunks: 1 })),
          indexBuiltAt: '2026-01-01T00:00:00Z',
          model: null,
        };
      }
      if (!['ask', 'quote', 'brief'].includes(command)) {
        return { ...base, lang, kind: 'error', code: 'unknown-command', message: `Unknown command ${command}` };
      }
      if (args.text.trim() === '') return { ...base, lang, kind: 'error', code: 'empty', message: 'empty' };
      const query = words(args.text);
      const ranked = paragraphs
        .map((p) => ({ p, score: [...words(p.text)].filter((w) => query.has(w)).length }))
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score);
      const offset = args.offset ?? 0;
      const count = args.count ?? 3;
      const page = ranked.slice(offset, offset + count);
      const passages: Passage[] = page.map(({ p, score }, i) => {
        const sentences = p.text.match(/[^.!?]+[.!?]*/g) ?? [p.text];
        const best = sentences.find((s) => [...words(s)].some((w) => query.has(w))) ?? sentences[0] ?? p.text;
        const highlightStart = p.text.indexOf(best);
        const source: SourceRef = {
          file: p.file,
          title: p.file.replace(/\.\w+$/, ''),
          url: null,
          date: null,
          paragraph: p.paragraph,
          start: p.start,
          end: p.start + p.text.length,
        } as SourceRef;
        return {
          rank: offset + i + 1,
          chunkIds: [`${p.file}#${p.paragraph}`],
          text: p.text,
          highlight: best,
          highlightStart,
          highlightEnd: highlightStart + best.length,
          score: Math.min(1, score / 5),
          source,
        };
      });
      const noAnswer = offset === 0 && passages.length === 0;
      const first = passages[0];
      return {
        ...base,
        lang,
        kind: 'answer',
        command: command as 'ask' | 'quote' | 'brief',
        query: args.text,
        noAnswer,
        passages,
        offset,
        hasMore: ranked.length > offset + count,
        quote:
          command === 'quote' && first
            ? {
                text: first.highlight.trim(),
                isQuotation: false,
                speaker: null,
                source: first.source,
                start: first.source.start + first.highlightStart,
                end: first.source.start + first.highlightEnd,
              }
            : null,
        groups:
          command === 'brief'
            ? [...new Set(passages.map((p) => p.source.file))].map((file) => {
                const group = passages.filter((p) => p.source.file === file);
                const { paragraph: _p, start: _s, end: _e, ...source } = group[0]!.source;
                return { source, passages: group };
              })
            : null,
        suggestions: noAnswer ? Object.keys(files).slice(0, 3).map((file) => ({ title: file, file })) : [],
      };
    },
  };
  return { citebot, close: async () => {} };
}

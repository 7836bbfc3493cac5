import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConfig, buildBenchIndex, loadBenchIndex } from '../quality/engine.ts';
import { loadPiaf } from '../lib/piaf.ts';
import { writePiafCorpus } from '../quality/corpus.ts';
import { termsOf } from '../../src/text/tokenize.ts';
import { rankLexically } from '../../src/search/lexical-ranking.ts';

const dir = await mkdtemp(join(tmpdir(), 'dec-'));
const corpus = join(dir, 'corpus');
const piaf = loadPiaf();
const arts = piaf.articles.map((_, i) => i).filter((i) => i % 2 === 0);
const gold = await writePiafCorpus(corpus, piaf, arts);
const config = benchConfig(corpus, join(dir, 'index'));
await buildBenchIndex(config, null);
const index = await loadBenchIndex(config);
const lex = index.lexical;
const chunkSets = index.chunks.map((c) => new Set(termsOf([c.plain, c.title, ...c.headings].join('\n'), c.language)));
const pageSets = new Map<string, Set<string>>();
index.chunks.forEach((c, i) => { const s = pageSets.get(c.file) ?? new Set(); for (const t of chunkSets[i]!) s.add(t); pageSets.set(c.file, s); });
const rows: { a: boolean; f: number[] }[] = [];
const qs = piaf.questions.filter((_, i) => i % 2 === 0);
for (const q of qs) {
  const words = lex.queryWordsOf(q.question);
  const hits = rankLexically(lex, words, { k1: 1.2, pageWeight: 0.5, proximityWeight: 0, proximityDepth: 0 }, 10, () => []);
  const w = lex.weighQuestion(q.question);
  const cov = hits.map((h) => lex.coverageOf(w, chunkSets[h.index]!));
  const pages = [...new Set(hits.map((h) => index.chunks[h.index]!.file))];
  const pcov = pages.map((p) => lex.coverageOf(w, pageSets.get(p)!));
  // known-only coverage: unknown words weigh 0
  const wk = w.map((x) => ({ ...x, weight: x.known ? x.weight : 0 }));
  const kcov = hits.map((h) => lex.coverageOf(wk, chunkSets[h.index]!));
  const maxIdf = Math.log(1 + (lex.documentCount + 0.5) / 0.5);
  const w2 = w.map((x) => ({ ...x, weight: x.known ? x.weight ** 2 : x.weight ** 2 }));
  const wu = w.map((x) => ({ ...x, weight: x.known ? x.weight : maxIdf }));
  const wu2 = w.map((x) => ({ ...x, weight: (x.known ? x.weight : maxIdf) ** 2 }));
  const rare = [...w].sort((a, b) => b.weight - a.weight).slice(0, 3);
  const f = (ww: typeof w) => Math.max(0, ...hits.map((h) => lex.coverageOf(ww, chunkSets[h.index]!)));
  const fp = (ww: typeof w) => Math.max(0, ...pages.map((p) => lex.coverageOf(ww, pageSets.get(p)!)));
  const seqs = hits.map((h) => termsOf(index.chunks[h.index]!.plain, index.chunks[h.index]!.language));
  const qw = words.filter((x) => x.weight === 1);
  const pairCov = (seq: string[]) => {
    if (qw.length < 2) return 1;
    let found = 0;
    for (let i = 0; i + 1 < qw.length; i++) {
      const pa: number[] = [], pb: number[] = [];
      seq.forEach((t, k) => { if (qw[i]!.terms.includes(t)) pa.push(k); if (qw[i + 1]!.terms.includes(t)) pb.push(k); });
      if (pa.some((a) => pb.some((b) => Math.abs(a - b) <= 3))) found++;
    }
    return found / (qw.length - 1);
  };
  const pc = seqs.map(pairCov);
  const combo = hits.map((h, k) => 0.5 * lex.coverageOf(wu2, chunkSets[h.index]!) + 0.5 * pc[k]!);
  rows.push({ a: gold.has(q.paragraph), f: [Math.max(0, ...pc), Math.max(0, ...combo), Math.max(0, ...cov), Math.max(0, ...pcov), Math.max(0, ...kcov), f(w2), f(wu), f(wu2), f(rare), fp(w2), fp(wu2), hits[0] ? 1 : 0] });
}
const names = ['pair', 'combo', 'maxcov10', 'maxpagecov', 'knowncov', 'idf2', 'unkmax', 'unkmax2', 'rare3', 'page idf2', 'page unkmax2','any'];
for (let f = 0; f < names.length; f++) {
  const ans = rows.filter((r) => r.a).map((r) => r.f[f]!).sort((a, b) => a - b);
  const un = rows.filter((r) => !r.a).map((r) => r.f[f]!);
  const t = ans[Math.floor(ans.length * 0.02)]!;
  const anyway = un.filter((x) => x >= t).length / un.length;
  console.log(names[f], 't@2%', t.toFixed(3), 'answeredAnyway', anyway.toFixed(3), 'n', ans.length, un.length);
}
await rm(dir, { recursive: true, force: true });

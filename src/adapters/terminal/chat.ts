import { createInterface } from 'node:readline/promises';
import type { Citebot } from '../../answer/citebot.ts';
import type { AnswerReply, Reply } from '../../answer/types.ts';
import { modeName } from '../../present/mode.ts';
import { t } from '../../present/strings.ts';
import { parseTypedCommand } from '../../present/typed-command.ts';
import { commandUsage } from '../../present/usage.ts';
import { langOfLocale, type Lang } from '../../text/lang.ts';
import type { RunningAdapter } from '../shared/running-adapter.ts';
import { ansiStyle, plainStyle, renderForTerminal } from './render.ts';

export interface TerminalChatOptions {
  citebot: Citebot;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Interface language before the first question says otherwise (default: the system's, French or English). */
  lang?: Lang;
  /** Called when the user quits (/quit, Ctrl-D). */
  onClose?: () => void;
}

/** The system's language when it is French, else English (LC_ALL, LC_MESSAGES, LANG, then Intl's default). */
export function systemLang(env: NodeJS.ProcessEnv = process.env): Lang {
  return langOfLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale);
}

/** The welcome and ready lines, all in one language: what to type, how much is indexed, the search mode. */
export async function welcomeLines(citebot: Citebot, lang: Lang): Promise<string[]> {
  const commands = citebot.commands
    .filter((command) => command.name !== 'ask')
    .map((command) => commandUsage('terminal', command, lang))
    .join(', ');
  const lines = [t(lang, 'terminalWelcome', { commands })];
  const status = await citebot.run('status', { text: '', lang });
  if (status.kind === 'status') {
    lines.push(t(lang, 'terminalReady', { passages: status.chunks, files: status.files, mode: modeName(status.mode, lang) }));
  }
  return lines;
}

/** The interactive chat `npm start` opens when no chat platform is configured. */
export function startTerminalChat(options: TerminalChatOptions): RunningAdapter {
  const output = options.output ?? process.stdout;
  const style = output.isTTY ? ansiStyle : plainStyle;
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: Boolean(output.isTTY) });
  let lang: Lang = options.lang ?? systemLang();
  let last: AnswerReply | null = null;
  const write = (text: string) => output.write(`${text}\n`);
  rl.setPrompt('› ');
  // Lines typed before the welcome is written wait behind it.
  let queue = welcomeLines(options.citebot, lang).then((lines) => {
    write(`${lines.join('\n')}\n`);
    rl.prompt();
  });
  // Lines typed (or piped) after /quit are already queued: they are dropped, not answered.
  let quit = false;
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (quit) return;
      const typed = line.trim();
      if (typed === '') return rl.prompt();
      const [, word, rest = ''] = /^\/(\S+)\s*(.*)$/u.exec(typed)?.map((part) => part ?? '') ?? [];
      const terminalCommand = word?.toLowerCase();
      if (terminalCommand === 'quit' || terminalCommand === 'exit') {
        quit = true;
        return rl.close();
      }
      let reply: Reply;
      if (terminalCommand === 'more') {
        if (!last || !last.hasMore) {
          write(t(lang, 'noMore'));
          return rl.prompt();
        }
        // "/more 5": that many passages; "/more": as many as the last page showed.
        const asked = Number(rest);
        const count = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 10) : last.passages.length;
        reply = await options.citebot.run(last.command, { text: last.query, offset: last.offset + last.passages.length, count, lang });
      } else {
        const { command, text } = parseTypedCommand(typed, options.citebot.commands);
        reply = await options.citebot.run(command, { text, lang });
      }
      lang = reply.lang;
      if (reply.kind === 'answer') last = reply;
      write(`\n${renderForTerminal(reply, style)}\n`);
      rl.prompt();
    });
  });
  const closed = new Promise<void>((resolve) => rl.once('close', () => resolve()));
  rl.once('close', () => void queue.then(() => options.onClose?.()));
  return {
    platform: 'terminal',
    async post(_channel, reply) {
      if (reply.kind !== 'briefing') write(renderForTerminal(reply, style));
    },
    async stop() {
      rl.close();
      await closed;
    },
  };
}

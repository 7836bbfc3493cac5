import { createInterface } from 'node:readline/promises';
import type { Citebot } from '../../answer/citebot.ts';
import { t } from '../../answer/strings.ts';
import type { AnswerReply, Reply } from '../../answer/types.ts';
import type { Lang } from '../../text/lang.ts';
import type { RunningAdapter } from '../shared/running-adapter.ts';
import { ansiStyle, plainStyle, renderForTerminal } from './render.ts';

export interface TerminalChatOptions {
  citebot: Citebot;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Interface language before the first question says otherwise. */
  lang?: Lang;
  /** Called when the user quits (/quit, Ctrl-D). */
  onClose?: () => void;
}

/** "/brief drones" → ["brief", "drones"]; a plain line is a question for `ask`. */
export function parseChatLine(line: string): { command: string; text: string } {
  const trimmed = line.trim();
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? { command: match[1]!.toLowerCase(), text: match[2]!.trim() } : { command: 'ask', text: trimmed };
}

/** The interactive chat `npm start` opens when no chat platform is configured. */
export function startTerminalChat(options: TerminalChatOptions): RunningAdapter {
  const output = options.output ?? process.stdout;
  const style = output.isTTY ? ansiStyle : plainStyle;
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: Boolean(output.isTTY) });
  let lang: Lang = options.lang ?? 'fr';
  let last: AnswerReply | null = null;
  const write = (text: string) => output.write(`${text}\n`);
  const { mode, reason } = options.citebot.mode();
  write(t(lang, 'terminalWelcome'));
  write(`${t(lang, 'modeLabel')}: ${mode}${reason ? `\n${reason}` : ''}\n`);
  rl.setPrompt('› ');
  rl.prompt();
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      const { command, text } = parseChatLine(line);
      if (command === 'ask' && text === '') return rl.prompt();
      if (command === 'quit' || command === 'exit') return rl.close();
      let reply;
      if (command === 'more') {
        if (!last || !last.hasMore) {
          write(t(lang, 'noMore'));
          return rl.prompt();
        }
        reply = await options.citebot.run(last.command, { text: last.query, offset: last.offset + last.passages.length, lang });
      } else {
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
    async post(_channel, reply: Reply) {
      write(renderForTerminal(reply, style));
    },
    async stop() {
      rl.close();
      await closed;
    },
  };
}

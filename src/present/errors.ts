import type { ErrorReply } from '../answer/types.ts';
import { t } from './strings.ts';
import type { Surface } from './surface.ts';
import { commandUsage } from './usage.ts';

/** An error code as a sentence for the reader, with the command's usage in the surface's own syntax. */
export function errorText(reply: ErrorReply, surface: Surface, slackPrefix = ''): string {
  const { lang } = reply;
  switch (reply.code) {
    case 'empty':
      return t(lang, 'emptyText', { usage: commandUsage(surface, { name: reply.command, textOption: reply.textOption ?? 'question' }, lang, slackPrefix) });
    case 'too-long':
      return t(lang, 'tooLong', { max: reply.maxChars ?? 0 });
    case 'unknown-command':
      return t(lang, 'unknownCommand', { name: reply.command.slice(0, 40), help: commandUsage(surface, { name: 'help', textOption: null }, lang, slackPrefix) });
    case 'index-unavailable':
      return t(lang, 'indexUnavailable');
    case 'internal':
      return t(lang, 'internalError');
  }
}

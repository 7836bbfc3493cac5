import type { Logger } from '../../log.ts';
import type { AnswerService } from '../service.ts';
import type { Lang } from '../../text/lang.ts';
import type { ErrorReply, Reply } from '../types.ts';
import { detectLanguage } from '../../text/language.ts';
import { IndexUnavailableError } from '../../index/unavailable.ts';
import { askCommand } from './ask.ts';
import { briefCommand } from './brief.ts';
import { helpCommandFor } from './help.ts';
import { quoteCommand } from './quote.ts';
import { sourcesCommand } from './sources.ts';
import { statusCommand } from './status.ts';
import type { CommandArgs, CommandDefinition } from './types.ts';

/** The single command list every adapter renders. */
export const commands: readonly CommandDefinition[] = [
  askCommand,
  quoteCommand,
  briefCommand,
  sourcesCommand,
  statusCommand,
  helpCommandFor(() => commands),
];

export function findCommand(name: string): CommandDefinition | undefined {
  const wanted = name.trim().replace(/^\//, '').toLowerCase();
  return commands.find((command) => command.name === wanted);
}

function errorReply(service: AnswerService | null, lang: Lang, code: ErrorReply['code'], command: string, extra: Partial<ErrorReply> = {}): ErrorReply {
  return { kind: 'error', lang, mode: service?.mode ?? 'lexical-only', code, command, ...extra };
}

export interface RunLimits {
  maxQuestionChars: number;
}

/**
 * NUL, soft hyphens, zero-width characters and direction marks: nothing a reader sees, but they split or
 * hide words (a question made of them only is empty).
 */
const INVISIBLE = /[\u0000\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Validate the input, run the command, and turn every failure into an ErrorReply in the user's language. */
export async function runCommand(
  service: AnswerService | null,
  unavailableReason: string | null,
  name: string,
  args: CommandArgs,
  limits: RunLimits,
  log: Logger,
): Promise<Reply> {
  const text = withoutInvisible(args.text ?? '').trim();
  const lang = text === '' ? (args.lang ?? 'en') : detectLanguage(text, args.lang ?? 'en');
  const command = findCommand(name);
  if (!command) return errorReply(service, lang, 'unknown-command', name.trim().replace(/^\//u, '').slice(0, 40));
  if (!service) {
    log.error({ reason: unavailableReason, command: command.name }, 'the index is not available');
    return errorReply(null, lang, 'index-unavailable', command.name);
  }
  if (command.textOption) {
    if (text === '') return errorReply(service, lang, 'empty', command.name, { textOption: command.textOption });
    if (text.length > limits.maxQuestionChars) return errorReply(service, lang, 'too-long', command.name, { maxChars: limits.maxQuestionChars });
  }
  const count = Number.isInteger(args.count) && args.count! >= 1 ? Math.min(args.count!, 10) : undefined;
  const offset = Number.isInteger(args.offset) && args.offset! > 0 ? args.offset : 0;
  try {
    return await command.run(service, { ...args, text, count, offset, lang: args.fixedLang ?? args.lang ?? lang });
  } catch (error) {
    log.error({ err: error, command: command.name }, 'command failed');
    // Damage found while answering (a text that fails its checksum): no quote rather than a wrong one, and the fix in the log.
    return errorReply(service, lang, error instanceof IndexUnavailableError ? 'index-unavailable' : 'internal', command.name);
  }
}

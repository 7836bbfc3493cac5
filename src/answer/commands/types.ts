import type { Lang } from '../../text/lang.ts';
import type { Reply } from '../types.ts';
import type { AnswerService } from '../service.ts';

export type CommandName = 'ask' | 'quote' | 'brief' | 'sources' | 'status' | 'help';

export interface Localized {
  en: string;
  fr: string;
}

export interface CommandOption {
  name: string;
  description: Localized;
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  minValue?: number;
  maxValue?: number;
  /** Max length for string options. */
  maxLength?: number;
}

export interface CommandArgs {
  /** The question or topic (empty for commands without one). */
  text: string;
  /** How many passages to return (ask, brief). */
  count?: number;
  /** For "More": skip this many passages of the ranking. */
  offset?: number;
  /** Interface language to use when the text gives none (e.g. help, sources). */
  lang?: Lang;
  /** The channel's fixed answer language (citebot.yml): it wins over the text's own. */
  fixedLang?: Lang;
  /** In a conversation: its earlier questions, most recent first (ask weighs their words below the new ones). */
  previous?: string[];
  /** A document set (citebot.yml): answer from the files under these corpus folders only. */
  folders?: string[];
}

/** A command is defined once here; each adapter renders its options and its Reply. */
export interface CommandDefinition {
  name: CommandName;
  description: Localized;
  /** Name of the option carrying `CommandArgs.text`, when the command takes text. */
  textOption: string | null;
  options: CommandOption[];
  run(service: AnswerService, args: CommandArgs): Promise<Reply>;
}

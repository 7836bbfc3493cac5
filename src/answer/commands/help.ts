import type { Lang } from '../../text/lang.ts';
import type { HelpReply } from '../types.ts';
import type { CommandDefinition } from './types.ts';

/** Built from the command list itself, so help never drifts from what the commands are. */
export function helpReply(commands: readonly CommandDefinition[], lang: Lang, base: Pick<HelpReply, 'mode'>): HelpReply {
  return {
    kind: 'help',
    lang,
    ...base,
    entries: commands.map((command) => ({
      command: command.name,
      textOption: command.textOption,
      description: command.description[lang],
    })),
  };
}

/** The help command over `list` (a function: the list includes this command itself). */
export function helpCommandFor(list: () => readonly CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    description: { en: 'What citebot does and how to ask it', fr: 'Ce que fait citebot et comment l’interroger' },
    textOption: null,
    options: [],
    run: async (service, args) => {
      const lang = args.fixedLang ?? args.lang ?? 'en';
      return helpReply(list(), lang, { mode: service.mode });
    },
  };
}

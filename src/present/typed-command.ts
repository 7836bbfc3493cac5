/** A command as the engine's list defines it: its name, and the option its text goes in (if any). */
export interface CommandShape {
  name: string;
  textOption: string | null;
}

export interface TypedCommand {
  command: string;
  text: string;
}

const TYPED = /^([/!]?)(\p{L}[\p{L}\p{N}_-]*)(?=$|[\s:,])[\s:,]*([\s\S]*)$/u;

/**
 * A command typed as text (a chat mention, a DM, a terminal line): "quote drones", "/brief Ukraine",
 * "sources". After "/" or "!" the word is always the command, so "/quote" alone gets its usage and
 * "/foo" is an unknown command. A bare word is the command only when what follows fits it (a topic
 * for quote or brief, nothing for sources, status or help); anything else is a question for ask, and
 * an empty text asks for help.
 */
export function parseTypedCommand(typed: string, commands: readonly CommandShape[]): TypedCommand {
  const text = typed.trim();
  if (text === '') return { command: 'help', text: '' };
  const match = TYPED.exec(text);
  if (!match) return { command: 'ask', text };
  const [, prefix, rawWord, rawRest] = match;
  const word = rawWord!.toLowerCase();
  const rest = rawRest!.trim();
  if (prefix !== '') return { command: word, text: rest };
  const definition = commands.find((command) => command.name === word);
  if (definition && (definition.textOption === null ? rest === '' : rest !== '')) return { command: word, text: rest };
  return { command: 'ask', text };
}

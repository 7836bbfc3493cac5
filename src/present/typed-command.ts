import { foldAccents } from '../text/normalize.ts';

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

/** Words of a greeting, a thanks or an acknowledgement, in English and French (accents folded). */
const PLEASANTRY_WORDS = new Set(
  (
    'hi hello hey heya hiya yo howdy greetings good morning afternoon evening day thanks thank you thx ty tyvm cheers much appreciated ' +
    'a lot so very ok okay kk cool great nice perfect awesome bye goodbye see later citebot bot ' +
    'bonjour bonsoir salut coucou merci beaucoup bien mille fois top super parfait genial nickel d accord daccord au revoir plus ciao'
  ).split(' '),
);

/**
 * A message that only greets, thanks or acknowledges ("hi", "thanks!", "merci beaucoup 🙏"): not a
 * question (searched, "thanks" would find "thanked"), so it gets the help, as an empty mention does.
 */
export function isPleasantry(text: string): boolean {
  const words = foldAccents(text.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  return words.length > 0 && words.length <= 6 && words.every((word) => PLEASANTRY_WORDS.has(word));
}

/**
 * A command typed as text (a chat mention, a DM, a terminal line): "quote drones", "/brief Ukraine",
 * "sources". After "/" or "!" the word is always the command, so "/quote" alone gets its usage and
 * "/foo" is an unknown command. A bare word is the command only when what follows fits it (a topic
 * for quote or brief, nothing for sources, status or help); anything else is a question for ask, and
 * an empty text (or a bare "/"), or a pleasantry, asks for help.
 */
export function parseTypedCommand(typed: string, commands: readonly CommandShape[]): TypedCommand {
  const text = typed.trim();
  if (/^[/!]*$/u.test(text) || isPleasantry(text)) return { command: 'help', text: '' };
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

import { isFurniture } from '../corpus/furniture.ts';
import { splitSentences } from '../text/sentences.ts';

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---\r?\n/u;

/** The first sentence of a file's body (after front matter and page furniture such as reading times), verbatim; null when there is none. */
export function openingSentence(text: string): string | null {
  const body = text.replace(FRONT_MATTER, '');
  const lines = body.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '' && !isFurniture(line));
  if (first === -1) return null;
  const rest = lines.slice(first).join('\n').slice(0, 600);
  const sentence = splitSentences(rest)[0];
  return sentence ? rest.slice(sentence.start, sentence.end) : null;
}

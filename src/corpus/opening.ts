import { isFurniture } from './furniture.ts';
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

/** True when a title is just its file's name (no front matter title, no heading): the file has no title of its own. */
export function titleIsFileName(source: { title: string; file: string }): boolean {
  const title = source.title.trim();
  const base = source.file.split('/').at(-1) ?? source.file;
  return title === '' || title === source.file || title === base || title === base.replace(/\.[^.]+$/u, '');
}

/** Characters a title made from a file's opening keeps: a title's length, so that it names no more than a title would. */
export const OPENING_TITLE_CHARS = 70;

/** The first words of a file's opening sentence, cut at a space within OPENING_TITLE_CHARS: the title of a file without one. */
export function openingTitle(opening: string): string {
  const words = opening.replace(/\s+/gu, ' ').trim();
  if (words.length <= OPENING_TITLE_CHARS) return words;
  const cut = words.lastIndexOf(' ', OPENING_TITLE_CHARS);
  return words.slice(0, cut > 0 ? cut : OPENING_TITLE_CHARS);
}

/**
 * The title a passage is matched on: its file's own title or, for a file without one, the first words
 * of the opening sentence of `firstChunkText` (the file's first passage), where a page says what it is
 * about; the same words a citation shows in place of the title.
 */
export function matchingTitle(chunk: { title: string; file: string }, firstChunkText: string): string {
  if (!titleIsFileName(chunk)) return chunk.title;
  const opening = openingSentence(firstChunkText);
  return opening === null ? chunk.title : openingTitle(opening);
}

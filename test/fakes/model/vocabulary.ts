// A SentencePiece-style Unigram vocabulary with made-up log-probabilities:
// special tokens at ids 0..3, then "▁", single characters (so no text is out of
// vocabulary), whole words with and without the ▁ word marker, optional
// random filler pieces up to the requested size, and <mask> last (as in XLM-R).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_ENGLISH_WORDS, COMMON_FRENCH_WORDS, COMMON_PIECES, wordsOf } from './common-words.ts';
import { seededRandom } from './random.ts';

export const WORD_MARKER = '▁';
export const SPECIAL_TOKENS = ['<s>', '<pad>', '</s>', '<unk>'] as const;
export const MASK_TOKEN = '<mask>';

export type VocabEntry = [piece: string, score: number];

const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../../corpus/', import.meta.url));

const NGRAM_PIECES = 1500;
const EXTRA_CHARACTERS = '’‘“”«»‹›–—…•€£¥©®°±×÷œŒŸšŠžŽčČřŘşŞğĞıİłŁőŐűŰ€™→←';

function latin1Characters(): string[] {
  const characters: string[] = [];
  for (let code = 0x21; code <= 0x7e; code++) characters.push(String.fromCodePoint(code));
  for (let code = 0xa1; code <= 0xff; code++) {
    if (code !== 0xad) characters.push(String.fromCodePoint(code)); // soft hyphen is invisible
  }
  return characters;
}

function isTokenizableCharacter(character: string): boolean {
  return !/[\s\p{Cc}]/u.test(character);
}

/** Word counts of the bundled corpus plus frequent English and French words. */
export function defaultWordCounts(corpusDir: string = DEFAULT_CORPUS_DIR): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (word: string, count: number): void => {
    counts.set(word, (counts.get(word) ?? 0) + count);
  };
  for (const file of readdirSync(corpusDir).sort()) {
    if (!file.endsWith('.txt') && !file.endsWith('.md')) continue;
    const text = readFileSync(join(corpusDir, file), 'utf8');
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) add(match[0], 1);
  }
  for (const word of [...wordsOf(COMMON_ENGLISH_WORDS), ...wordsOf(COMMON_FRENCH_WORDS)]) {
    add(word, 3);
    add(word[0]!.toUpperCase() + word.slice(1), 1);
  }
  return counts;
}

export function buildVocabulary(options: { words?: readonly string[]; size?: number; seed: number }): VocabEntry[] {
  const wordCounts = options.words
    ? new Map(options.words.map((word, index) => [word, options.words!.length - index] as const))
    : defaultWordCounts();

  const characters = new Set(latin1Characters());
  for (const character of EXTRA_CHARACTERS) characters.add(character);
  for (const word of wordCounts.keys()) for (const character of word) characters.add(character);
  characters.delete(WORD_MARKER);

  // Candidate pieces with pseudo-counts: "▁word" starts a word, "word" continues one (after ’, -, digits...).
  const pieceCounts = new Map<string, number>();
  const addPiece = (piece: string, count: number): void => {
    if (piece.length < 2 && !piece.startsWith(WORD_MARKER)) return; // single characters are added apart
    pieceCounts.set(piece, (pieceCounts.get(piece) ?? 0) + count);
  };
  for (const [word, count] of wordCounts) {
    if (!Array.from(word).every(isTokenizableCharacter)) continue;
    addPiece(WORD_MARKER + word, count);
    addPiece(word, count / 2);
  }
  if (!options.words) for (const piece of wordsOf(COMMON_PIECES)) addPiece(piece, 2);
  for (const [piece, count] of frequentFragments(wordCounts, NGRAM_PIECES)) addPiece(piece, count / 4);

  const total = [...pieceCounts.values()].reduce((sum, count) => sum + count, 0) + 1;
  const logProbability = (count: number): number => Math.log(count / total);
  const characterScore = logProbability(0.25);

  const required: VocabEntry[] = [[WORD_MARKER, -3]];
  for (const character of [...characters].filter(isTokenizableCharacter).sort()) required.push([character, characterScore]);
  const words: VocabEntry[] = [...pieceCounts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([piece, count]) => [piece, logProbability(count)]);

  const fixedCount = SPECIAL_TOKENS.length + required.length + 1; // + <mask>
  const size = options.size ?? fixedCount + words.length;
  if (size < fixedCount) {
    throw new Error(`vocabulary size ${size} is too small: specials and single characters alone need ${fixedCount}`);
  }
  const kept = words.slice(0, size - fixedCount);
  const filler = fillerPieces(size - fixedCount - kept.length, new Set([...required, ...kept].map(([piece]) => piece)), {
    seed: options.seed,
    topScore: characterScore - 1,
  });

  return [
    ...SPECIAL_TOKENS.map((token): VocabEntry => [token, 0]),
    ...required,
    ...kept,
    ...filler,
    [MASK_TOKEN, 0],
  ];
}

/**
 * The most frequent 2 to 4 character fragments of the words (word-initial ones with the ▁ marker),
 * so that words outside the vocabulary split into sub-word pieces rather than single characters.
 */
function frequentFragments(wordCounts: ReadonlyMap<string, number>, limit: number): [string, number][] {
  const counts = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    const characters = Array.from(word);
    if (characters.length < 3 || !characters.every(isTokenizableCharacter)) continue;
    for (let start = 0; start < characters.length; start++) {
      for (let length = 2; length <= 4 && start + length <= characters.length; length++) {
        if (length === characters.length) continue;
        const fragment = characters.slice(start, start + length).join('');
        const piece = start === 0 ? WORD_MARKER + fragment : fragment;
        counts.set(piece, (counts.get(piece) ?? 0) + count);
      }
    }
  }
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit);
}

/** Random letter strings standing in for the rest of a 250k multilingual vocabulary. */
function fillerPieces(count: number, taken: Set<string>, options: { seed: number; topScore: number }): VocabEntry[] {
  const random = seededRandom(options.seed, 'vocabulary filler');
  const letters = 'abcdefghijklmnopqrstuvwxyzéèàùâêîôûçëïüœ';
  const pieces: VocabEntry[] = [];
  while (pieces.length < count) {
    const length = 2 + Math.floor(random() * 7);
    let piece = random() < 0.5 ? WORD_MARKER : '';
    for (let i = 0; i < length; i++) piece += letters[Math.floor(random() * letters.length)];
    if (taken.has(piece)) continue;
    taken.add(piece);
    pieces.push([piece, options.topScore - (8 * pieces.length) / Math.max(count, 1)]);
  }
  return pieces;
}

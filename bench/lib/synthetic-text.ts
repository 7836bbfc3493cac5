import { seededRandom } from './random.ts';

/**
 * French-like passages: words drawn from a real French text's word stream (so word frequencies
 * follow the real ones), `wordsPerPassage` words each, reproducible from the seed.
 */
export function syntheticPassages(source: readonly string[], count: number, wordsPerPassage: number, seed: number): Generator<string> {
  const words = source.flatMap((text) => text.split(/\s+/u).filter((word) => word !== ''));
  if (words.length === 0) throw new Error('syntheticPassages needs some source text');
  const random = seededRandom(seed);
  return (function* generate() {
    for (let i = 0; i < count; i++) {
      const passage: string[] = [];
      for (let j = 0; j < wordsPerPassage; j++) passage.push(words[Math.floor(random() * words.length)] as string);
      yield passage.join(' ');
    }
  })();
}

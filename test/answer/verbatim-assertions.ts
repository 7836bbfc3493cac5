import assert from 'node:assert/strict';
import type { Passage } from '../../src/search/types.ts';
import { foldWhitespace } from '../../src/text/normalize.ts';

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * A passage is the text of its file at [source.start, source.end) (after whitespace folding, and
 * in fact exactly), its highlight a non-empty piece of it at [highlightStart, highlightEnd), and
 * its line the one where it starts.
 */
export function assertPassageVerbatim(passage: Passage, fileText: string, question: string): void {
  const { source } = passage;
  const label = `"${question}" → ${source.file} ¶${source.paragraph} [${source.start}, ${source.end})`;
  assert.ok(source.start >= 0 && source.end <= fileText.length && source.start < source.end, `${label}: range inside the file`);
  const cited = fileText.slice(source.start, source.end);
  assert.equal(foldWhitespace(passage.text), foldWhitespace(cited), `${label}: passage is the cited file text`);
  assert.equal(passage.text, cited, `${label}: passage is exactly the cited file text`);
  assert.ok(passage.highlight.length > 0, `${label}: a highlight is given`);
  assert.ok(passage.text.includes(passage.highlight), `${label}: highlight is a substring of the passage`);
  assert.equal(passage.text.slice(passage.highlightStart, passage.highlightEnd), passage.highlight, `${label}: highlight offsets`);
  assert.equal(source.line, lineAt(fileText, source.start), `${label}: line of the passage start`);
  assert.ok(source.paragraph >= 1, `${label}: paragraph number`);
  assert.ok(passage.score >= 0 && passage.score <= 1, `${label}: score in [0, 1]`);
}

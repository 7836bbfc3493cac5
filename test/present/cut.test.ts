import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitRanges, splitText, truncate } from '../../src/present/cut.ts';

describe('cutting text to a limit', () => {
  const text = 'First sentence here. Second sentence is a little longer. Third.';

  it('splitText: pieces within the limit, at sentence ends when near, nothing lost', () => {
    const pieces = splitText(text, 30);
    assert.deepEqual(pieces, ['First sentence here.', 'Second sentence is a little', 'longer. Third.']);
    assert.equal(pieces.join(' '), text);
  });

  it('splitRanges: a monotone predicate decides; whitespace between ranges is dropped', () => {
    const ranges = splitRanges(text, (from, to) => to - from <= 25);
    for (const [from, to] of ranges) assert.ok(to - from <= 25);
    assert.equal(ranges.map(([from, to]) => text.slice(from, to)).join(' '), text);
  });

  it('a word longer than the limit is cut inside, never inside a surrogate pair', () => {
    const emoji = '😀'.repeat(10);
    const pieces = splitText(emoji, 5);
    for (const piece of pieces) assert.doesNotMatch(piece, /^[\udc00-\udfff]|[\ud800-\udbff]$/u);
    assert.equal(pieces.join(''), emoji);
  });

  it('truncate: at a word, with an ellipsis, within the limit', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('one two three four', 12), 'one two…');
    assert.ok(truncate('one two three four', 12).length <= 12);
  });

  it('truncate with a measure: the limit applies to the text as the surface will show it', () => {
    const escaped = (piece: string) => piece.replace(/&/g, '&amp;').length;
    const cut = truncate('R&D R&D R&D R&D', 12, escaped);
    assert.ok(escaped(cut) <= 12, cut);
    assert.equal(cut, 'R&D…', 'two escaped words (16) would not fit');
  });
});

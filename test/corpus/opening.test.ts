import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openingSentence } from '../../src/corpus/opening.ts';
import { bundledCorpus } from '../helpers/citebot.ts';

describe('a file’s opening sentence (the stand-in for a missing title)', () => {
  it('the first sentence of the body, verbatim, after front matter and page furniture', () => {
    assert.equal(openingSentence('---\ntitle: x\n---\nFirst one. Second one.'), 'First one.');
    assert.equal(openingSentence('\n\nArticle de 978 mots ⏱️ 5 min de lecture\nLe vrai début. La suite.'), 'Le vrai début.');
    assert.equal(openingSentence('   \n'), null);
  });

  it('is verbatim text of the bundled corpus file', async () => {
    const text = await readFile(join(bundledCorpus, '003_bf6b79f1281f9256.txt'), 'utf8');
    const opening = openingSentence(text);
    assert.ok(opening && text.includes(opening), String(opening));
    assert.doesNotMatch(opening, /min de lecture/);
  });
});

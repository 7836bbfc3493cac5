import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breadcrumb, citationOf, citationText, derivedTitle, documentLabel, oneLine, titleIsFileName, webUrl } from '../../src/present/citation.ts';

const source = { file: 'reports/q3.md', title: 'Quarterly review', url: 'https://intranet.example/q3', date: '2025-10-01T00:00:00Z', paragraph: 3, line: 7 };

describe('citations', () => {
  it('titleIsFileName: the path, the base name, or the base name without extension', () => {
    for (const title of ['reports/q3.md', 'q3.md', 'q3', '  ']) assert.equal(titleIsFileName({ file: 'reports/q3.md', title }), true, title);
    assert.equal(titleIsFileName({ file: 'reports/q3.md', title: 'Quarterly review' }), false);
  });

  it('breadcrumb: the title then the headings, repeats dropped; the file in place of a title that is only the file name', () => {
    assert.deepEqual(breadcrumb({ ...source, headings: ['Quarterly review', 'Risks', ' Supply\nchain '] }), ['Quarterly review', 'Risks', 'Supply chain']);
    assert.deepEqual(breadcrumb({ file: 'a.txt', title: 'a.txt', headings: ['Section'] }), ['a.txt', 'Section']);
    assert.deepEqual(breadcrumb({ file: 'a.txt', title: 'a' }), []);
  });

  it('webUrl: http(s) links only', () => {
    assert.equal(webUrl('https://example.org/a b'), 'https://example.org/a%20b');
    assert.equal(webUrl('javascript:alert(1)'), null);
    assert.equal(webUrl('relative/path'), null);
    assert.equal(webUrl(null), null);
  });

  it('citationOf: the parts each surface marks up', () => {
    assert.deepEqual(citationOf({ ...source, headings: ['Risks'] }), {
      title: 'Quarterly review › Risks',
      file: 'reports/q3.md',
      url: 'https://intranet.example/q3',
      link: 'https://intranet.example/q3',
      date: '2025-10-01',
      paragraph: 3,
      line: 7,
      page: null,
    });
  });

  it('citationText: title (breadcrumb) — file, paragraph, line, date; the file alone when it has no title', () => {
    assert.equal(citationText(source, 'en'), 'Quarterly review — reports/q3.md, ¶ 3, line 7, 2025-10-01');
    assert.equal(citationText({ ...source, headings: ['Risks', 'Supply'] }, 'fr'), 'Quarterly review › Risks › Supply — reports/q3.md, ¶ 3, ligne 7, 2025-10-01');
    assert.equal(citationText({ file: '000_1cb8f8b5dc050c03.txt', title: '000_1cb8f8b5dc050c03.txt', paragraph: 1, line: 1 }, 'en'), '000_1cb8f8b5dc050c03.txt, ¶ 1, line 1');
  });

  it('documentLabel: a document named once', () => {
    assert.equal(documentLabel({ file: '000_1cb8f8b5dc050c03.txt', title: '000_1cb8f8b5dc050c03.txt' }, 'fr'), '000_1cb8f8b5dc050c03.txt');
    assert.equal(documentLabel({ file: 'notes/meeting.md', title: 'meeting' }, 'en'), 'notes/meeting.md');
    assert.equal(documentLabel({ file: 'forum.md', title: 'Forum OTAN-industrie', opening: 'Le forum a eu lieu.' }, 'fr'), 'Forum OTAN-industrie (forum.md)');
  });

  it('derivedTitle: a file without a title is shown by its opening words, quoted, so it cannot pass for a title', () => {
    const bare = { file: '000_1cb8f8b5dc050c03.txt', title: '000_1cb8f8b5dc050c03.txt', opening: 'Cette semaine s’est tenu à Bucarest le NATO Industry Forum ( hashtag#NIF2025 ), rassemblant 355 entreprises.' };
    assert.equal(derivedTitle(bare, 'fr'), '« Cette semaine s’est tenu à Bucarest le NATO Industry Forum (… »');
    assert.equal(derivedTitle(bare, 'en'), '“Cette semaine s’est tenu à Bucarest le NATO Industry Forum (…”');
    assert.equal(documentLabel(bare, 'fr'), '« Cette semaine s’est tenu à Bucarest le NATO Industry Forum (… » (000_1cb8f8b5dc050c03.txt)');
    assert.equal(derivedTitle({ ...bare, title: 'Forum' }, 'fr'), null, 'a real title needs no stand-in');
    assert.equal(derivedTitle({ ...bare, opening: null }, 'fr'), null);
  });

  it('oneLine folds whitespace', () => {
    assert.equal(oneLine('  a\n\tb  c '), 'a b c');
  });
});

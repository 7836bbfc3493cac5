// YAML front matter of Markdown files: title, url, date, author for citations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFrontMatter } from '../../src/corpus/front-matter.ts';

function withTimeZone<T>(zone: string, run: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

describe('readFrontMatter', () => {
  it('reads title, url, date and author, and where the body starts', () => {
    const text = '---\ntitle: "Le forum : bilan"\nurl: https://example.org/a\ndate: 2025-11-07\nauthor: Ingrid Vaileanu\n---\nLe texte.\n';
    assert.deepEqual(readFrontMatter(text), {
      title: 'Le forum : bilan',
      url: 'https://example.org/a',
      date: '2025-11-07',
      author: 'Ingrid Vaileanu',
      bodyStart: text.indexOf('Le texte.'),
      problem: null,
    });
  });

  it('accepts link or source for the url, and a full timestamp for the date', () => {
    assert.equal(readFrontMatter('---\nlink: https://example.org/b\n---\nx').url, 'https://example.org/b');
    assert.equal(readFrontMatter('---\nsource: https://example.org/c\n---\nx').url, 'https://example.org/c');
    assert.equal(readFrontMatter('---\ndate: 2025-11-07T08:30:00Z\n---\nx').date, '2025-11-07');
  });

  it('without front matter, or with "---" later in the file, finds none', () => {
    assert.deepEqual(readFrontMatter('Le texte.\n---\ntitle: x\n---\n'), { title: null, url: null, date: null, author: null, bodyStart: 0, problem: null });
  });

  it('skips malformed YAML without failing, saying why, and reads CRLF front matter', () => {
    const malformed = '---\ntitle: [unclosed\n---\nLe texte.\n';
    const { problem, ...read } = readFrontMatter(malformed);
    assert.deepEqual(read, { title: null, url: null, date: null, author: null, bodyStart: malformed.indexOf('Le texte.') });
    assert.match(problem ?? '', /\S/, 'the YAML error');
    assert.doesNotMatch(problem ?? '', /\n/, 'one line');
    const crlf = '---\r\ntitle: Titre\r\n---\r\nLe texte.\r\n';
    assert.equal(readFrontMatter(crlf).title, 'Titre');
    assert.equal(readFrontMatter(crlf).bodyStart, crlf.indexOf('Le texte.'));
  });

  it('keeps the calendar day of an ISO date in any time zone', () => {
    for (const zone of ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Tokyo']) {
      assert.equal(withTimeZone(zone, () => readFrontMatter('---\ndate: 2025-11-07\n---\nx').date), '2025-11-07', zone);
    }
  });

  it(
    'keeps the calendar day of a non-ISO date ("Nov 7, 2025") east of UTC',
    () => {
      for (const date of ['Nov 7, 2025', '7 November 2025', '2025/11/07']) {
        assert.equal(withTimeZone('Europe/Paris', () => readFrontMatter(`---\ndate: ${date}\n---\nx`).date), '2025-11-07', date);
      }
    },
  );
});

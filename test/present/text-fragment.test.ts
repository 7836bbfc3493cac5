// URL text fragments (https://wicg.github.io/scroll-to-text-fragment/): the spec's syntax and
// examples, the percent-encoding of "-", "," and "&", and the choice of words that make the quoted
// words the first match a browser finds in the page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { citationOf, citationText } from '../../src/present/citation.ts';
import { citationLink, encodeFragmentTerm, textDirective, withPage, withTextFragment } from '../../src/present/link.ts';
import { findTextFragment, textFragmentFor, type TextFragment } from '../../src/text/text-fragment.ts';

/** The spec's "parse a text directive", to read back what was built. */
function parseDirective(directive: string): TextFragment {
  assert.ok(directive.startsWith('text='));
  const tokens = directive.slice(5).split(',');
  const parsed: Partial<TextFragment> = {};
  if (tokens[0]!.endsWith('-')) parsed.prefix = decodeURIComponent(tokens.shift()!.slice(0, -1));
  if (tokens.at(-1)!.startsWith('-')) parsed.suffix = decodeURIComponent(tokens.pop()!.slice(1));
  assert.ok(tokens.length === 1 || tokens.length === 2, `1 or 2 tokens in ${directive}`);
  parsed.textStart = decodeURIComponent(tokens[0]!);
  if (tokens.length === 2) parsed.textEnd = decodeURIComponent(tokens[1]!);
  return parsed as TextFragment;
}

describe('text directives as the spec writes them', () => {
  it('the spec\'s examples: exact text, textStart,textEnd, and prefix-/-suffix context terms', () => {
    assert.equal(textDirective({ textStart: 'an example text fragment' }), 'text=an%20example%20text%20fragment');
    assert.equal(textDirective({ textStart: 'an example', textEnd: 'text fragment' }), 'text=an%20example,text%20fragment');
    assert.equal(textDirective({ prefix: 'this is', textStart: 'an example', suffix: 'text fragment' }), 'text=this%20is-,an%20example,-text%20fragment');
  });

  it('the spec\'s BiDi example: each term percent-encoded as UTF-8', () => {
    assert.equal(textDirective({ prefix: 'البحرين', textStart: 'مصر' }), 'text=%D8%A7%D9%84%D8%A8%D8%AD%D8%B1%D9%8A%D9%86-,%D9%85%D8%B5%D8%B1');
  });

  it('"-", "," and "&" in a term are percent-encoded, so they are never read as the syntax', () => {
    assert.equal(encodeFragmentTerm('two-factor, R&D'), 'two%2Dfactor%2C%20R%26D');
    const fragment = { prefix: 'set-up:', textStart: 'two-factor authentication, R&D', textEnd: 'end-to-end', suffix: 'a-b' };
    const directive = textDirective(fragment);
    assert.equal(directive.split(',').length, 4, 'only the directive\'s own commas separate terms');
    assert.ok(!/[&]/.test(directive) && !/[^,]-[^,]/.test(directive.replace(/-,|,-/g, '')), directive);
    assert.deepEqual(parseDirective(directive), fragment);
  });

  it('a url gets "#:~:text=", a url with a fragment gets ":~:text=" after it (the spec\'s https://example.org/#test:~:text=foo)', () => {
    assert.equal(withTextFragment('https://example.com', { textStart: 'foo' }), 'https://example.com#:~:text=foo');
    assert.equal(withTextFragment('https://example.org/#test', { textStart: 'foo' }), 'https://example.org/#test:~:text=foo');
    assert.equal(withTextFragment('https://example.org/#test:~:text=old', { textStart: 'foo' }), 'https://example.org/#test:~:text=foo');
  });

  it('a PDF opens at its page', () => {
    assert.equal(withPage('https://files.example.com/r.pdf', 12), 'https://files.example.com/r.pdf#page=12');
    assert.equal(withPage('https://files.example.com/r.pdf#page=3', 12), 'https://files.example.com/r.pdf#page=12');
  });
});

describe('which words select a quote', () => {
  const page = [
    'Remote work policy',
    '',
    'Employees may work remotely up to three days a week. The policy applies to all permanent staff.',
    '',
    '## Equipment',
    '',
    'The company provides a laptop. The policy applies to all permanent staff, including interns.',
    '',
    '- the invoice, in the employee\'s name;',
    '- the manager\'s approval in the HR portal.',
    '',
  ].join('\n');
  const span = (quote: string, from = 0) => {
    const start = page.indexOf(quote, from);
    assert.ok(start >= 0, quote);
    return { start, end: start + quote.length };
  };
  /** The fragment a browser would resolve back to exactly the quoted words. */
  const assertSelects = (quote: string, from = 0) => {
    const { start, end } = span(quote, from);
    const fragment = textFragmentFor(page, start, end);
    assert.ok(fragment, `a fragment for "${quote}"`);
    assert.deepEqual(findTextFragment(page, fragment), { start, end });
    return fragment;
  };

  it('a short quote, first of its kind in the page, is its own exact textStart', () => {
    assert.deepEqual(assertSelects('Employees may work remotely up to three days a week.'), { textStart: 'Employees may work remotely up to three days a week.' });
  });

  it('a long quote is selected by its first and last words (textStart,textEnd)', () => {
    const fragment = assertSelects('The company provides a laptop. The policy applies to all permanent staff, including interns.');
    assert.ok(fragment.textEnd, 'a range');
    assert.ok(fragment.textStart.split(' ').length <= 10 && fragment.textEnd.split(' ').length <= 10);
  });

  it('a quote whose words first appear earlier in the page gets a prefix, and the browser lands on it', () => {
    const second = page.indexOf('The policy applies', page.indexOf('Equipment'));
    const fragment = assertSelects('The policy applies to all permanent staff', second);
    assert.equal(fragment.prefix, 'laptop.');
  });

  it('a quote over several blocks (a list) runs from its first block\'s words to its last block\'s; list markers are not page text', () => {
    const fragment = assertSelects('the invoice, in the employee\'s name;\n- the manager\'s approval in the HR portal.');
    assert.ok(!fragment.textStart.includes('\n') && !fragment.textEnd!.includes('\n'));
    assert.ok(fragment.textStart.startsWith('the invoice'));
    assert.ok(fragment.textEnd!.endsWith('HR portal.'));
  });

  it('matching is case-insensitive and on word boundaries, as the spec\'s', () => {
    assert.deepEqual(findTextFragment('An example. an EXAMPLE text', { textStart: 'an example text' }), { start: 12, end: 27 });
    assert.equal(findTextFragment('jumped', { textStart: 'mped' }), null, 'no match inside a word');
    assert.equal(findTextFragment('jumped', { prefix: 'u', textStart: 'mped' }), null, 'a prefix starts on a word boundary');
  });

  it('no fragment when the quote is Markdown markup the page does not show as text', () => {
    const text = 'See **the policy** and [the form](https://x.example/f) today.';
    assert.equal(textFragmentFor(text, 0, text.length), null);
  });
});

describe('citation links', () => {
  const web = { file: 'remote-work.html', title: 'Remote work policy', url: 'https://intranet.example.com/remote', fragment: { textStart: 'Office chairs', textEnd: 'five years.' } };

  it('a web source links to the quoted words; without a fragment, to the plain url', () => {
    assert.equal(citationOf(web).link, 'https://intranet.example.com/remote#:~:text=Office%20chairs,five%20years.');
    assert.equal(citationOf(web).url, 'https://intranet.example.com/remote');
    assert.equal(citationOf({ ...web, fragment: undefined }).link, 'https://intranet.example.com/remote');
    assert.equal(citationOf({ ...web, url: null }).link, null);
    assert.equal(citationLink({ ...web, url: 'javascript:alert(1)' }), null);
  });

  it('a PDF links to its page and its citation reads "p. N"', () => {
    const pdf = { file: 'reports/safety.pdf', title: 'Annual safety report', url: 'https://files.example.com/safety.pdf', page: 2, paragraph: 4, line: 9 };
    assert.equal(citationOf(pdf).link, 'https://files.example.com/safety.pdf#page=2');
    assert.equal(citationText(pdf, 'en'), 'Annual safety report — reports/safety.pdf, p. 2, ¶ 4, line 9');
    assert.equal(citationOf({ ...pdf, page: undefined }).link, 'https://files.example.com/safety.pdf');
  });
});

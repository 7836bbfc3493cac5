// Index terms: accent folding, French and English stems, numbers with a decimal comma, stopwords.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asciiPunctuation, foldAccents, foldWhitespace } from '../../src/text/normalize.ts';
import { queryWords, termsOf, termsOfWord, tokenize } from '../../src/text/tokenize.ts';

describe('tokenize', () => {
  it('gives words and numbers with their offsets in the text', () => {
    const text = 'L’OTAN vise 3,5 % du PIB, avec 355 entreprises à Bucarest.';
    const tokens = tokenize(text);
    assert.deepEqual(
      tokens.map((token) => token.raw),
      ['L', 'OTAN', 'vise', '3,5', 'du', 'PIB', 'avec', '355', 'entreprises', 'à', 'Bucarest'],
    );
    for (const token of tokens) assert.equal(text.slice(token.start, token.start + token.raw.length), token.raw);
  });

  it('keeps a number whole: its decimal part ("3,5", "3.5") and its groups of thousands ("1 000")', () => {
    assert.deepEqual(tokenize('3,5 3.5 1 000 2 3').map((token) => token.raw), ['3,5', '3.5', '1 000', '2', '3']);
  });
});

describe('index terms', () => {
  it('fold accents and case', () => {
    assert.deepEqual(termsOfWord('Défense'), termsOfWord('defense'));
    assert.deepEqual(termsOfWord('DÉFENSE'), termsOfWord('défense'));
    assert.deepEqual(termsOfWord('Nicușor'), ['nicusor']);
    for (const term of termsOf('Sécurité énergétique à Genève')) assert.match(term, /^[a-z]+$/, `${term} is folded`);
  });

  it('are kept per word and language, each call still getting an array of its own', () => {
    const first = termsOfWord('munitions');
    first.push('changed by a caller');
    assert.deepEqual(termsOfWord('munitions'), ['munit', 'munition']);
    assert.deepEqual(termsOfWord('munitions', 'fr'), ['munit'], 'the language is part of the key');
    assert.deepEqual(termsOfWord('munitions', 'en'), ['munition']);
  });

  it('stem French and English inflections to shared terms', () => {
    const shared = (a: string, b: string) => termsOfWord(a).some((term) => termsOfWord(b).includes(term));
    for (const [a, b] of [
      ['entreprises', 'entreprise'],
      ['défenses', 'défense'],
      ['déclaré', 'déclarer'],
      ['munitions', 'munition'],
      ['drones', 'drone'],
      ['companies', 'company'],
      ['rearming', 'rearm'],
    ]) {
      assert.ok(shared(a!, b!), `"${a}" and "${b}" share an index term`);
    }
    assert.ok(!shared('défense', 'drone'), 'unrelated words do not');
  });

  it('write a number the same with a decimal comma or point, and keep exact numbers', () => {
    assert.deepEqual(termsOfWord('3,5'), ['3.5']);
    assert.deepEqual(termsOfWord('3.5'), ['3.5']);
    assert.deepEqual(termsOf('3,5 % du PIB'), ['3.5', 'pib']);
    assert.deepEqual(termsOfWord('355'), ['355']);
    assert.notDeepEqual(termsOfWord('355'), termsOfWord('35'));
  });

  it('reads a word through a soft hyphen or a zero-width character, and in its compatibility form', () => {
    assert.deepEqual(termsOf('en\u00ADtre\u00ADprises fo\u200Brum', 'fr'), termsOf('entreprises forum', 'fr'));
    assert.deepEqual(termsOf('ＮＡＴＯ ﬁnance ２０２５', 'en'), ['nato', 'financ', '2025']);
    assert.deepEqual(tokenize('en\u00ADtre\u00ADprises').map((token) => token.raw), ['en\u00ADtre\u00ADprises'], 'the word as written');
  });

  it('write a number the same with or without its groups of thousands, in French or English', () => {
    for (const written of ['87 000 personnes', '87\u00a0000 personnes', '87\u202f000 personnes', '87000 personnes', '87,000 people']) {
      assert.ok(termsOf(written).includes('87000'), `"${written}" has the term 87000`);
    }
    assert.deepEqual(termsOf('1 234 567,89 €'), ['1234567.89']);
    assert.deepEqual(termsOf('1,000,000'), ['1000000']);
    assert.deepEqual(termsOfWord('1,500'), ['1.500', '1500'], 'one separator before three digits is read both ways');
    assert.deepEqual(termsOf('en 2019 100 000 personnes').slice(0, 2), ['2019', '100000'], 'a year is not taken for a group of thousands');
    assert.deepEqual(termsOf('de 12 à 18 ans'), ['12', '18', 'an']);
  });

  it('keep acronyms and names searchable', () => {
    assert.deepEqual(termsOfWord('PURL'), ['purl']);
    assert.ok(termsOfWord('DIANA').includes('diana'));
    assert.ok(termsOf('Eastern Sentry').includes('sentry'));
  });

  it('give a camelCase identifier its own term and those of its words; a question looks it up whole', () => {
    assert.deepEqual(termsOfWord('maxConnections', 'en'), [termsOfWord('maxconnections', 'en')[0], 'max', ...termsOfWord('connections', 'en')]);
    assert.deepEqual(termsOf('getElementById', 'en'), ['getelementbyid', 'get', 'element', 'id']);
    for (const word of ['HNSWlib', 'APIs', 'OTAN', 'hnswlib']) assert.equal(termsOfWord(word, 'en').length, 1, `"${word}" is one word`);
    assert.deepEqual(queryWords('maxConnections').map((word) => word.terms), [termsOfWord('maxconnections')]);
  });

  it('drop French and English stopwords, question words and single letters', () => {
    for (const word of ['le', 'la', 'les', 'de', 'est', 'ont', 'dans', 'the', 'of', 'is', 'what', 'how', 'combien', 'Combien', 'a', 'd', 'l']) {
      assert.deepEqual(termsOfWord(word), [], `"${word}" is not an index term`);
    }
  });

  it('keep a word whose accents set it apart from a stopword ("né" is not "ne", "maïs" is not "mais")', () => {
    for (const word of ['né', 'maïs', 'sûr', 'dû']) assert.notDeepEqual(termsOfWord(word), [], `"${word}" is searched`);
    for (const word of ['ne', 'mais', 'sur', 'du', 'été', 'etait', 'être', 'etre', 'où', 'ou', 'là', 'dès']) assert.deepEqual(termsOfWord(word), [], `"${word}" is a stopword`);
    assert.deepEqual(queryWords('Où est né Victor Hugo ?').map((word) => word.word), ['né', 'Victor', 'Hugo']);
  });

  it('read a negative contraction as one word, and the parts of other contractions as stopwords', () => {
    assert.deepEqual(tokenize("don't won’t, l'homme").map((token) => token.raw), ["don't", 'won’t', 'l', 'homme']);
    assert.deepEqual(queryWords("Why doesn't my build work? I can’t, they're, we'll, we've").map((word) => word.word), ['build', 'work']);
    assert.deepEqual(queryWords("Jusqu'où va-t-il lorsqu'il pleut, puisqu'il part ?").map((word) => word.word), ['va', 'pleut', 'part']);
    assert.ok(termsOf('le don du sang').includes('don'), '"don" (a gift) is still a word');
  });

  it('reduce a question to its content words, each once', () => {
    assert.deepEqual(
      queryWords("Combien d'entreprises ont participé au forum ?").map((word) => word.word),
      ['entreprises', 'participé', 'forum'],
    );
    assert.deepEqual(
      queryWords('PURL, PURL et purl ?').map((word) => word.word),
      ['PURL'],
    );
    assert.deepEqual(queryWords('What is the?'), []);
  });
});

describe('normalize', () => {
  it('foldAccents strips diacritics and keeps everything else', () => {
    assert.equal(foldAccents('Défense, Nicușor, Œuvre, ça'), 'Defense, Nicusor, Œuvre, ca');
  });

  it('foldWhitespace collapses every kind of space, no-break ones included', () => {
    assert.equal(foldWhitespace('  3,5\u00a0%\u202f:\n\n\tfin \r\n'), '3,5 % : fin');
  });

  it('asciiPunctuation maps typographic apostrophes and quotes', () => {
    assert.equal(asciiPunctuation('l’OTAN « oui » “yes”'), 'l\'OTAN " oui " "yes"');
  });
});

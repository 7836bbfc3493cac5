// Questions meet a text in the other language through the English–French lexicon: by stem in both
// directions, phrases matched whole, names left as they are where the corpus spells them so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadedChunk } from '../../src/index/chunk-store.ts';
import { LexicalStore, type LexicalDocument } from '../../src/index/lexical-store.ts';
import { corpusLanguages } from '../../src/search/search.ts';
import { termsOfWord, termsOf } from '../../src/text/tokenize.ts';
import { foreignTranslationsOf, parseLexicon, phraseTranslationsOf, translatedQueryWords, translationsOf } from '../../src/text/translations.ts';

const french = (word: string) => termsOfWord(word, 'fr')[0]!;
const english = (word: string) => termsOfWord(word, 'en')[0]!;
const BOTH = ['fr', 'en'] as const;

describe('lexicon', () => {
  const lexicon = parseLexicon('# a comment line\nattack\tattaque, attaquer\nairspace\tespace aérien\nleave\tquitter, congé\n');

  it('translates any inflection of an English word into French terms', () => {
    const terms = translationsOf('attacked', ['en'], lexicon);
    assert.ok(terms.includes(french('attaque')), JSON.stringify(terms));
    assert.ok(terms.includes(french('attaquer')), JSON.stringify(terms));
  });

  it('translates a French word back into English terms', () => {
    assert.deepEqual(translationsOf('congés', ['fr'], lexicon), [english('leave')]);
    assert.deepEqual(translationsOf('attaques', ['fr'], lexicon), [english('attack')]);
  });

  it('keeps a phrase translation as a phrase: a word of it means something else alone', () => {
    assert.deepEqual(translationsOf('airspace', ['en'], lexicon), []);
    assert.deepEqual(phraseTranslationsOf('airspace', ['en'], lexicon), [[french('espace'), french('aérien')]]);
    assert.deepEqual(translationsOf('espace', ['fr'], lexicon), []);
  });

  it('takes a phrase of one content word as that word', () => {
    const reflexive = parseLexicon("behave\tse comporter\nexclaim\ts'exclamer\n");
    assert.deepEqual(translationsOf('behaved', ['en'], reflexive), [french('comporter')]);
    assert.deepEqual(translationsOf('exclaims', ['en'], reflexive), [french('exclamer')]);
  });

  it('translates a French phrase of the question word by word into its English word', () => {
    const words = translatedQueryWords('Comment changer le mot de passe ?', ['en']);
    for (const word of ['mot', 'passe']) assert.ok(words.find((found) => found.word === word)!.translations.includes(english('password')), word);
    assert.ok(!translatedQueryWords('Le train passe à midi', ['en']).some((word) => word.translations.includes(english('password'))));
  });

  it('translates only from the languages the question may be in, and never a number', () => {
    assert.deepEqual(translationsOf('attaque', ['en'], lexicon), []);
    assert.deepEqual(translationsOf('2025', ['en', 'fr'], lexicon), []);
  });

  it('tells the translations that are also words of the language translated from', () => {
    const withHomograph = parseLexicon('policy\tpolitique\nofficer\tofficier, policier\n');
    assert.ok(translationsOf('officer', ['en'], withHomograph).includes(french('policier')));
    assert.equal(french('policier'), english('policy'), 'the French stem of "policier" is the English stem of "policy"');
    assert.deepEqual(foreignTranslationsOf('officer', ['en'], withHomograph), [french('officier')]);
  });

  it('translates only into the corpus languages, and a question of undecided language on a one-language corpus not at all', () => {
    assert.ok(translatedQueryWords('la liste des fichiers', ['en']).some((word) => word.translations.length > 0), 'a French question on English text');
    assert.ok(translatedQueryWords('la liste des fichiers', ['fr']).every((word) => word.translations.length === 0), 'a French question on French text');
    assert.ok(translatedQueryWords('list directory contents', ['en']).every((word) => word.translations.length === 0), 'taken to be in the corpus language');
    assert.ok(translatedQueryWords('list directory contents', ['fr', 'en']).some((word) => word.translations.length > 0), 'either language in a mixed corpus');
  });

  it('gives a question word its translations besides its own terms (bundled lexicon)', () => {
    const words = translatedQueryWords('When could Russia attack NATO?');
    assert.ok(words.find((word) => word.word === 'NATO')!.translations.includes('otan'));
    assert.ok(words.find((word) => word.word === 'attack')!.translations.includes(french('attaquer')));
    assert.ok(translatedQueryWords('When could Russia attack NATO?', []).every((word) => word.translations.length === 0));
  });
});

describe('corpus languages', () => {
  const chunks = (languages: readonly ('fr' | 'en')[]) => ({ length: languages.length, at: (position: number) => ({ language: languages[position]! }) as LoadedChunk });

  it('counts a language with at least 1 % of the passages read', () => {
    assert.deepEqual(corpusLanguages(chunks([...Array<'en'>(300).fill('en'), 'fr'])), ['en']);
    assert.deepEqual(corpusLanguages(chunks([...Array<'en'>(300).fill('en'), ...Array<'fr'>(10).fill('fr')])).sort(), ['en', 'fr']);
    assert.deepEqual(corpusLanguages(chunks(['fr', 'en'])).sort(), ['en', 'fr']);
  });
});

describe('translated question words in the lexical index', () => {
  const passage = (page: string, plain: string, language: 'fr' | 'en'): LexicalDocument => ({ plain, context: '', page, language });
  const store = LexicalStore.build([
    passage('conges.md', 'Les salariés ont droit à 25 jours de congés payés par an.', 'fr'),
    passage('marque.md', 'La marque a déposé son logo.', 'fr'),
    passage('mark.md', 'Mark Rutte was in Bucharest.', 'en'),
    passage('summer.md', 'Most employees take their leave in August.', 'en'),
  ]);

  it('finds the French words of an English question', () => {
    const [days, leave] = store.weighQuestion('How many days of leave?', BOTH);
    assert.deepEqual(days!.translatedTerms, [french('jours')]);
    assert.deepEqual(leave!.translatedTerms, [french('congés')]);
    assert.deepEqual(store.weighQuestion('How many days of leave?', [])[0]!.terms, [], 'untranslated, the English words are unknown here');
  });

  it('leaves a name untranslated where the corpus spells it as the question does', () => {
    const [mark] = store.weighQuestion('Where was Mark?', BOTH).filter((word) => word.word === 'Mark');
    assert.deepEqual(mark!.translatedTerms, []);
    assert.ok(store.queryWordsOf('Where was Mark?', 1.5, { weight: 0.2, into: BOTH }).every((word) => !word.terms.includes(french('marque'))));
  });

  it('translates an acronym even where the corpus spells it as the question does', () => {
    const both = LexicalStore.build([passage('nato.md', 'NATO meets in Brussels.', 'en'), passage('otan.md', 'L’OTAN se réunit à Bruxelles.', 'fr')]);
    const [nato] = both.weighQuestion('Where does NATO meet?', BOTH).filter((word) => word.word === 'NATO');
    assert.deepEqual(nato!.translatedTerms, ['otan']);
  });

  it('finds a phrase translation only where the text holds all its words', () => {
    const airspace = LexicalStore.build([
      passage('espace.md', 'Des drones ont perturbé l’espace aérien de la Lituanie.', 'fr'),
      passage('budget.md', 'Le budget de l’espace européen de défense augmente.', 'fr'),
      passage('defense.md', 'Les systèmes anti-aériens de la Lituanie.', 'fr'),
    ]);
    const question = airspace.weighQuestion('Lithuania airspace', BOTH);
    const airspaceWord = question.find((word) => word.word === 'airspace')!;
    assert.deepEqual(airspaceWord.translatedPhrases, [[french('espace'), french('aérien')]]);
    const coverage = (text: string) => airspace.coverageOf([airspaceWord], new Set(termsOf(text, 'fr')));
    assert.ok(coverage('perturbé l’espace aérien') > 0);
    assert.equal(coverage('l’espace européen de défense'), 0);
    assert.equal(coverage('les systèmes anti-aériens'), 0);
    const ranked = airspace.rank(airspace.queryWordsOf('Which countries saw airspace violations?', 1.5, { weight: 0.2, into: BOTH }), 1.2, 0, 3);
    assert.equal(ranked[0]?.index, 0, JSON.stringify(ranked));
  });

  it('makes translations alternatives in full where the corpus has no text in the question\'s language', () => {
    const french_ = [passage('office.md', 'L’office du tourisme ouvre à 9 h.', 'fr'), passage('maire.md', 'La fonction de maire est élective.', 'fr')];
    const frenchOnly = LexicalStore.build(french_);
    const [office] = frenchOnly.queryWordsOf('Who holds the office?', 1.5, { weight: 0.2, into: ['fr'] }).filter((word) => word.terms.includes(french('fonction')));
    assert.equal(office!.weight, 1, 'the English word found in French text is a cognate: its translations count as much');
    assert.ok(office!.terms.includes(english('office')));
    const bilingual = LexicalStore.build([...french_, passage('en.md', 'The mayor holds office for six years.', 'en')]);
    const words = bilingual.queryWordsOf('Who holds the office?', 1.5, { weight: 0.2, into: BOTH }).filter((word) => word.terms.includes(french('fonction')));
    assert.deepEqual(words.map((word) => [word.weight, word.terms.includes(english('office'))]), [[0.2, false]], 'with English text to put first, a word of its own at 0.2');
  });

  it('matches a translation that is also a word of the question\'s language in a text of the other language only', () => {
    const mixed = LexicalStore.build([
      passage('en.md', 'Each member pays its share of the budget.', 'en'),
      passage('fr.md', 'La part du PIB consacrée à la défense augmente.', 'fr'),
      passage('en2.md', 'The part of the engine that failed.', 'en'),
    ]);
    const [share] = mixed.weighQuestion('What share of GDP?', BOTH).filter((word) => word.word === 'share');
    assert.ok(!share!.translatedTerms.includes(french('part')), 'the English "part" would match wrongly in English text');
    assert.ok(share!.otherLanguageTerms.includes(french('part')));
    assert.ok(mixed.coverageOf([share!], new Set(termsOf('La part du PIB', 'fr')), true) > 0, 'in French text');
    assert.equal(mixed.coverageOf([share!], new Set(termsOf('The part of the engine', 'en')), false), 0, 'in English text');
  });

  it('counts a word found through a translation below one found as itself', () => {
    const question = store.weighQuestion('congés payés days', BOTH);
    const translatedOnly = store.coverageOf(question, new Set(termsOf('congés payés jours', 'fr')));
    assert.ok(translatedOnly < 1 && translatedOnly > 0.5, String(translatedOnly));
  });

  it('weighs translations below the word itself where the corpus holds both, in full where it lacks the word', () => {
    const words = store.queryWordsOf('paid leave days', 1.5, { weight: 0.2, into: BOTH });
    const leave = words.filter((word) => word.terms.includes(english('leave')) || word.terms.includes(french('congés')));
    assert.deepEqual(leave.map((word) => [word.terms.includes(english('leave')), word.weight]), [[true, 1], [false, 0.2]]);
    const days = words.filter((word) => word.terms.includes(french('jours')));
    assert.deepEqual(days.map((word) => word.weight), [1], 'the corpus lacks "days": its translation is one of its alternatives');
    assert.deepEqual(store.queryWordsOf('paid leave days', 1.5).filter((word) => word.terms.includes(french('jours'))), [], 'no translation without a weight');
  });
});

// Quotations in « », “ ” and " " found in the bundled corpus, and who said them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findQuotations, withAnnouncedWords } from '../../src/answer/quotations.ts';
import { findSpeaker, lastPersonIn, leadingName, mainPersonIn, personsIn, speakerOfClause, speakerOfLeadIn } from '../../src/answer/speaker.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import { readCorpus } from '../../src/corpus/read-corpus.ts';
import type { Chunk, CorpusDocument } from '../../src/corpus/types.ts';
import { bundledCorpus, makeTestCitebot, type TestCitebot } from '../helpers/citebot.ts';

interface FoundInCorpus {
  chunk: Chunk;
  text: string;
  speaker: string | null;
}

describe('quotations and speakers in the bundled corpus', () => {
  const found: FoundInCorpus[] = [];

  before(async () => {
    const corpus = await readCorpus(bundledCorpus);
    const documents = new Map<string, CorpusDocument>(corpus.documents.map((document) => [document.file, document]));
    for (const document of corpus.documents) {
      for (const chunk of chunkDocument(document, { maxChars: 1000 })) {
        for (const quotation of findQuotations(chunk.text)) {
          const context = documents.get(chunk.file)!.text.slice(0, chunk.start);
          found.push({ chunk, text: quotation.text, speaker: findSpeaker(chunk.text, quotation, context) });
          assert.equal(chunk.text.slice(quotation.start, quotation.end), quotation.text, 'offsets point to the quoted words');
        }
      }
    }
  });

  function quotation(opening: string): FoundInCorpus {
    const matches = found.filter((entry) => entry.text.startsWith(opening));
    assert.equal(matches.length, 1, `one quotation opens with "${opening}"`);
    return matches[0]!;
  }

  it('finds « … » and “ … ” quotations without their marks, and skips short scare quotes', () => {
    assert.ok(found.length >= 40, `many quotations in the corpus, got ${found.length}`);
    for (const entry of found) {
      assert.ok(!/^[«“"\s]|[»”"\s]$/u.test(entry.text), `"${entry.text}" is given without its marks`);
      assert.ok(entry.text.split(/\s+/u).length >= 4);
    }
    assert.ok(!found.some((entry) => entry.text === 'legacy'), '« legacy » is too short to quote');
    assert.equal(quotation('Romania is invested in NATO').text, 'Romania is invested in NATO – and, let me be clear, NATO is invested in Romania');
  });

  const speakers: [string, RegExp][] = [
    ['La Roumanie est engagée envers l’OTAN', /Rutte/], // M. Rutte … Il a déclaré : « … »
    ['La défense ne peut être efficace', /^le secrétaire général$/i], // « … », a affirmé le secrétaire général
    ['Cette collaboration est essentielle', /chef de l’OTAN/], // « … », a précisé le chef de l’OTAN
    ['Cinq pour cent, c’est une somme importante', /^Mark Rutte$/], // « … , » a souligné Mark Rutte
    ['Les ennemis puissants doivent être surpassés', /^Franklin D\. Roosevelt$/], // citant la formule de Franklin D. Roosevelt en 1942 : « … »
    ['Nous sommes en bonne voie', /Rutte/], // « … », a-t-il déclaré (il: Rutte, named before)
    ['Romania is invested in NATO', /Secretary General/], // “…,” the Secretary General said
    ['L’Ukraine bénéficie de notre appui continu', /^Rutte$/], // tandis que Rutte déclarait : « … »
    ['Des temps dangereux exigent des mesures audacieuses', /^Mark Rutte$/], // « … , » a conclu Mark Rutte
  ];
  for (const [opening, speaker] of speakers) {
    it(`speaker of « ${opening} … »`, () => assert.match(quotation(opening).speaker ?? '(none)', speaker));
  }

  it(
    'speaker named by a lone surname: « … », a insisté Rutte (002 ¶3); Rutte … a évoqué un fait inédit : « … » (002 ¶6)',
    () => {
      assert.match(quotation('Nous avons besoin de qualité et de quantité').speaker ?? '(none)', /Rutte/);
      assert.match(quotation('La présence de soldats nord-coréens').speaker ?? '(none)', /Rutte/);
    },
  );

  it(
    'speaker named in a lead-in on the line before the quotation (004 ¶3 and ¶6: "Il a salué … longue :\\n« … »")',
    () => {
      assert.match(quotation('Nous ne pouvons pas relâcher l’effort').speaker ?? '(none)', /Rutte/);
      assert.match(quotation('Les États-Unis jouent un rôle essentiel').speaker ?? '(none)', /Rutte/);
    },
  );
});

describe('the quote command picks a quotable sentence', () => {
  let engine: TestCitebot;
  before(async () => {
    engine = await makeTestCitebot();
  });
  after(() => engine.close());

  async function quoteOf(topic: string) {
    const reply = await engine.citebot.run('quote', { text: topic });
    assert.equal(reply.kind, 'answer');
    assert.ok(reply.kind === 'answer' && reply.quote, `a quote for "${topic}"`);
    return reply.quote;
  }

  it('prefers a quotation on the topic, with its speaker', async () => {
    const quote = await quoteOf('munitions Russie');
    assert.equal(quote.isQuotation, true);
    assert.ok(quote.text.startsWith('Jusqu’à récemment, la Russie produisait plus de munitions'));
    assert.equal(quote.speaker, 'Mark Rutte');
  });

  it('falls back to the best sentence when no quotation is on the topic', async () => {
    const quote = await quoteOf("Combien d'entreprises ont participé au forum ?");
    assert.equal(quote.isQuotation, false);
    assert.equal(quote.speaker, null);
    assert.ok(quote.text.includes('355 entreprises'));
  });

  it('/quote Rutte quotes the lead-in with the list it announces, verbatim, and names the speaker', async () => {
    // Packed passages hold several of Rutte's quotations; whichever is chosen holds the words said.
    const quote = await quoteOf('Rutte ukraine adhésion');
    assert.ok(quote.text.startsWith('Sur l’adhésion de l’Ukraine à l’OTAN, Rutte a rappelé que :\n- le principe d’adhésion reste valide ;\n- mais'), quote.text);
    assert.ok(quote.text.endsWith('incertaine à court terme.'), quote.text);
    assert.equal(quote.speaker, 'Rutte');
    const file = await readFile(join(bundledCorpus, quote.source.file), 'utf8');
    assert.equal(file.slice(quote.start, quote.end), quote.text, 'verbatim, at its offsets');
  });

  it(
    'quotes a sentence, not a heading or a bullet mark ("PURL", "Eastern Sentry")',
    async () => {
      const purl = await quoteOf('Qu’est-ce que le mécanisme PURL ?');
      assert.match(purl.text, /[.!?…»]$/u, `"${purl.text}" is a sentence`);
      const sentry = await quoteOf('Eastern Sentry');
      assert.ok(!sentry.text.startsWith('- '), `"${sentry.text}" has no bullet mark`);
    },
  );
});

describe('the words a lead-in announces', () => {
  const text = 'Intro.\nRutte a rappelé que :\n- un ;\n- deux.\nSuite du texte.';
  const leadIn = { start: text.indexOf('Rutte'), end: text.indexOf(':') + 1 };

  it('a lead-in ending with ":" takes the list under it, and stops at the first line that is not an item', () => {
    const span = withAnnouncedWords(text, leadIn);
    assert.equal(text.slice(span.start, span.end), 'Rutte a rappelé que :\n- un ;\n- deux.');
  });

  it('a lead-in that already holds the first item still takes the rest of the list', () => {
    const span = withAnnouncedWords(text, { start: leadIn.start, end: text.indexOf('- un ;') + '- un ;'.length });
    assert.equal(text.slice(span.start, span.end), 'Rutte a rappelé que :\n- un ;\n- deux.');
  });

  it('a lead-in takes the quotation that opens the next line, whole, even over several lines', () => {
    const quoted = 'Il a averti :\n« Nous devons avancer.\nEnsemble. »\nAprès.';
    const span = withAnnouncedWords(quoted, { start: 0, end: quoted.indexOf(':') + 1 });
    assert.equal(quoted.slice(span.start, span.end), 'Il a averti :\n« Nous devons avancer.\nEnsemble. »');
  });

  it('any other sentence is left as it is', () => {
    const plain = 'Une phrase complète.\n- un point';
    assert.deepEqual(withAnnouncedWords(plain, { start: 0, end: 20 }), { start: 0, end: 20 });
    const sameLine = 'Il a dit : la suite.\n- un point';
    assert.deepEqual(withAnnouncedWords(sameLine, { start: 0, end: 10 }), { start: 0, end: 10 });
  });
});

describe('speaker finding, function by function', () => {
  it('personsIn: names after a title, and runs of two or three capitalised words, not sentence openers', () => {
    assert.deepEqual(personsIn('Hier, le président Nicușor Dan a reçu M. Rutte puis Mark Rutte.'), ['Nicușor Dan', 'Rutte', 'Mark Rutte']);
    assert.deepEqual(personsIn('Le Secrétaire est venu.'), []);
  });

  it('lastPersonIn: the name right before a speech verb wins', () => {
    assert.equal(lastPersonIn('Mark Rutte a déclaré'), 'Mark Rutte');
    assert.equal(lastPersonIn('rien ici'), null);
  });

  it('mainPersonIn: the person named most often, counting a lone surname', () => {
    assert.equal(mainPersonIn('Mark Rutte est venu. Rutte a parlé. Nicușor Dan a écouté.'), 'Mark Rutte');
  });

  it('leadingName: the name an attribution clause opens with', () => {
    assert.equal(leadingName(' Mark Rutte.'), 'Mark Rutte');
    assert.equal(leadingName(' Le secrétaire'), null);
  });

  it('speakerOfClause: a named person, "il" resolved from before, or a role', () => {
    assert.equal(speakerOfClause('a conclu Mark Rutte', ''), 'Mark Rutte');
    assert.equal(speakerOfClause('a-t-il déclaré', 'Mark Rutte est arrivé. '), 'Mark Rutte');
    assert.match(speakerOfClause('a précisé le chef de l’Alliance', '') ?? '', /^le chef de l’Alliance$/);
    assert.match(speakerOfClause('said the Secretary General', '') ?? '', /Secretary General/);
  });

  it('speakerOfLeadIn: only a lead-in with a speech verb names a speaker', () => {
    assert.equal(speakerOfLeadIn('Sur l’adhésion de l’Ukraine à l’OTAN, Rutte a rappelé que :'), 'Rutte');
    assert.equal(speakerOfLeadIn('Les points suivants :'), null);
  });
});

// A file without a title of its own (no front matter title, no heading) is matched on its opening
// sentence, where a web page says what it is about: by the lexical index and by the answer decision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import { OPENING_TITLE_CHARS, openingTitle } from '../../src/corpus/opening.ts';
import { toDocument } from '../../src/corpus/read-corpus.ts';
import { ArrayChunkStore } from '../../src/index/chunk-store.ts';
import { lexicalDocumentsOf } from '../../src/index/lexical-documents.ts';
import { LexicalStore } from '../../src/index/lexical-store.ts';
import type { StoredChunk } from '../../src/index/stored-chunk.ts';
import { ChunkTerms } from '../../src/search/chunk-terms.ts';
import { rankLexically, type LexicalRankingSettings } from '../../src/search/lexical-ranking.ts';
import { termsOf } from '../../src/text/tokenize.ts';

const SETTINGS: LexicalRankingSettings = { k1: 1.2, identifierWeight: 1.5, pageWeight: 0, conflationWeight: 0, conflationDepth: 100, proximityWeight: 0, proximityDepth: 50, pageDiversity: 0, diversePlaces: 3, feedbackTerms: 0, feedbackDepth: 3, feedbackWeight: 0.3 };

function storedChunksOf(file: string, text: string): StoredChunk[] {
  const document = toDocument({ file, bytes: Buffer.from(text) });
  assert.ok(!('reason' in document), 'the test text is a readable document');
  return chunkDocument(document, { maxChars: 300 }).map((chunk) => ({ ...chunk, embedKey: null }));
}

const FILLER = Array.from({ length: 6 }, (_, line) => `Ligne ${line + 1} sur les pièces à fournir et les démarches en ligne, sans autre précision utile.`);

// Two pages without titles, one line per paragraph; their last lines say the same thing.
const HOTEL = ["L'hôtelier doit remettre une facture à son client.", ...FILLER, 'Le délai de réclamation est de 2 mois.'].join('\n');
const GARAGE = ['Le garagiste doit remettre un devis avant les réparations.', ...FILLER, 'Le délai de réclamation est de 2 mois.'].join('\n');
const TITLED = ['---', 'title: Facture hôtelière', '---', 'Le délai de réclamation est de 2 mois.'].join('\n');

describe('a file without a title, matched on its opening sentence', () => {
  // The garage page first: on a tie, the earlier passage ranks first.
  const chunks = [...storedChunksOf('garage.txt', GARAGE), ...storedChunksOf('hotel.txt', HOTEL), ...storedChunksOf('titled.md', TITLED)];
  const documents = lexicalDocumentsOf(chunks);
  const lastOf = (file: string) => chunks.map((chunk) => chunk.file).lastIndexOf(file);

  it('gives every passage of a file without a title its opening sentence as the title it is matched on', () => {
    const hotel = documents.filter((document) => document.page === 'hotel.txt');
    assert.ok(hotel.length > 1, 'the page makes several passages');
    for (const document of hotel) assert.match(document.context, /^L'hôtelier doit remettre une facture à son client\./);
    assert.match(documents.find((document) => document.page === 'titled.md')!.context, /^Facture hôtelière/);
  });

  it('keeps a title\'s length of a long opening sentence, cut at a space', () => {
    const opening = "Le Secrétaire général de l'OTAN, Mark Rutte, a annoncé que l'alliance a désormais dépassé la Russie en production de munitions.";
    const title = openingTitle(opening);
    assert.ok(title.length <= OPENING_TITLE_CHARS && opening.startsWith(title), title);
    assert.equal(title, "Le Secrétaire général de l'OTAN, Mark Rutte, a annoncé que l'alliance");
    const [long] = lexicalDocumentsOf(storedChunksOf('long.txt', `${opening}\nLa suite.`));
    assert.ok(long!.context.startsWith(title) && !long!.context.includes('munitions'));
  });

  it('never puts the opening sentence into another passage\'s text', () => {
    for (const chunk of chunks.filter((chunk) => chunk.file === 'hotel.txt').slice(1)) assert.doesNotMatch(chunk.text, /L'hôtelier/);
  });

  it('ranks the line of the page whose opening names the topic above the same line of another page', () => {
    const store = LexicalStore.build(documents.filter((document) => document.page !== 'titled.md'));
    const words = store.queryWordsOf('Facture : quel délai de réclamation ?', SETTINGS.identifierWeight);
    const ranked = rankLexically(store, words, SETTINGS, 3, (index) => termsOf(chunks[index]!.plain, 'fr'));
    assert.deepEqual(ranked.slice(0, 2).map((hit) => hit.index), [lastOf('hotel.txt'), lastOf('garage.txt')]);
  });

  it('counts the opening sentence among a later passage\'s words for the answer decision', () => {
    const terms = new ChunkTerms(new ArrayChunkStore(chunks));
    const lastHotel = lastOf('hotel.txt');
    assert.ok(terms.withContext(lastHotel).has(termsOf('facture', 'fr')[0]!), 'the opening word "facture" counts for the last line');
    assert.ok(!terms.withContext(lastOf('garage.txt')).has(termsOf('facture', 'fr')[0]!));
  });
});

// Chunks that carry their context: heading paths over runs of short lines, lists with their lead-in,
// blank-line prose left alone, and a page title used for matching but never quoted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import { toDocument } from '../../src/corpus/read-corpus.ts';
import type { Chunk, CorpusDocument } from '../../src/corpus/types.ts';

function documentOf(file: string, text: string): CorpusDocument {
  const document = toDocument({ file, bytes: Buffer.from(text) });
  assert.ok(!('reason' in document), 'the test text is a readable document');
  return document;
}

function chunksOf(text: string, file = 'page.txt'): Chunk[] {
  const document = documentOf(file, text);
  const chunks = chunkDocument(document, { maxChars: 1000 });
  for (const chunk of chunks) assert.equal(chunk.text, document.text.slice(chunk.start, chunk.end), 'chunk text is verbatim');
  return chunks;
}

// Web text as people keep it: one line per paragraph, heading or list item, no blank lines.
const WEB_PAGE = [
  "À partir d'un certain montant facturé au client (25 € TTC), l'hôtelier a l'obligation de lui remettre une facture.",
  'Obligation de délivrer une facture',
  "L'hôtelier est obligé de remettre une facture à son client :",
  'dès que le montant de la prestation atteint 25 € (TVA incluse),',
  'ou si le client le lui demande.',
  'Contenu de la facture',
  'La facture doit comporter les informations suivantes :',
  "Coordonnées de l'hôtel",
  'Date de rédaction de la facture',
  'Date et lieu de la prestation',
  'Somme totale à payer hors taxes (HT) et toutes taxes comprises (TTC)',
  'Qui est concerné ?',
  'Tous les hôtels, quelle que soit leur catégorie, sont concernés par cette obligation de facturation envers leurs clients de passage.',
].join('\n');

describe('chunks with their context', () => {
  it('packs a run of short lines under one heading into one passage and records the heading', () => {
    const chunks = chunksOf(WEB_PAGE);
    assert.ok(chunks.length < WEB_PAGE.split('\n').length / 2, `${chunks.length} passages for 13 lines`);
    const contents = chunks.find((chunk) => chunk.text.includes("Coordonnées de l'hôtel"))!;
    assert.ok(contents.text.includes('Date et lieu de la prestation'), 'the list items stay together');
    const section = chunks.find((chunk) => chunk.text.startsWith('Contenu de la facture\n'));
    assert.ok(section, 'the heading opens the passage of its section');
    const concerned = chunks.find((chunk) => chunk.text.includes('Tous les hôtels'))!;
    assert.ok(concerned.text.startsWith('Qui est concerné ?') || concerned.headings.includes('Qui est concerné ?'), JSON.stringify(concerned));
  });

  it('keeps a list with its lead-in line', () => {
    const chunks = chunksOf(WEB_PAGE);
    const leadIn = chunks.find((chunk) => chunk.text.includes('La facture doit comporter les informations suivantes :'))!;
    assert.ok(leadIn.text.includes('Somme totale à payer hors taxes'), leadIn.text);
    const bulleted = chunksOf('Les pièces à fournir sont les suivantes :\n- une pièce d’identité\n- un justificatif de domicile\n- un relevé d’identité bancaire\n');
    assert.equal(bulleted.length, 1);
    assert.ok(bulleted[0]!.text.startsWith('Les pièces à fournir') && bulleted[0]!.text.includes('relevé d’identité bancaire'));
  });

  it('takes a short question line as the heading of what follows', () => {
    const chunks = chunksOf(WEB_PAGE);
    const concerned = chunks.find((chunk) => chunk.text.includes('Tous les hôtels'))!;
    assert.ok(concerned.headings.includes('Qui est concerné ?') || concerned.text.includes('Qui est concerné ?'), JSON.stringify(concerned));
  });

  it('gives Markdown sections the heading path above them, outermost first, without the title', () => {
    const chunks = chunksOf(
      '# Guide du télétravail\n\n## Équipement\n\nLe salarié reçoit un ordinateur portable et un écran.\n\n### Remboursement\n\nLes frais de connexion sont remboursés chaque mois sur justificatif.\n\n## Horaires\n\nLes plages fixes vont de 10 h à 16 h.\n',
      'guide.md',
    );
    const refund = chunks.find((chunk) => chunk.text.includes('frais de connexion'))!;
    assert.ok(refund.text.startsWith('### Remboursement'), 'its own heading is in its text');
    assert.deepEqual(refund.headings, ['Équipement'], 'the headings above it are its context');
    const hours = chunks.find((chunk) => chunk.text.includes('plages fixes'))!;
    assert.deepEqual(hours.headings, [], 'a new section at the same level replaces the one before');
    assert.equal(refund.title, 'Guide du télétravail');
  });

  it('leaves prose paragraphs separated by blank lines as they are', () => {
    const paragraphs = [
      'Le premier paragraphe raconte la fondation de la ville par des marchands venus du nord au douzième siècle, et la construction du port.',
      'Le second paragraphe décrit le développement industriel de la ville au dix-neuvième siècle, avec ses filatures et ses chantiers navals.',
      'Le troisième paragraphe présente la ville aujourd’hui : son université, ses musées et le tourisme qui fait vivre le centre historique.',
    ];
    const chunks = chunksOf(`---\ntitle: "Histoire de la ville"\n---\n${paragraphs.join('\n\n')}\n`, 'ville.md');
    assert.deepEqual(chunks.map((chunk) => chunk.text), paragraphs);
  });

  it('never puts the page title into a passage (it is matched on, not quoted)', () => {
    const text = '---\ntitle: "Assurance véhicule : comment se déroule l\'expertise ?"\n---\nL\'expert examine le véhicule et chiffre les réparations.\nSon rapport est envoyé à l\'assureur sous quinze jours.\n';
    const chunks = chunksOf(text, 'expertise.md');
    for (const chunk of chunks) {
      assert.ok(!chunk.text.includes('Assurance véhicule'), chunk.text);
      assert.equal(chunk.title, "Assurance véhicule : comment se déroule l'expertise ?");
    }
  });

  it('records the language each document is stemmed in', () => {
    assert.equal(chunksOf('Les salariés ont droit à des congés payés chaque année.\n')[0]!.language, 'fr');
    assert.equal(chunksOf('Employees are entitled to paid leave every year, and the company pays it.\n')[0]!.language, 'en');
  });
});

// The chunker on the shapes of the bundled corpus (corpus/README of the shared corpus) and on
// synthetic edge cases: every chunk is a verbatim slice of its file, with its line and paragraph.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import type { Chunk } from '../../src/corpus/types.ts';
import { bundledFile, bundledFiles, bundledText, documentOf, lineAt } from './helpers.ts';

const MAX_CHARS = 1000;

function chunksOf(file: string, text: string, maxChars = MAX_CHARS): Chunk[] {
  return chunkDocument(documentOf(file, text), { maxChars });
}

/** Reader paragraphs: the range from the first to the last chunk of each paragraph number. */
function paragraphRanges(chunks: Chunk[]): Map<number, { start: number; end: number }> {
  const ranges = new Map<number, { start: number; end: number }>();
  for (const chunk of chunks) {
    const range = ranges.get(chunk.paragraph);
    if (range) range.end = Math.max(range.end, chunk.end);
    else ranges.set(chunk.paragraph, { start: chunk.start, end: chunk.end });
  }
  return ranges;
}

function chunkContaining(chunks: Chunk[], needle: string): Chunk {
  const found = chunks.filter((chunk) => chunk.text.includes(needle));
  assert.equal(found.length, 1, `exactly one chunk holds ${JSON.stringify(needle)}, got ${found.length}`);
  return found[0]!;
}

/** Blank-line-separated blocks of a file, trimmed, empty ones dropped. */
function blankLineBlocks(text: string): string[] {
  return text
    .split(/\n[ \t\r]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '');
}

describe('chunker: invariants on every bundled file', () => {
  assert.equal(bundledFiles.length, 5, 'the five bundled corpus files are in corpus/');
  for (const file of bundledFiles) {
    it(`${file}: verbatim ranges, lines, paragraph numbers in file order`, () => {
      const text = bundledText(file);
      const chunks = chunksOf(file, text);
      assert.ok(chunks.length >= 5, `${file} gives several chunks`);
      let previousEnd = -1;
      let previousParagraph = 0;
      for (const chunk of chunks) {
        assert.equal(chunk.file, file);
        assert.equal(chunk.text, text.slice(chunk.start, chunk.end), `${chunk.id} is the file's text at its range`);
        assert.equal(chunk.line, lineAt(text, chunk.start), `${chunk.id} starts on the line it records`);
        assert.equal(chunk.text, chunk.text.trim(), `${chunk.id} neither starts nor ends with whitespace`);
        assert.ok(chunk.start >= previousEnd, `${chunk.id} does not overlap the previous chunk`);
        // A passage packed from several reader paragraphs is numbered by its first, so numbers may skip.
        assert.ok(chunk.paragraph >= previousParagraph, `${chunk.id}: paragraph numbers follow file order (after ${previousParagraph})`);
        assert.ok(chunk.plain.length > 0 && !/\s{2}/.test(chunk.plain), `${chunk.id} has plain text with folded whitespace`);
        previousEnd = chunk.end;
        previousParagraph = chunk.paragraph;
      }
      assert.equal(chunks[0]!.paragraph, 1);
      assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, chunks.length, 'chunk ids are unique');
    });
  }
});

describe('chunker: blank-line paragraphs (000, 002, 003)', () => {
  for (const prefix of ['000', '002']) {
    it(`${prefix}: one reader paragraph per blank-line block`, () => {
      const file = bundledFile(prefix);
      const text = bundledText(file);
      const ranges = [...paragraphRanges(chunksOf(file, text)).values()];
      assert.deepEqual(
        ranges.map((range) => text.slice(range.start, range.end)),
        blankLineBlocks(text),
      );
    });
  }

  it('003: the reading-time line stays in the file but in no chunk; every other block is a paragraph', () => {
    const file = bundledFile('003');
    const text = bundledText(file);
    const readingTime = 'Article de 978 mots ⏱️ 5 min de lecture';
    assert.ok(text.startsWith(readingTime), 'the file still opens with its reading-time line');
    const chunks = chunksOf(file, text);
    for (const chunk of chunks) {
      assert.ok(!chunk.text.includes('min de lecture'), `${chunk.id} leaves the reading-time line out`);
      assert.ok(!chunk.plain.includes('min de lecture'));
    }
    const first = chunks[0]!;
    assert.equal(first.paragraph, 1, 'the furniture line is not counted as a paragraph');
    assert.equal(first.line, 3);
    assert.ok(first.text.startsWith('Le Secrétaire général de l’OTAN, Mark Rutte, a annoncé'));
    const ranges = [...paragraphRanges(chunks).values()];
    assert.deepEqual(
      ranges.map((range) => text.slice(range.start, range.end)),
      blankLineBlocks(text).slice(1),
    );
  });

  it('000: its paragraph longer than maxChars is cut into parts that end on sentence ends', () => {
    const file = bundledFile('000');
    const text = bundledText(file);
    const chunks = chunksOf(file, text);
    const split = chunks.filter((chunk) => chunk.part > 0);
    assert.ok(split.length >= 2, 'the 1064-character paragraph is split at maxChars 1000');
    assert.equal(new Set(split.map((chunk) => chunk.paragraph)).size, 1, 'parts share one paragraph number');
    assert.deepEqual(split.map((chunk) => chunk.part), split.map((_, index) => index + 1));
    for (const part of split) {
      assert.ok(part.end - part.start <= MAX_CHARS);
      assert.match(part.text, /[.!?»]$/u, `${part.id} ends on a sentence end`);
      assert.equal(part.id, `${file}#${part.paragraph}.${part.part}`);
    }
  });
});

describe('chunker: one-line paragraphs, headings, bullet lists, furniture (001, 004)', () => {
  const file004 = bundledFile('004');
  const text004 = bundledText(file004);
  const chunks004 = chunksOf(file004, text004);

  it('004: a short heading joins the paragraph it heads', () => {
    const chunk = chunkContaining(chunks004, 'PURL : un mécanisme vital pour l’armée ukrainienne');
    assert.ok(chunk.text.startsWith('PURL : un mécanisme vital pour l’armée ukrainienne\n'), 'the heading opens its chunk');
    assert.ok(chunk.text.includes('Le Secrétaire général s’est montré prudemment optimiste sur la progression du mécanisme PURL'));
    assert.ok(chunk.text.includes('d’acheter du matériel américain pour l’Ukraine.\nObjectif : un milliard de dollars par mois.'), 'a one-line paragraph too short to stand alone stays with the paragraph above it');
    assert.equal(chunk.line, lineAt(text004, text004.indexOf('PURL : un mécanisme')));
    for (const heading of [
      'Un effort de défense qui doit encore monter en puissance',
      'Menaces hybrides : drones, ballons, cyberattaques',
      'En route vers le sommet d’Ankara',
    ]) {
      const headed = chunkContaining(chunks004, heading);
      assert.ok(headed.text.startsWith(`${heading}\n`), `"${heading}" opens the chunk of the paragraph it heads`);
    }
    for (const chunk of chunks004) {
      assert.match(chunk.text, /[.!?»:;]\s*$|[.!?»]$/u, `${chunk.id} is not a heading left alone`);
    }
  });

  it('004: a bullet list stays with its lead-in line', () => {
    const chunk = chunkContaining(chunks004, 'Sur l’adhésion de l’Ukraine à l’OTAN, Rutte a rappelé que :');
    assert.ok(
      chunk.text.includes(
        'Sur l’adhésion de l’Ukraine à l’OTAN, Rutte a rappelé que :\n' +
          '- le principe d’adhésion reste valide ;\n' +
          '- mais l’absence de consensus au sein de l’Alliance rend cette perspective incertaine à court terme.',
      ),
      chunk.text,
    );
    const hybrid = chunkContaining(chunks004, 'Rutte a présenté ces actions comme une “nouvelle normalité” :');
    assert.ok(hybrid.text.includes('- L’OTAN renforce la défense anti-drones dans le cadre d’Eastern Sentry.'));
    assert.ok(hybrid.text.endsWith('- Les enseignements du front ukrainien alimentent directement les programmes de modernisation.'));
    assert.ok(!hybrid.plain.includes('- '), 'bullet marks are not embedded');
  });

  it('004: the one-line paragraphs of a section are packed into one passage; the broken image link stays out of every chunk', () => {
    assert.ok(text004.includes('%20(1).png)'), 'the broken image link is still in the file');
    for (const chunk of chunks004) assert.ok(!chunk.text.includes('.png'), `${chunk.id} leaves the image link out`);
    const quotation = chunkContaining(chunks004, '« Nous sommes en bonne voie');
    assert.ok(quotation.text.startsWith('PURL : un mécanisme vital pour l’armée ukrainienne\n'), 'packed with the rest of its section');
    assert.ok(quotation.text.endsWith('« Nous sommes en bonne voie, mais il nous reste un dernier effort à fournir pour décembre », a-t-il déclaré.'));
    for (const chunk of chunks004) assert.ok(chunk.text.length <= MAX_CHARS, `${chunk.id} stays within maxChars`);
    const last = chunks004.at(-1)!;
    assert.ok(last.text.endsWith('La question est maintenant de savoir si la Russie suivra. »'));
    assert.equal(chunks004[0]!.line, 2, 'the leading empty line is counted in line numbers');
  });

  it('001: the hashtag-only line stays out of every chunk; list lead-ins keep their bullets', () => {
    const file = bundledFile('001');
    const text = bundledText(file);
    const chunks = chunksOf(file, text);
    const hashtagLine = text.split('\n').find((line) => line.startsWith('hashtag#NIF2025 hashtag#NATO'));
    assert.ok(hashtagLine, 'the hashtag-only line is in the file');
    for (const chunk of chunks) assert.ok(!chunk.text.includes(hashtagLine), `${chunk.id} leaves the hashtag line out`);
    const forum = chunkContaining(chunks, 'rassemblant 355 entreprises');
    assert.ok(!forum.plain.includes('hashtag#'), 'social-media residue is cleaned from the embedded text');
    const ambition = chunkContaining(chunks, 'Au hashtag#NIF2025, on a réuni les acteurs de cette double ambition :');
    assert.ok(ambition.text.includes('- entreprises « legacy » de la Base Industrielle existante,'));
    assert.ok(ambition.text.includes('- nouveaux entrants « new kids in town »'));
    assert.ok(chunkContaining(chunks, 'SACEUR a produit les plans.').text.includes('L’effort de réarmement est structuré'), 'a very short line stays with the paragraph above it');
  });
});

describe('chunker: paragraphs longer than maxChars', () => {
  const sentences = Array.from(
    { length: 24 },
    (_, index) => `Phrase ${index + 1} : M. Rutte a parlé de la défense, de l’industrie et des munitions pendant la réunion.`,
  );
  const paragraph = sentences.join(' ');
  const text = `Un premier paragraphe court.\n\n${paragraph}\n\nUn dernier paragraphe court.\n`;
  const maxChars = 400;
  const chunks = chunksOf('long.txt', text, maxChars);
  const pieces = chunks.filter((chunk) => chunk.paragraph === 2);
  const paragraphStart = text.indexOf(paragraph);

  it('is split into several pieces of at most maxChars, all in one paragraph', () => {
    assert.ok(pieces.length >= 4, `a ${paragraph.length}-character paragraph gives several pieces`);
    assert.deepEqual(pieces.map((piece) => piece.part), pieces.map((_, index) => index + 1));
    for (const piece of pieces) assert.ok(piece.text.length <= maxChars, `${piece.id} is ${piece.text.length} characters`);
    assert.deepEqual(chunks.map((chunk) => chunk.paragraph), [1, ...pieces.map(() => 2), 3]);
  });

  it('cuts only at sentence ends ("M. Rutte" is not one)', () => {
    for (const piece of pieces) {
      assert.ok(piece.text.startsWith('Phrase '), `${piece.id} starts a sentence`);
      assert.ok(piece.text.endsWith('pendant la réunion.'), `${piece.id} ends a sentence`);
      assert.ok(!piece.text.endsWith(' M.'));
    }
  });

  it('covers the paragraph: pieces are contiguous up to whitespace', () => {
    assert.equal(pieces[0]!.start, paragraphStart);
    assert.equal(pieces.at(-1)!.end, paragraphStart + paragraph.length);
    for (let index = 1; index < pieces.length; index += 1) {
      assert.equal(text.slice(pieces[index - 1]!.end, pieces[index]!.start).trim(), '', 'nothing between two pieces but whitespace');
    }
    assert.equal(pieces.map((piece) => piece.text).join(' '), paragraph);
  });

  it('cuts a single sentence longer than maxChars at spaces, never inside a word', () => {
    const longSentence = `${'Une phrase très longue sur la défense '.repeat(15).trim()}.`;
    const text = `${longSentence} Une courte phrase après.`;
    const parts = chunksOf('longer.txt', text, 200);
    assert.ok(parts.length >= 3);
    for (const part of parts) {
      assert.ok(part.text.length <= 200, `${part.id} is ${part.text.length} characters`);
      assert.ok(part.start === 0 || /\s/u.test(text[part.start - 1]!), `${part.id} starts at a word`);
      assert.ok(part.end === text.length || /\s/u.test(text[part.end]!), `${part.id} ends at a word`);
    }
    assert.equal(parts.map((part) => part.text).join(' '), text, 'the parts cover the paragraph');
  });

  it('joins a short first piece (a heading) to what follows rather than leaving it alone', () => {
    const heading = 'Un titre court';
    const text = `${heading}\n${paragraph}\n`;
    const parts = chunksOf('headed.txt', text, maxChars);
    assert.ok(parts.length >= 2);
    assert.ok(parts[0]!.text.startsWith(`${heading}\nPhrase 1 :`), 'the heading opens the first part, with a sentence');
    assert.ok(parts[0]!.text.length <= maxChars + 100);
    assert.equal(parts[1]!.line, 2);
  });

  it('leaves a paragraph of exactly maxChars whole', () => {
    const exact = `${'a'.repeat(maxChars - 1)}.`;
    const whole = chunksOf('exact.txt', exact, maxChars);
    assert.equal(whole.length, 1);
    assert.equal(whole[0]!.part, 0);
  });
});

describe('chunker: front matter, titles, line endings', () => {
  it('uses YAML front matter for title, url and date, and keeps it out of chunks', () => {
    const text = [
      '---',
      'title: Compte rendu du forum',
      'url: https://example.org/forum',
      'date: 2025-11-06',
      'author: Ingrid Vaileanu',
      '---',
      '# Le forum de Bucarest',
      '',
      'Le forum a réuni des industriels de la défense.',
      '',
    ].join('\n');
    const document = documentOf('notes/forum.md', text);
    assert.equal(document.title, 'Compte rendu du forum');
    assert.equal(document.url, 'https://example.org/forum');
    assert.equal(document.date, '2025-11-06');
    assert.equal(document.author, 'Ingrid Vaileanu');
    const chunks = chunkDocument(document, { maxChars: MAX_CHARS });
    assert.equal(chunks.length, 1);
    const [chunk] = chunks;
    assert.equal(chunk!.text, '# Le forum de Bucarest\n\nLe forum a réuni des industriels de la défense.');
    assert.equal(chunk!.line, 7);
    assert.equal(chunk!.title, 'Compte rendu du forum');
    assert.equal(chunk!.url, 'https://example.org/forum');
    assert.equal(chunk!.date, '2025-11-06');
    assert.ok(!chunk!.text.includes('title:') && !chunk!.text.includes('---'));
    assert.equal(chunk!.plain, 'Le forum de Bucarest Le forum a réuni des industriels de la défense.');
  });

  it('falls back to the first heading line, then to the file name', () => {
    assert.equal(documentOf('a.md', '# Le titre\n\nUn paragraphe de texte.\n').title, 'Le titre');
    assert.equal(documentOf('b.txt', 'Titre court\nUn paragraphe de texte qui suit le titre.\n').title, 'Titre court');
    assert.equal(documentOf('c.md', '---\nurl: https://example.org\n---\n## Sous-titre\n\nTexte.\n').title, 'Sous-titre');
    assert.equal(documentOf('dir/d.txt', 'Un paragraphe de texte qui commence tout de suite, sans titre.\n').title, 'd.txt');
    assert.equal(documentOf(bundledFile('001'), bundledText(bundledFile('001'))).title, 'Interview Francophone');
    assert.equal(documentOf(bundledFile('000'), bundledText(bundledFile('000'))).title, bundledFile('000'));
  });

  it('handles CRLF files: ranges are verbatim and never end on a carriage return', () => {
    const text = 'Titre court\r\n\r\nPremier paragraphe. Deuxième phrase.\r\n\r\nLes points :\r\n- un ;\r\n- deux.\r\n\r\nFin du texte.\r\n';
    const chunks = chunksOf('crlf.txt', text);
    assert.deepEqual(
      chunks.map((chunk) => chunk.text),
      ['Titre court\r\n\r\nPremier paragraphe. Deuxième phrase.', 'Les points :\r\n- un ;\r\n- deux.', 'Fin du texte.'],
    );
    for (const chunk of chunks) {
      assert.equal(chunk.text, text.slice(chunk.start, chunk.end));
      assert.equal(chunk.line, lineAt(text, chunk.start));
      assert.ok(!chunk.plain.includes('\r'));
    }
    assert.deepEqual(chunks.map((chunk) => chunk.line), [1, 5, 9]);
  });

  it('reads front matter in a CRLF file', () => {
    const document = documentOf('crlf.md', '---\r\ntitle: Titre CRLF\r\n---\r\nLe texte du document.\r\n');
    assert.equal(document.title, 'Titre CRLF');
    const chunks = chunkDocument(document, { maxChars: MAX_CHARS });
    assert.deepEqual(chunks.map((chunk) => [chunk.text, chunk.line]), [['Le texte du document.', 4]]);
  });
});

describe('chunker: unmarked lists and empty paragraphs', () => {
  it(
    'numbers paragraphs without gaps when a paragraph has no text to index',
    () => {
      const chunks = chunksOf('a.md', 'Intro.\n\n[](https://example.org)\n\nSuite.\n');
      assert.deepEqual(chunks.map((chunk) => chunk.paragraph), [1, 2]);
    },
  );

  it(
    'keeps a list without bullet marks with its lead-in, apart from the next paragraph',
    () => {
      const chunks = chunksOf('c.txt', 'Les pays concernés :\nFrance\nAllemagne\nItalie\n\nFin.\n');
      assert.deepEqual(chunks.map((chunk) => chunk.text), ['Les pays concernés :\nFrance\nAllemagne\nItalie', 'Fin.']);
    },
  );
});

describe('chunker: the language of each passage', () => {
  it('stems an English paragraph of a French page as English, the rest as French', () => {
    const text = [
      'Le secrétaire général a rencontré les industriels de la défense à Bucarest, où il a plaidé pour une production plus rapide.',
      '',
      'The NATO-Industry Forum is the strategic-level event facilitating direct and continuous engagement between NATO and industry.',
      '',
      'Source : OTAN',
    ].join('\n');
    const chunks = chunkDocument(documentOf('forum.txt', text), { maxChars: 1000, packChars: 0 });
    assert.deepEqual(
      chunks.map((chunk) => chunk.language),
      ['fr', 'en', 'fr'],
    );
  });
});

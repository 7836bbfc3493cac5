/**
 * Build time per MB of PDF, HTML and Word (.docx) files: a generated corpus of each kind (nothing
 * downloaded) is built lexical-only, in the worker with the default limits, and timed.
 * `npm run bench:formats` writes its section of BENCHMARKS.md.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildIndex } from '../../src/index/build.ts';
import { openBuildStores } from '../../src/index/build-stores.ts';
import { createLogger } from '../../src/log.ts';
import { docx, type DocxParagraph } from '../../test/fixtures/formats.ts';
import { provenance } from '../lib/machine.ts';
import { commandLine, isMainModule } from '../lib/main-module.ts';
import { table } from '../lib/markdown.ts';
import { writeSection } from '../lib/report.ts';

const SENTENCES = [
  'The maintenance team inspected every press on the north line during the night shift.',
  'Suppliers of chemicals must send updated safety sheets before each delivery.',
  'Training sessions on forklift driving are booked through the HR portal.',
  'Minor incidents in the warehouse fell by a third compared with the previous year.',
  'Visitors are escorted at all times and wear a badge that is returned at the gate.',
];
const paragraph = (index: number) => Array.from({ length: 5 }, (_, offset) => SENTENCES[(index + offset) % SENTENCES.length]).join(' ') + ` (item ${index})`;

async function pdfOf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let page = 0; page < pages; page += 1) {
    const current = pdf.addPage([600, 800]);
    current.drawText(`Report - page ${page + 1}`, { x: 50, y: 770, size: 8, font });
    let y = 730;
    for (let line = 0; line < 45; line += 1) {
      current.drawText(`${SENTENCES[(page + line) % SENTENCES.length]!.slice(0, 78)}`, { x: 50, y, size: 10, font });
      y -= 14;
      if (line % 6 === 5) y -= 8;
    }
  }
  return pdf.save();
}

function htmlOf(sections: number): string {
  const body = Array.from({ length: sections }, (_, index) => `<h2>Section ${index}</h2><p>${paragraph(index)}</p><ul><li>${SENTENCES[index % 5]}</li><li>${SENTENCES[(index + 1) % 5]}</li></ul>`).join('\n');
  return `<!doctype html><html><head><title>Handbook</title></head><body><nav><a href="/">Home</a></nav><main><article><h1>Handbook</h1>${body}</article></main></body></html>`;
}

function docxOf(sections: number): Buffer {
  const paragraphs: DocxParagraph[] = [{ heading: 1, text: 'Handbook' }];
  for (let index = 0; index < sections; index += 1) paragraphs.push({ heading: 2, text: `Section ${index}` }, { text: paragraph(index) }, { bullet: SENTENCES[index % 5]! });
  return docx(paragraphs);
}

const kinds: { name: string; files: () => Promise<Record<string, Uint8Array | string>> }[] = [
  { name: 'PDF (200-page reports, text layer)', files: async () => Object.fromEntries(await Promise.all([0, 1, 2].map(async (index) => [`report-${index}.pdf`, await pdfOf(200)] as const))) },
  { name: 'HTML (article pages)', files: async () => Object.fromEntries([0, 1, 2, 3].map((index) => [`page-${index}.html`, htmlOf(2500)] as const)) },
  { name: 'DOCX (Word documents)', files: async () => Object.fromEntries([0, 1, 2, 3].map((index) => [`doc-${index}.docx`, docxOf(2500)] as const)) },
];

/** Builds each kind's corpus lexical-only and times it; writes the 'formats' section of BENCHMARKS.md. */
export async function benchFormats(): Promise<void> {
  const started = performance.now();
  const rows: string[][] = [];
  for (const kind of kinds) {
    const dir = await mkdtemp(join(tmpdir(), 'citebot-measure-'));
    try {
      const corpusDir = join(dir, 'corpus');
      await mkdir(corpusDir);
      let bytes = 0;
      for (const [file, content] of Object.entries(await kind.files())) {
        await writeFile(join(corpusDir, file), content);
        bytes += (await stat(join(corpusDir, file))).size;
      }
      const buildStarted = performance.now();
      const { manifest, buildDir } = await buildIndex({
        corpusDir,
        indexDir: join(dir, 'index'),
        chunkMaxChars: 1000,
        hnsw: { M: 16, efConstruction: 200, efSearch: 64 },
        embedder: null,
        lexicalOnlyReason: 'measurement',
        batchSize: 1,
        log: createLogger('silent'),
      });
      const seconds = (performance.now() - buildStarted) / 1000;
      const megabytes = bytes / 1024 / 1024;
      const sources = openBuildStores(buildDir).sources;
      const textMegabytes = sources.files().reduce((sum, file) => sum + Buffer.byteLength(sources.get(file)!), 0) / 1024 / 1024;
      rows.push([kind.name, String(manifest.counts.documents), megabytes.toFixed(2), textMegabytes.toFixed(2), String(manifest.counts.chunks), seconds.toFixed(1), (seconds / megabytes).toFixed(1), (seconds / textMegabytes).toFixed(1)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const header = provenance(commandLine('bench:formats'), (performance.now() - started) / 1000);
  writeSection(
    'formats',
    [
      '## Build time per MB of PDF, HTML and Word files',
      '',
      header,
      '',
      'A generated corpus of each kind, nothing downloaded. Time is the whole lexical-only build: extraction in the worker (one file at a time, default limits), chunking and BM25; embedding adds its per-passage time (see Speed). A .docx is a zip, so its MB of file are few: the MB of extracted text are the fairer measure.',
      '',
      table(['Files', 'Count', 'MB of files', 'MB of extracted text', 'Passages', 'Build (s)', 's per MB of file', 's per MB of text'], rows),
    ].join('\n'),
  );
}

if (isMainModule(import.meta.url)) {
  await benchFormats();
}

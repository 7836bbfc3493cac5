// HTML, PDF and Word files: the text a reader would read, in the chunker's shape, with what is
// dropped (navigation, cookie banners, scripts, running headers and footers) and what is kept
// (headings, paragraphs, lists, table rows, pages). Each extraction runs in the worker, with limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chunkDocument } from '../../src/corpus/chunk.ts';
import { extractDocx } from '../../src/corpus/extract/docx.ts';
import { extractHtml } from '../../src/corpus/extract/html.ts';
import { extractPdf } from '../../src/corpus/extract/pdf.ts';
import { Extractor } from '../../src/corpus/extract/run.ts';
import { DEFAULT_EXTRACT_LIMITS, ExtractError, type ExtractLimits } from '../../src/corpus/extract/types.ts';
import { pageAt } from '../../src/corpus/pages.ts';
import { extractedDocument } from '../../src/corpus/read-corpus.ts';
import { BROKEN_PDF, DOCX_PARAGRAPHS, HTML_PAGE, docx, encryptedPdf, scannedPdf, twoColumnPdf, zipBombDocx } from '../fixtures/formats.ts';

const MB = 1024 * 1024;

async function failureOf(promise: Promise<unknown>): Promise<ExtractError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ExtractError, `an ExtractError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the extraction to fail');
}

describe('HTML: the readable text of a page', () => {
  const extracted = extractHtml(new TextEncoder().encode(HTML_PAGE));

  it('drops navigation, the cookie banner, scripts, styles and the footer', () => {
    for (const dropped of ['All policies', 'cookies', 'tracking', 'font-family', 'All rights reserved']) {
      assert.ok(!extracted.text.includes(dropped), `"${dropped}" is dropped`);
    }
  });

  it('keeps headings as "#" lines, paragraphs, list items as "- " lines and table rows as "- cell | cell" lines', () => {
    assert.match(extracted.text, /^#{1,6} Equipment$/m);
    assert.ok(extracted.text.includes('\n\nThe company provides a laptop and a second screen for the home office.'));
    assert.ok(extracted.text.includes("- the invoice, in the employee's name;\n- the manager's approval in the HR portal;\n- a photo of the equipment in place."));
    assert.ok(extracted.text.includes('- Days remote per week | Monthly allowance\n- 1 to 2 | 20 euros\n- 3 | 30 euros'));
  });

  it('title from <title>, url from <link rel="canonical">', () => {
    assert.equal(extracted.title, 'Remote work policy');
    assert.equal(extracted.url, 'https://intranet.example.com/policies/remote-work');
  });

  it('is chunked as a reader would cut it: passages under their headings, quoted from the extracted text', () => {
    const document = extractedDocument('remote-work.html', 'h', extracted, null);
    const chunks = chunkDocument(document, { maxChars: 1000 });
    const reimbursement = chunks.find((chunk) => chunk.text.includes('To claim a reimbursement'));
    assert.ok(reimbursement);
    assert.deepEqual(reimbursement.headings, ['Equipment']);
    assert.ok(reimbursement.text.includes('- a photo of the equipment in place.'), 'the list stays with its lead-in');
    for (const chunk of chunks) assert.equal(document.text.slice(chunk.start, chunk.end), chunk.text);
  });

  it('a page in another charset is decoded as its <meta charset> says', () => {
    const latin1 = Buffer.from('<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e et caf\xe9 au menu du jour, servis en terrasse.</p></body></html>', 'latin1');
    const page = extractHtml(latin1);
    assert.equal(page.title, 'Café');
    assert.ok(page.text.includes('Crème brûlée'));
  });
});

describe('PDF: text with its pages', () => {
  let extracted: Awaited<ReturnType<typeof extractPdf>>;
  before(async () => {
    extracted = await extractPdf(await twoColumnPdf());
  });

  it('records where each page starts', () => {
    assert.equal(extracted.pages!.length, 3);
    assert.equal(extracted.pages![0], 0);
    assert.ok(extracted.text.slice(extracted.pages![1]!).startsWith('## Suppliers'));
    assert.equal(pageAt(extracted.pages, extracted.text.indexOf('halve the number')), 3);
    assert.equal(extracted.title, 'Annual safety report 2025', 'the title from the PDF\'s metadata');
  });

  it('drops the header and footer repeated on every page', () => {
    assert.ok(!extracted.text.includes('ACME Industries'));
    assert.ok(!/Page \d of 3/.test(extracted.text));
  });

  it('joins lines broken for layout into paragraphs, across columns, and mends hyphenation at line ends', () => {
    assert.ok(extracted.text.includes('The plant recorded no serious accident in 2025, the first year without one since the site opened in 1998. Minor incidents fell by a third.'));
    assert.ok(extracted.text.includes('on forklift driving, which every operator must pass before working night shifts.'), 'a paragraph runs on into the next column');
    assert.ok(extracted.text.includes('\n\nTraining hours rose'), 'a larger gap starts a paragraph');
  });

  it('headings (larger type) are heading lines, and chunks know their page', () => {
    assert.match(extracted.text, /^#{1,6} Maintenance$/m);
    const document = extractedDocument('safety.pdf', 'h', extracted, null);
    const chunks = chunkDocument(document, { maxChars: 1000 });
    const suppliers = chunks.find((chunk) => chunk.text.includes('expired safety sheets'));
    assert.equal(suppliers?.page, 2);
    assert.equal(chunks.find((chunk) => chunk.text.includes('halve the number'))?.page, 3);
    for (const chunk of chunks) assert.equal(document.text.slice(chunk.start, chunk.end), chunk.text);
  });

  it('a scan (no text layer) is an error, never an empty document', async () => {
    assert.equal((await failureOf(extractPdf(await scannedPdf()))).reason, 'no-text');
  });

  it('an encrypted PDF and a broken one are named errors', async () => {
    assert.equal((await failureOf(extractPdf(encryptedPdf()))).reason, 'encrypted');
    assert.equal((await failureOf(extractPdf(BROKEN_PDF))).reason, 'malformed');
  });
});

describe('Word (.docx): headings and lists', () => {
  it('keeps heading styles as "#" lines and list paragraphs as "- " lines', async () => {
    const extracted = await extractDocx(docx(DOCX_PARAGRAPHS), DEFAULT_EXTRACT_LIMITS.maxUnzippedBytes);
    assert.ok(extracted.text.startsWith('# Onboarding guide\n\n'));
    assert.match(extracted.text, /^## First day$/m);
    assert.ok(extracted.text.includes('Before the end of the day, a new colleague should:\n\n- sign the IT charter;\n- set up two-factor authentication;\n- join the #support-team channel.'));
    const document = extractedDocument('onboarding.docx', 'h', extracted, null);
    assert.equal(document.title, 'Onboarding guide');
    const chunks = chunkDocument(document, { maxChars: 1000 });
    const list = chunks.find((chunk) => chunk.text.includes('sign the IT charter'));
    assert.ok(list?.text.includes('Before the end of the day'), 'the list stays with its lead-in');
    assert.deepEqual(list?.headings, ['First day']);
  });

  it('a zip bomb is refused from its directory, before anything is inflated', async () => {
    const failure = await failureOf(extractDocx(zipBombDocx(64, false), 32 * MB));
    assert.equal(failure.reason, 'too-large');
    assert.match(failure.message, /unpacks to more than 32 MB/, 'refused from the sizes its directory declares');
  });

  it('a file that is not a zip is a named error', async () => {
    assert.equal((await failureOf(extractDocx(new TextEncoder().encode('not a word file'), 32 * MB))).reason, 'malformed');
  });
});

describe('the extraction worker and its limits', () => {
  const limits: ExtractLimits = { timeoutMs: 20_000, memoryMb: 96, maxFileBytes: 30 * MB, maxUnzippedBytes: 32 * MB };
  const extractor = new Extractor(limits);
  after(() => extractor.close());

  it('extracts each format in the worker', async () => {
    assert.equal((await extractor.extract('html', new TextEncoder().encode(HTML_PAGE))).title, 'Remote work policy');
    assert.equal((await extractor.extract('pdf', await twoColumnPdf())).pages?.length, 3);
    assert.ok((await extractor.extract('docx', docx(DOCX_PARAGRAPHS))).text.includes('## First week'));
  });

  it('hostile files end as named errors within the limits, and the next file is still extracted', async () => {
    // A zip bomb that lies about its size in its headers: stopped by the inflater's own check, the memory limit or the clock.
    const lying = await failureOf(extractor.extract('docx', zipBombDocx(150, true)));
    assert.ok(['malformed', 'out-of-memory', 'timeout', 'too-large'].includes(lying.reason), lying.reason);
    // A page over the size limit is refused unread.
    assert.equal((await failureOf(extractor.extract('html', new Uint8Array(31 * MB)))).reason, 'too-large');
    // A page that needs more memory than the worker has.
    const huge = new TextEncoder().encode(`<html><body>${'<div><p>Lorem ipsum dolor sit amet, consectetur.</p></div>'.repeat(450_000)}</body></html>`);
    assert.equal((await failureOf(extractor.extract('html', huge))).reason, 'out-of-memory');
    assert.equal((await extractor.extract('html', new TextEncoder().encode(HTML_PAGE))).title, 'Remote work policy', 'a fresh worker takes the next file');
  });

  it('a file that takes longer than the time limit ends as a timeout', async () => {
    const hurried = new Extractor({ ...limits, timeoutMs: 200, memoryMb: 512 });
    try {
      const slow = new TextEncoder().encode(`<html><body>${'<section><h2>Part</h2><p>Lorem ipsum dolor sit amet.</p><ul><li>a</li><li>b</li></ul></section>'.repeat(120_000)}</body></html>`);
      assert.equal((await failureOf(hurried.extract('html', slow))).reason, 'timeout');
    } finally {
      await hurried.close();
    }
  });
});

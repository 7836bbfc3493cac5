// .txt, .md, .html, .pdf and .docx side by side: answers quote the extracted text verbatim (as the
// build stored it), citations carry the page or the heading and link to the quoted words; hostile
// files end as named warnings; rebuilds reuse extractions and embeddings of unchanged files.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Citebot } from '../../src/answer/citebot.ts';
import { openCitebot } from '../../src/answer/open.ts';
import type { AnswerReply, Reply } from '../../src/answer/types.ts';
import { parseConfig } from '../../src/config.ts';
import type { Embedder } from '../../src/embed/types.ts';
import { openBuildStores } from '../../src/index/build-stores.ts';
import { readCurrentBuild } from '../../src/index/read-build.ts';
import { whyRebuild } from '../../src/index/staleness.ts';
import { createLogger } from '../../src/log.ts';
import { citationOf, citationText } from '../../src/present/citation.ts';
import { findTextFragment } from '../../src/text/text-fragment.ts';
import { BROKEN_PDF, DOCX_PARAGRAPHS, HTML_PAGE, docx, encryptedPdf, scannedPdf, twoColumnPdf, zipBombDocx } from '../fixtures/formats.ts';
import { loadGeneratedEmbedder, recordingEmbedder, TEST_CHUNK_MAX_CHARS, testBuild } from '../index/generated-embedder.ts';

/** Every stored source text of a build, by file. */
function allSources(buildDir: string): Record<string, string> {
  const { sources } = openBuildStores(buildDir);
  return Object.fromEntries(sources.files().map((file) => [file, sources.get(file)!]));
}

function asAnswer(reply: Reply): AnswerReply {
  assert.equal(reply.kind, 'answer', JSON.stringify(reply));
  assert.equal((reply as AnswerReply).noAnswer, false, JSON.stringify(reply));
  return reply as AnswerReply;
}

describe('a corpus of text, Markdown, HTML, PDF and Word files', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let embedder: Embedder;
  let citebot: Citebot;
  let sources: Record<string, string>;
  let warnings: string[];
  let firstExtraction: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'citebot-formats-'));
    corpusDir = join(dir, 'corpus');
    indexDir = join(dir, 'index');
    await mkdir(join(corpusDir, 'reports'), { recursive: true });
    const files: Record<string, string | Uint8Array> = {
      'notes.txt': 'The cafeteria opens at half past seven and closes at three in the afternoon.\n',
      'faq.md': '---\ntitle: Parking FAQ\nurl: https://intranet.example.com/parking\n---\n\n# Parking FAQ\n\nVisitors park on level minus two, in the spaces marked with a blue line.\n',
      'remote-work.html': HTML_PAGE,
      'reports/safety-report.pdf': await twoColumnPdf(),
      'reports/safety-report.pdf.yml': 'url: https://files.example.com/reports/safety-2025.pdf\ndate: 2025-12-01\n',
      'onboarding.docx': docx(DOCX_PARAGRAPHS),
      'scanned.pdf': await scannedPdf(),
      'locked.pdf': encryptedPdf(),
      'broken.pdf': BROKEN_PDF,
      'bomb.docx': zipBombDocx(250, false),
    };
    for (const [file, content] of Object.entries(files)) await writeFile(join(corpusDir, file), content);
    embedder = await loadGeneratedEmbedder(join(dir, 'models'));
    let extracted = 0;
    const { manifest, buildDir } = await testBuild({ corpusDir, indexDir, embedder, onExtractProgress: (_done, total) => (extracted = total) });
    firstExtraction = extracted;
    warnings = manifest.warnings;
    sources = allSources(buildDir);
    const config = parseConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, MODELS_DIR: join(dir, 'models'), EMBED_MODEL: embedder.modelId, EMBED_DTYPE: embedder.dtype, LOG_LEVEL: 'silent' });
    citebot = await openCitebot({ config, log: createLogger('silent'), embedder, embedderReason: null });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const ask = async (question: string) => asAnswer(await citebot.run('ask', { text: question }));

  it('indexes the five kinds side by side, and names each hostile file in a warning', () => {
    assert.deepEqual(Object.keys(sources).sort(), ['faq.md', 'notes.txt', 'onboarding.docx', 'remote-work.html', 'reports/safety-report.pdf']);
    assert.equal(firstExtraction, 7, 'the HTML, PDF and Word files went through the extractor');
    for (const [file, reason] of [['scanned.pdf', 'no text layer'], ['locked.pdf', 'encrypted'], ['broken.pdf', 'not a readable PDF'], ['bomb.docx', 'zip bomb']]) {
      assert.ok(warnings.some((warning) => warning.startsWith(file!) && warning.includes(reason!)), `${file}: ${reason} in ${JSON.stringify(warnings)}`);
    }
  });

  it('a PDF answer quotes the stored text verbatim and its citation reads "p. 2", linking the PDF at that page', async () => {
    const reply = await ask('Which suppliers lost their approval after the audit?');
    const best = reply.passages[0]!;
    assert.equal(best.source.file, 'reports/safety-report.pdf');
    assert.equal(sources[best.source.file]!.slice(best.source.start, best.source.end), best.text);
    assert.ok(best.highlight.includes('expired safety sheets'));
    assert.equal(best.source.page, 2);
    assert.match(citationText(best.source, 'en'), /reports\/safety-report\.pdf, p\. 2, ¶ \d+/);
    assert.equal(citationOf(best.source).link, 'https://files.example.com/reports/safety-2025.pdf#page=2');
  });

  it('an HTML answer sits under its heading and links to the page at the highlighted words', async () => {
    const reply = await ask('How often are office chairs reimbursed?');
    const best = reply.passages[0]!;
    assert.equal(best.source.file, 'remote-work.html');
    assert.equal(sources[best.source.file]!.slice(best.source.start, best.source.end), best.text);
    assert.equal(best.source.title, 'Remote work policy');
    assert.ok(best.text.includes('Office chairs are reimbursed up to 200 euros'), JSON.stringify(reply.passages.map((p) => [p.score, p.text.slice(0, 80)])));
    const link = citationOf(best.source).link!;
    assert.ok(link.startsWith('https://intranet.example.com/policies/remote-work#:~:text='), link);
    const at = best.source.start + best.highlightStart;
    assert.deepEqual(findTextFragment(sources[best.source.file]!, best.source.fragment!), { start: at, end: best.source.start + best.highlightEnd }, 'the fragment selects the highlighted sentence');
  });

  it('a Word answer carries its heading, and a quote gets its own page or words', async () => {
    const reply = await ask('What must a new colleague do before the end of the first day?');
    const best = reply.passages.find((passage) => passage.text.includes('sign the IT charter'))!;
    assert.ok(best, 'the list is among the passages');
    assert.equal(best.source.file, 'onboarding.docx');
    assert.equal(sources[best.source.file]!.slice(best.source.start, best.source.end), best.text);
    assert.match(citationText(best.source, 'en'), /^Onboarding guide › First day — onboarding\.docx/);
    const quote = asAnswer(await citebot.run('quote', { text: 'minor incidents warehouse target' })).quote!;
    assert.equal(quote.source.file, 'reports/safety-report.pdf');
    assert.equal(sources[quote.source.file]!.slice(quote.start, quote.end), quote.text);
    assert.equal(quote.source.page, 3);
  });

  it('text and Markdown files answer as before, a Markdown url linking to the quoted words', async () => {
    const best = (await ask('Where do visitors park?')).passages[0]!;
    assert.equal(best.source.file, 'faq.md');
    assert.equal(best.source.page, undefined);
    assert.ok(citationOf(best.source).link!.startsWith('https://intranet.example.com/parking#:~:text=Visitors%20park'), citationOf(best.source).link!);
    assert.equal((await ask('When does the cafeteria open?')).passages[0]!.source.file, 'notes.txt');
  });

  it('a rebuild extracts and embeds nothing unchanged; editing a sidecar rebuilds that file only', async () => {
    const staleness = () => whyRebuild({ indexDir, corpusDir, chunkMaxChars: TEST_CHUNK_MAX_CHARS, embedder });
    assert.equal(await staleness(), null, 'the index matches the corpus, sidecars included');
    const recording = recordingEmbedder(embedder);
    let extracted = -1;
    const again = await testBuild({ corpusDir, indexDir, embedder: recording.embedder, onExtractProgress: (_done, total) => (extracted = total) });
    assert.equal(extracted, -1, 'no file was extracted again: extractions and failures are reused');
    assert.deepEqual(again.manifest.warnings, warnings, 'the hostile files are still named');
    assert.equal(again.manifest.counts.embedded, 0);
    assert.equal(recording.embedded.length, 0);
    const previous = (await readCurrentBuild(indexDir))!;
    assert.deepEqual(allSources(previous), sources, 'the reused text is the same');

    await writeFile(join(corpusDir, 'reports/safety-report.pdf.yml'), 'url: https://files.example.com/reports/safety-2025-v2.pdf\n');
    assert.match((await staleness()) ?? '', /reports\/safety-report\.pdf/);
    const changed = await testBuild({ corpusDir, indexDir, embedder, onExtractProgress: (_done, total) => (extracted = total) });
    assert.equal(extracted, 1, 'only the changed PDF is extracted again');
    assert.equal(changed.manifest.documents.find((document) => document.file === 'reports/safety-report.pdf')?.url, 'https://files.example.com/reports/safety-2025-v2.pdf');
  });
});

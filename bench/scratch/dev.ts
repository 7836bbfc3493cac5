// Scratch: fast in-process retrieval measurements while tuning (not part of the product).
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchConfig, buildBenchIndex, loadBenchIndex } from '../quality/engine.ts';
import { searchSettings } from '../../src/answer/open.ts';
import { Retriever } from '../../src/search/search.ts';
import { loadPiaf } from '../lib/piaf.ts';
import { writePiafCorpus, overlaps } from '../quality/corpus.ts';

const which = process.argv[2] ?? 'sp';
const limit = Number(process.argv[3] ?? 100000);
const overrides = JSON.parse(process.argv[4] ?? '{}');
const dir = await mkdtemp(join(tmpdir(), 'dev-'));
const corpus = join(dir, 'corpus');
type Q = { question: string; hit: (file: string, start: number, end: number) => boolean; answerable: boolean };
const questions: Q[] = [];
if (which === 'sp') {
  const data = JSON.parse(readFileSync('../shared/data/service-public-dev/pages.json', 'utf8'));
  for (const page of data.pages) {
    await mkdir(corpus, { recursive: true });
    await writeFile(join(corpus, page.page), page.text);
    questions.push({ question: page.question, hit: (file) => file === page.page, answerable: true });
  }
} else {
  const piaf = loadPiaf();
  const half = which === 'piafhalf';
  const arts = piaf.articles.map((_, i) => i).filter((i) => !half || i % 2 === 0);
  const gold = await writePiafCorpus(corpus, piaf, arts);
  for (const q of piaf.questions) {
    const g = gold.get(q.paragraph);
    questions.push({ question: q.question, answerable: !!g, hit: (f, s, e) => !!g && overlaps(g, f, s, e) });
  }
}
const config = benchConfig(corpus, join(dir, 'index'), overrides);
let t = performance.now();
const built = await buildBenchIndex(config, null);
const buildS = (performance.now() - t) / 1000;
const index = await loadBenchIndex(config);
const base = searchSettings(config);
const tweak = JSON.parse(process.env.TWEAK ?? '{}');
const settings = { ...base, ...tweak, lexical: { ...base.lexical, ...(tweak.lexical ?? {}) } };
const r = new Retriever(index, null, { ...settings, noAnswerThreshold: 0, relativeFloor: 0 });
const decide = new Retriever(index, null, settings);
let h1 = 0, h3 = 0, h5 = 0, mrr = 0, declined = 0, n = 0, un = 0, answeredAnyway = 0;
const stride = Math.max(1, Math.floor(questions.length / limit));
const qs = questions.filter((_, i) => i % stride === 0);
t = performance.now();
const misses: string[] = [];
for (const q of qs) {
  const decision = await decide.search({ question: q.question, limit: 3, offset: 0 });
  if (!q.answerable) { un++; if (!decision.noAnswer) answeredAnyway++; continue; }
  const out = await r.search({ question: q.question, limit: 10, offset: 0 });
  n++;
  if (decision.noAnswer) declined++;
  // rank from the full ranking regardless of decision
  const ranked = out.passages;
  const pos = ranked.findIndex((p: any) => q.hit(p.source.file, p.source.start, p.source.end));
  if (pos === 0) h1++; if (pos >= 0 && pos < 3) h3++; if (pos >= 0 && pos < 5) h5++; if (pos >= 0) mrr += 1 / (pos + 1);
  else if (misses.length < 15) misses.push(q.question);
}
const askMs = (performance.now() - t) / qs.length;
console.log(JSON.stringify({ which, chunks: built.manifest.counts.chunks, buildS: +buildS.toFixed(1), askMs: +askMs.toFixed(2), n, h1: +(h1 / n).toFixed(3), h3: +(h3 / n).toFixed(3), h5: +(h5 / n).toFixed(3), mrr: +(mrr / n).toFixed(3), declined: +(declined / n).toFixed(3), answeredAnyway: un ? +(answeredAnyway / un).toFixed(3) : null }));
if (process.env.MISSES) console.log(misses.join('\n'));
await rm(dir, { recursive: true, force: true });

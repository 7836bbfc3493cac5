import { isMainModule } from '../lib/main-module.ts';
import { loadManpageCorpus } from './fetch.ts';

// `npm run bench:manpages`: fetch and cut the distractor corpus ahead of the quality benchmark.
if (isMainModule(import.meta.url)) {
  const started = performance.now();
  const corpus = await loadManpageCorpus();
  const words = corpus.paragraphs.reduce((sum, paragraph) => sum + paragraph.text.split(' ').length, 0);
  process.stdout.write(
    `${corpus.packages.join(', ')}: ${corpus.pages} pages, ${corpus.paragraphs.length} paragraphs, ` +
      `${Math.round(words / corpus.paragraphs.length)} words each on average (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}

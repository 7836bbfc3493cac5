import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ManParagraph } from '../manpages/paragraphs.ts';
import type { PiafDataset } from '../lib/piaf.ts';

/** Where a PIAF paragraph sits in the corpus written for the benchmark. */
export interface GoldRange {
  file: string;
  start: number;
  end: number;
}

function frontMatter(title: string): string {
  return `---\ntitle: ${JSON.stringify(title)}\n---\n`;
}

async function writeCorpusFile(corpusDir: string, file: string, text: string): Promise<void> {
  const path = join(corpusDir, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * Writes the chosen PIAF articles as corpus files (one per article, its title in front matter,
 * paragraphs separated by blank lines) and returns where each paragraph landed, by paragraph index.
 */
export async function writePiafCorpus(corpusDir: string, piaf: PiafDataset, articles: readonly number[]): Promise<Map<number, GoldRange>> {
  const gold = new Map<number, GoldRange>();
  for (const articleIndex of articles) {
    const article = piaf.articles[articleIndex];
    if (!article) continue;
    const file = `piaf/article-${String(articleIndex).padStart(3, '0')}.md`;
    let text = frontMatter(article.title);
    article.paragraphs.forEach((paragraphIndex, position) => {
      if (position > 0) text += '\n\n';
      const paragraph = piaf.paragraphs[paragraphIndex]!;
      gold.set(paragraphIndex, { file, start: text.length, end: text.length + paragraph.text.length });
      text += paragraph.text;
    });
    await writeCorpusFile(corpusDir, file, `${text}\n`);
  }
  return gold;
}

/** Writes the distractor paragraphs, one file per man page. */
export async function writeManpageCorpus(corpusDir: string, paragraphs: readonly ManParagraph[]): Promise<number> {
  const byPage = new Map<string, string[]>();
  for (const paragraph of paragraphs) {
    const texts = byPage.get(paragraph.page) ?? [];
    texts.push(paragraph.text);
    byPage.set(paragraph.page, texts);
  }
  let index = 0;
  for (const [page, texts] of byPage) {
    const file = `manpages/${String(index++).padStart(4, '0')}-${page.replace(/[^\w.-]+/g, '_')}.md`;
    await writeCorpusFile(corpusDir, file, `${frontMatter(page)}${texts.join('\n\n')}\n`);
  }
  return byPage.size;
}

export function overlaps(gold: GoldRange, file: string, start: number, end: number): boolean {
  return gold.file === file && start < gold.end && end > gold.start;
}

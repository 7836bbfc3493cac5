import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path, { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Service-Public development set lives in ../shared/data beside the repo; SERVICE_PUBLIC_PATH overrides (relative to the repo root). */
export function servicePublicPath(): string {
  return path.resolve(REPO_ROOT, process.env.SERVICE_PUBLIC_PATH ?? '../shared/data/service-public-dev/pages.json');
}

export interface ServicePublicPage {
  id: string;
  /** The page's title: a real user's question. */
  question: string;
  /** File name of the page in the corpus. */
  page: string;
  /** The page without its title, one line per paragraph, heading or list item. */
  text: string;
}

export function loadServicePublic(file = servicePublicPath()): ServicePublicPage[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { pages: ServicePublicPage[] }).pages;
}

/**
 * Writes each page's text as given to `<corpus>/<page>` (a Service-Public page without its title, no front
 * matter); returns the questions of those that have one, each with its whole page as gold (any passage of the page hits).
 */
export async function writeKnownItemCorpus(
  corpusDir: string,
  pages: readonly { page: string; question: string | null; text: string }[],
): Promise<{ question: string; gold: GoldRange }[]> {
  const questions: { question: string; gold: GoldRange }[] = [];
  for (const page of pages) {
    await writeCorpusFile(corpusDir, page.page, page.text);
    if (page.question !== null) questions.push({ question: page.question, gold: { file: page.page, start: 0, end: Math.max(1, page.text.length) } });
  }
  return questions;
}

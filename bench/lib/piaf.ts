import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** PIAF v1.1 lives in ../shared/data beside the repo; PIAF_PATH overrides (relative to the repo root). */
export function piafPath(): string {
  return path.resolve(REPO_ROOT, process.env.PIAF_PATH ?? '../shared/data/piaf-v1.1.json');
}

export interface PiafQuestion {
  id: string;
  question: string;
  /** Index of the paragraph it was written from, in `PiafDataset.paragraphs`. */
  paragraph: number;
}

export interface PiafParagraph {
  article: number;
  title: string;
  text: string;
}

export interface PiafDataset {
  articles: { title: string; paragraphs: number[] }[];
  paragraphs: PiafParagraph[];
  questions: PiafQuestion[];
}

interface RawPiaf {
  data: { title: string; paragraphs: { context: string; qas: { id: string; question: string }[] }[] }[];
}

let cached: { file: string; dataset: PiafDataset } | undefined;

export function loadPiaf(file = piafPath()): PiafDataset {
  if (cached?.file === file) return cached.dataset;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawPiaf;
  const dataset: PiafDataset = { articles: [], paragraphs: [], questions: [] };
  raw.data.forEach((article, articleIndex) => {
    const indices: number[] = [];
    for (const paragraph of article.paragraphs) {
      const index = dataset.paragraphs.length;
      indices.push(index);
      dataset.paragraphs.push({ article: articleIndex, title: article.title, text: paragraph.context });
      for (const qa of paragraph.qas) dataset.questions.push({ id: qa.id, question: qa.question, paragraph: index });
    }
    dataset.articles.push({ title: article.title, paragraphs: indices });
  });
  cached = { file, dataset };
  return dataset;
}

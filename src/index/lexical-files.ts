import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LexicalStore, type LexicalFields } from './lexical-store.ts';
import type { Segment } from './segment.ts';
import { readSegment, readSegmentPages, writeSegment } from './segment-file.ts';

/**
 * The lexical index of a build, a folder: segment files (see segment-file.ts) and segments.json,
 * which lists them with the files deleted from each since it was written, the pages in chunk-store
 * order and the settings they were built with. An update writes a new folder in a new build:
 * unchanged segments are hard links to the previous build's files (never modified in place), the
 * changed and added files are one new segment, and the previous segments get deletions. The build's
 * usual rename makes the new state visible at once.
 */
export const LEXICAL_FORMAT_VERSION = 1;
const SEGMENT_LIST = 'segments.json';

/** Past this many segments, every segment but the first (the largest) is merged into one. */
const MAX_SEGMENTS = 6;
/** When more than this share of the first segment's pages are deleted, the whole index is rebuilt. */
const MAX_DELETED_SHARE = 0.25;

/** What the terms were made with: an index is only updated with the same. */
export interface LexicalSettings {
  fields: LexicalFields;
  /** How words were stemmed ('detected' or 'both', see BuildOptions). */
  stemming: string;
  /** TOKENIZER_VERSION of the build (absent before version 2). */
  tokenizer?: number;
}

const fieldSchema = z.object({ weight: z.number(), b: z.number() });
const segmentListSchema = z.object({
  formatVersion: z.literal(LEXICAL_FORMAT_VERSION),
  settings: z.object({ fields: z.object({ text: fieldSchema, context: fieldSchema }), stemming: z.string(), tokenizer: z.number().optional() }),
  segments: z.array(z.object({ file: z.string().regex(/^[\w.-]+\.seg$/), deletedPages: z.array(z.string()) })),
  order: z.array(z.string()),
});
type SegmentList = z.infer<typeof segmentListSchema>;

async function readSegmentList(dir: string): Promise<SegmentList> {
  let raw: string;
  try {
    raw = await readFile(join(dir, SEGMENT_LIST), 'utf8');
  } catch (error) {
    throw new Error(`the lexical index ${dir} has no ${SEGMENT_LIST} (${(error as Error).message})`);
  }
  const parsed = segmentListSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new Error(`the lexical index ${dir} has a damaged ${SEGMENT_LIST}`);
  return parsed.data;
}

const segmentFileName = () => `seg-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.seg`;

/** The pages of a segment in the order of its passages (it must hold each page's passages one after the other). */
function pageOrderOf(segment: Segment): string[] {
  let previous = -1;
  for (const page of segment.pageOfPassage) {
    if (page !== previous && page !== previous + 1) throw new Error('a segment written to disk must hold the passages of each page one after the other, pages in order');
    previous = page;
  }
  return segment.pageNames;
}

async function writeSegmentList(dir: string, list: SegmentList): Promise<void> {
  await writeFile(join(dir, SEGMENT_LIST), JSON.stringify(list));
}

/** Writes a lexical index of one segment into `dir` (created). */
export async function writeLexicalIndex(dir: string, segment: Segment, settings: LexicalSettings): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = segmentFileName();
  writeSegment(join(dir, file), segment);
  await writeSegmentList(dir, { formatVersion: LEXICAL_FORMAT_VERSION, settings, segments: [{ file, deletedPages: [] }], order: pageOrderOf(segment) });
}

/** The settings the lexical index in `dir` was written with. */
export async function readLexicalSettings(dir: string): Promise<LexicalSettings> {
  return (await readSegmentList(dir)).settings;
}

/** Opens the lexical index in `dir`: every segment read, statistics of their live documents. */
export async function openLexicalIndex(dir: string): Promise<LexicalStore> {
  const list = await readSegmentList(dir);
  const segments = list.segments.map((entry) => ({ segment: readSegment(join(dir, entry.file)), deletedPages: new Set(entry.deletedPages) }));
  return LexicalStore.fromSegments(segments, list.settings.fields, list.order);
}

export interface LexicalChange {
  /** Files whose passages must no longer be served (changed or removed). */
  removedPages: ReadonlySet<string>;
  /** Files to index (changed or added), in chunk-store order. */
  addedPages: readonly string[];
  /** Every page with passages after the change, in chunk-store order. */
  order: readonly string[];
  /** How many passages each page of `order` has: a kept page with another count (other chunking) forces a rebuild. */
  passageCounts: ReadonlyMap<string, number>;
  /** A segment of these pages' passages, from the new chunks (pages in chunk-store order). */
  segmentOf: (pages: readonly string[]) => Segment;
  settings: LexicalSettings;
}

export interface LexicalUpdate {
  /** 'updated': a new segment and deletions; 'merged': small segments merged too; 'rebuilt': one new segment of everything. */
  kind: 'updated' | 'merged' | 'rebuilt';
  segments: number;
}

const sameSettings = (a: LexicalSettings, b: LexicalSettings) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes into `dir` (created) the lexical index of `previousDir` with a change applied: previous
 * segments linked, not copied, with the removed pages marked deleted; the added pages as a new
 * segment; small segments merged when there are too many; everything rebuilt when the settings
 * differ or too much of the largest segment is deleted. `previousDir` is never written to.
 */
export async function updateLexicalIndex(previousDir: string, dir: string, change: LexicalChange): Promise<LexicalUpdate> {
  const previous = await readSegmentList(previousDir);
  await mkdir(dir, { recursive: true });
  const rebuild = async (): Promise<LexicalUpdate> => {
    await writeLexicalIndex(dir, change.segmentOf(change.order), change.settings);
    return { kind: 'rebuilt', segments: 1 };
  };
  if (!sameSettings(previous.settings, change.settings)) return rebuild();

  const entries = previous.segments.map((entry) => {
    const { names: pages, passages } = readSegmentPages(join(previousDir, entry.file));
    const deleted = new Set(entry.deletedPages);
    for (const page of pages) if (change.removedPages.has(page)) deleted.add(page);
    const chunkedAlike = pages.every((page, number) => deleted.has(page) || change.passageCounts.get(page) === passages[number]);
    return { file: entry.file, pages, deleted, chunkedAlike };
  });
  const base = entries[0];
  if (!base || base.deleted.size > MAX_DELETED_SHARE * base.pages.length || entries.some((entry) => !entry.chunkedAlike)) return rebuild();

  const order = new Map(change.order.map((page, position) => [page, position]));
  const byOrder = (pages: Iterable<string>) => [...pages].sort((a, b) => order.get(a)! - order.get(b)!);
  const livePages = (entry: (typeof entries)[number]) => entry.pages.filter((page) => !entry.deleted.has(page));
  let kept = entries;
  const newSegments: { file: string; segment: Segment }[] = [];
  let kind: LexicalUpdate['kind'] = 'updated';
  if (entries.length + (change.addedPages.length > 0 ? 1 : 0) > MAX_SEGMENTS) {
    // Merge every segment but the base, with the added pages, into one.
    const merged = byOrder(new Set([...entries.slice(1).flatMap(livePages), ...change.addedPages]));
    kept = [base];
    if (merged.length > 0) newSegments.push({ file: segmentFileName(), segment: change.segmentOf(merged) });
    kind = 'merged';
  } else if (change.addedPages.length > 0) {
    newSegments.push({ file: segmentFileName(), segment: change.segmentOf(byOrder(change.addedPages)) });
  }

  // Every page of the new order must be live in exactly one segment.
  const live = [...kept.flatMap(livePages), ...newSegments.flatMap(({ segment }) => segment.pageNames)];
  if (live.length !== change.order.length || live.some((page) => !order.has(page)) || new Set(live).size !== live.length) {
    throw new Error('the lexical update does not match the chunk store (a page missing, unknown or indexed twice)');
  }

  for (const entry of kept) {
    try {
      await link(join(previousDir, entry.file), join(dir, entry.file));
    } catch {
      await copyFile(join(previousDir, entry.file), join(dir, entry.file));
    }
  }
  for (const { file, segment } of newSegments) writeSegment(join(dir, file), segment);
  await writeSegmentList(dir, {
    formatVersion: LEXICAL_FORMAT_VERSION,
    settings: change.settings,
    segments: [
      ...kept.map((entry) => ({ file: entry.file, deletedPages: [...entry.deleted] })),
      ...newSegments.map(({ file }) => ({ file, deletedPages: [] })),
    ],
    order: [...change.order],
  });
  return { kind, segments: kept.length + newSegments.length };
}

import type { Segment } from './segment.ts';

/** A segment as part of an index: the files deleted from it since it was written (changed or removed) are not served. */
export interface LiveSegment {
  segment: Segment;
  deletedPages: ReadonlySet<string>;
}

/**
 * Global numbers of the live passages and pages of some segments. With `order` (the pages in the
 * order of the chunk store), pages are numbered in that order and a page's passages follow each
 * other, in segment order; without it (one segment built in memory), numbers are the segment's own.
 */
export function numbering(segments: readonly LiveSegment[], order: readonly string[] | null) {
  const deleted = segments.map(({ segment, deletedPages }) => {
    if (deletedPages.size === 0) return { pages: null, passages: null };
    const pages = new Uint8Array(segment.pageNames.length);
    segment.pageNames.forEach((name, page) => (pages[page] = deletedPages.has(name) ? 1 : 0));
    const passages = new Uint8Array(segment.pageOfPassage.length);
    segment.pageOfPassage.forEach((page, passage) => (passages[passage] = pages[page]!));
    return { pages, passages };
  });
  if (order === null) {
    if (segments.length !== 1 || deleted[0]!.pages !== null) throw new Error('an index of several segments needs the order of its pages');
    const { segment } = segments[0]!;
    const identity = (count: number) => Uint32Array.from({ length: count }, (_, index) => index);
    return { deleted, pageNames: segment.pageNames, pageGlobal: [identity(segment.pageNames.length)], passageGlobal: [identity(segment.pageOfPassage.length)] };
  }
  const pageNumber = new Map(order.map((name, position) => [name, position]));
  if (pageNumber.size !== order.length) throw new Error('the page order names a page twice');
  const passagesOfPage = new Uint32Array(order.length);
  const found = new Uint8Array(order.length);
  const pageGlobal = segments.map(({ segment }, part) =>
    Uint32Array.from(segment.pageNames, (name, page) => {
      if (deleted[part]!.pages?.[page]) return 0;
      const global = pageNumber.get(name);
      if (global === undefined) throw new Error(`page ${name} of a segment is not in the page order`);
      if (found[global]) throw new Error(`page ${name} is live in two segments`);
      found[global] = 1;
      return global;
    }),
  );
  const missing = order.findIndex((_, position) => !found[position]);
  if (missing >= 0) throw new Error(`page ${order[missing]} is in no segment`);
  segments.forEach(({ segment }, part) => {
    segment.pageOfPassage.forEach((page, passage) => {
      if (!deleted[part]!.passages?.[passage]) passagesOfPage[pageGlobal[part]![page]!]! += 1;
    });
  });
  const next = new Uint32Array(order.length);
  for (let page = 1; page < order.length; page++) next[page] = next[page - 1]! + passagesOfPage[page - 1]!;
  const passageGlobal = segments.map(({ segment }, part) =>
    Uint32Array.from(segment.pageOfPassage, (page, passage) => (deleted[part]!.passages?.[passage] ? 0 : next[pageGlobal[part]![page]!]!++)),
  );
  return { deleted, pageNames: order, pageGlobal, passageGlobal };
}


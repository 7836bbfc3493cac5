/** A ranked passage and the page it comes from. */
export interface PagedHit {
  index: number;
  score: number;
  page: number;
}

/** Below this share of a page's score, a rival page does not make the question ambiguous at all. */
const RIVAL_FLOOR = 0.5;

/**
 * How much a page's passages should yield places to other pages: 0 while every other page scores below
 * RIVAL_FLOOR of it (the question is about that page, and its further passages are the answer), rising
 * to 1 when a rival page scores as high.
 */
export function pageAmbiguity(pageScore: number, bestRivalScore: number): number {
  if (pageScore <= 0) return 1;
  const ratio = Math.min(1, bestRivalScore / pageScore);
  return Math.max(0, (ratio - RIVAL_FLOOR) / (1 - RIVAL_FLOOR));
}

/**
 * The first `places` of a ranking chosen one at a time, each passage's score lowered by
 * `penalty` × (passages of its page already chosen) × its page's ambiguity; the rest keep their order.
 * When another page is about as likely as the one that took the first place, its best passage then
 * shows among the first few instead of a third passage of the same page.
 * `pageScores` maps each page of the ranking to its score.
 */
export function spreadAcrossPages<Hit extends PagedHit>(ranked: readonly Hit[], pageScores: ReadonlyMap<number, number>, penalty: number, places: number): Hit[] {
  const bestTwo = [...pageScores.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
  const bestRivalOf = (page: number) => (bestTwo[0]?.[0] === page ? (bestTwo[1]?.[1] ?? 0) : (bestTwo[0]?.[1] ?? 0));
  const ambiguity = new Map([...pageScores.keys()].map((page) => [page, pageAmbiguity(pageScores.get(page)!, bestRivalOf(page))]));
  const rest = [...ranked];
  const chosen: Hit[] = [];
  const shown = new Map<number, number>();
  while (chosen.length < places && rest.length > 0) {
    let best = 0;
    let bestScore = -Infinity;
    rest.forEach((hit, position) => {
      const lowered = hit.score - penalty * (shown.get(hit.page) ?? 0) * (ambiguity.get(hit.page) ?? 1);
      if (lowered > bestScore) {
        bestScore = lowered;
        best = position;
      }
    });
    const [hit] = rest.splice(best, 1);
    chosen.push(hit!);
    shown.set(hit!.page, (shown.get(hit!.page) ?? 0) + 1);
  }
  return [...chosen, ...rest];
}

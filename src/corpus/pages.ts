/** The 1-based page holding `offset`, from the offsets where pages start; undefined without a page map. */
export function pageAt(pages: readonly number[] | undefined, offset: number): number | undefined {
  if (!pages || pages.length === 0) return undefined;
  let low = 0;
  let high = pages.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (pages[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * Page furniture: lines that belong to the page, not to the text (reading-time lines, broken image
 * links, lines of only hashtags). They stay in the file but never in a chunk.
 */
const FURNITURE_PATTERNS: RegExp[] = [
  // "Article de 978 mots ⏱️ 5 min de lecture", "5 min read", "Temps de lecture : 3 minutes"
  /^(?:article de \d[\d\s\u00a0\u202f]* mots\s*)?\S{0,3}\s*\d+\s*(?:min(?:utes?)?)\.?\s*(?:de lecture|read|reading)\s*$/iu,
  /^(?:temps de lecture|reading time)\s*:?\s*\d+\s*min(?:utes?)?\.?$/iu,
  // a bare or broken image link: "![](x.png)", "%20(1).png)", "image.jpg"
  /^!\[[^\]]*\]\([^)]*\)?$/u,
  /^\S*\.(?:png|jpe?g|gif|svg|webp|avif)\)?$/iu,
  // a horizontal rule: "---", "***", "___", "==="
  /^([-*_=])(?:\s*\1){2,}$/u,
  // only hashtags: "hashtag#NIF2025 hashtag#NATO", "#ai #defense"
  /^(?:(?:hashtag)?#[\p{L}\p{N}_-]+[\s,]*)+$/u,
];

export function isFurniture(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && FURNITURE_PATTERNS.some((pattern) => pattern.test(trimmed));
}

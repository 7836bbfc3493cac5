import type { Lang } from '../text/lang.ts';

/** The marks around a quotation: « … » in French, “…” in English; none around a plain sentence. */
export function quoteMarks(lang: Lang, isQuotation: boolean): [open: string, close: string] {
  if (!isQuotation) return ['', ''];
  return lang === 'fr' ? ['« ', ' »'] : ['“', '”'];
}

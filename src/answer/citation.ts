import { t } from './strings.ts';
import type { Lang } from '../text/lang.ts';
import type { SourceRef } from '../search/types.ts';

/** "Title — file, ¶ 3, line 7" (the title is left out when it is just the file name). */
export function citationText(source: SourceRef, lang: Lang): string {
  const where = `${source.file}, ¶ ${source.paragraph}, ${t(lang, 'line')} ${source.line}`;
  return source.title === source.file ? where : `${source.title} — ${where}`;
}

import type { SearchMode } from '../search/types.ts';
import type { Lang } from '../text/lang.ts';
import { t } from './strings.ts';

/** "semantic and lexical" or "lexical only", in the reader's language. */
export function modeName(mode: SearchMode, lang: Lang): string {
  return t(lang, mode === 'dense+lexical' ? 'modeDense' : 'modeLexical');
}

/**
 * The one short line under every reply saying how it was searched, in the reader's language. Never the
 * reason for lexical-only: it names server folders, so it goes to the logs and to /status for admins only.
 */
export function modeNotice(reply: { lang: Lang; mode: SearchMode }): string {
  return t(reply.lang, reply.mode === 'lexical-only' ? 'lexicalOnlyShort' : 'semanticShort');
}

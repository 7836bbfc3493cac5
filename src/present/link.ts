import type { TextFragment } from '../text/text-fragment.ts';

/** A link only when it is a web address; anything else (javascript:, relative paths) is not a link. */
export function webUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * A text directive's term, percent-encoded as the text fragment spec requires: what
 * encodeURIComponent encodes (spaces, "&", ",", non-ASCII as UTF-8 bytes…) and "-", which the
 * directive's syntax uses for its prefix and suffix.
 */
export function encodeFragmentTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, '%2D');
}

/** `text=[prefix-,]textStart[,textEnd][,-suffix]` */
export function textDirective(fragment: TextFragment): string {
  const parts: string[] = [];
  if (fragment.prefix) parts.push(`${encodeFragmentTerm(fragment.prefix)}-`);
  parts.push(encodeFragmentTerm(fragment.textStart));
  if (fragment.textEnd) parts.push(encodeFragmentTerm(fragment.textEnd));
  if (fragment.suffix) parts.push(`-${encodeFragmentTerm(fragment.suffix)}`);
  return `text=${parts.join(',')}`;
}

/**
 * A url with a text fragment: `#:~:text=…` after the address, or `:~:text=…` after a fragment it
 * already has (`https://example.org/#test:~:text=foo`). A directive already there is replaced.
 */
export function withTextFragment(url: string, fragment: TextFragment): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const existing = hash === -1 ? '' : url.slice(hash + 1).split(':~:')[0]!;
  return `${base}#${existing}:~:${textDirective(fragment)}`;
}

/** A PDF opened at a page: `#page=N` (pdf.js, Chrome, Firefox, Acrobat follow it). */
export function withPage(url: string, page: number): string {
  const hash = url.indexOf('#');
  return `${hash === -1 ? url : url.slice(0, hash)}#page=${page}`;
}

export interface LinkSource {
  file: string;
  url?: string | null;
  page?: number;
  fragment?: TextFragment;
}

/**
 * The link a citation opens: a PDF at its page; a web source at the quoted words (a text
 * fragment); the plain url when no fragment could be built; null without an http(s) url.
 */
export function citationLink(source: LinkSource): string | null {
  const url = webUrl(source.url);
  if (url === null) return null;
  if (/\.pdf$/iu.test(source.file) || /\.pdf(?:[?#]|$)/iu.test(new URL(url).pathname)) return source.page ? withPage(url, source.page) : url;
  return source.fragment ? withTextFragment(url, source.fragment) : url;
}

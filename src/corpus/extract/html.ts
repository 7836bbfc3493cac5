import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { domToText, type DomNode } from './blocks.ts';
import { ExtractError, type Extracted } from './types.ts';

/** Page chrome that is never the page's text: scripts, navigation, banners, forms, cookie notices. */
const CHROME_SELECTORS = [
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'form', 'nav', 'header', 'footer', 'aside',
  '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="search"]', '[role="dialog"]', '[role="alertdialog"]',
  '[aria-hidden="true"]', '[hidden]',
];
/** Cookie and consent banners, by the id or class that names them. */
const CONSENT = /cookie|consent|gdpr|rgpd|cmp-banner|onetrust|didomi|tarteaucitron/i;
/** Below this many characters, Readability's article is taken to have missed the page's text. */
const MIN_ARTICLE_CHARS = 200;

interface HtmlElement extends DomNode {
  getAttribute(name: string): string | null;
  remove(): void;
  querySelectorAll(selector: string): ArrayLike<HtmlElement>;
  querySelector(selector: string): HtmlElement | null;
  id: string;
  className: string;
}

function httpUrl(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The page's bytes as text, in the charset its BOM or `<meta charset>` names (UTF-8 otherwise). */
function decode(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const declared = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const oneLine = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

function removeChrome(root: HtmlElement): void {
  for (const element of Array.from(root.querySelectorAll(CHROME_SELECTORS.join(',')))) element.remove();
  for (const element of Array.from(root.querySelectorAll('[id],[class]'))) {
    if (CONSENT.test(`${element.getAttribute('id') ?? ''} ${element.getAttribute('class') ?? ''}`)) element.remove();
  }
}

/**
 * The readable text of a web page: Readability's article (navigation, banners, scripts and styles
 * dropped), its headings, paragraphs, list items and table rows kept as the chunker's structure.
 */
export function extractHtml(bytes: Uint8Array): Extracted {
  const html = decode(bytes);
  const { document } = parseHTML(html);
  const doc = document as unknown as HtmlElement & { title: string; documentElement: HtmlElement; body: HtmlElement | null };
  const title = oneLine(doc.querySelector('title')?.textContent) || oneLine(doc.querySelector('h1')?.textContent) || null;
  const url = httpUrl(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'));

  removeChrome(doc.documentElement);
  // Readability changes the tree it reads: it gets a copy, and the cleaned page stays the fallback.
  const fallback = doc.body ? domToText(doc.body) : domToText(doc.documentElement);
  let text = fallback;
  try {
    const copy = parseHTML(doc.documentElement.toString()).document;
    const article = new Readability(copy as never, { charThreshold: MIN_ARTICLE_CHARS }).parse();
    if (article?.content) {
      const articleText = domToText(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document as unknown as DomNode);
      // Readability keeps the main text; when it kept much less than the cleaned page (a page of
      // many short sections, a FAQ), the cleaned page is the better reading.
      if (articleText.trim().length >= Math.min(MIN_ARTICLE_CHARS, fallback.trim().length) && articleText.length >= fallback.length * 0.5) text = articleText;
    }
  } catch {
    // Readability failed on this page: the cleaned page is used.
  }
  if (text.trim() === '') throw new ExtractError('no-text', 'has no readable text');
  return { text, title, url };
}

import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { domToText, type DomNode } from './blocks.ts';
import { ExtractError, type Extracted } from './types.ts';
import { checkZip } from './zip-check.ts';

/**
 * The text of a Word document (.docx) through mammoth's HTML: headings ("heading 1" … styles),
 * paragraphs, lists and table rows kept; images, comments, headers and footers dropped.
 */
export async function extractDocx(bytes: Uint8Array, maxUnzippedBytes: number): Promise<Extracted> {
  checkZip(bytes, maxUnzippedBytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { ignoreEmptyParagraphs: true, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) });
    html = result.value;
  } catch (error) {
    throw new ExtractError('malformed', `is not a readable Word document (${((error as Error).message ?? String(error)).slice(0, 120)})`);
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const text = domToText(document as unknown as DomNode);
  if (text.trim() === '') throw new ExtractError('no-text', 'has no text');
  return { text, title: null, url: null };
}

import { ExtractError } from './types.ts';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * Refuse a zip (a .docx) whose entries would inflate past `maxUnzippedBytes`, read from its central
 * directory before anything is inflated. A zip that lies in its headers is still bounded by the
 * extraction worker's memory and time limits.
 */
export function checkZip(bytes: Uint8Array, maxUnzippedBytes: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end === -1) throw new ExtractError('malformed', 'is not a Word document (no zip directory)');
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  let total = 0;
  for (let index = 0; index < entries; index += 1) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_ENTRY) throw new ExtractError('malformed', 'is not a Word document (broken zip directory)');
    const compressed = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff || compressed === 0xffffffff) throw new ExtractError('too-large', 'holds a zip64 entry (over 4 GB unpacked): skipped');
    total += size;
    if (total > maxUnzippedBytes) {
      throw new ExtractError('too-large', `unpacks to more than ${Math.round(maxUnzippedBytes / 1024 / 1024)} MB (a zip bomb?): skipped`);
    }
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
}

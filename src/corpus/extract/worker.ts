/**
 * The extraction worker: one file at a time, in a thread of its own with a bounded heap, so that a
 * hostile file (a zip bomb, a huge page, a parser that loops) can be stopped without the build.
 */
import { parentPort } from 'node:worker_threads';
import { extractDocx } from './docx.ts';
import { extractHtml } from './html.ts';
import { extractPdf } from './pdf.ts';
import { ExtractError, type ExtractFormat, type Extracted } from './types.ts';

export interface ExtractRequest {
  id: number;
  format: ExtractFormat;
  bytes: Uint8Array;
  maxUnzippedBytes: number;
}

export type ExtractResponse =
  | { id: number; ok: true; extracted: Extracted }
  | { id: number; ok: false; reason: ExtractError['reason']; message: string };

export async function extractBytes(request: Omit<ExtractRequest, 'id'>): Promise<Extracted> {
  if (request.format === 'html') return extractHtml(request.bytes);
  if (request.format === 'pdf') return extractPdf(request.bytes);
  return extractDocx(request.bytes, request.maxUnzippedBytes);
}

parentPort?.on('message', async (request: ExtractRequest) => {
  let response: ExtractResponse;
  try {
    response = { id: request.id, ok: true, extracted: await extractBytes(request) };
  } catch (error) {
    response =
      error instanceof ExtractError
        ? { id: request.id, ok: false, reason: error.reason, message: error.message }
        : { id: request.id, ok: false, reason: 'malformed', message: `could not be read (${String((error as Error)?.message ?? error).slice(0, 160)})` };
  }
  parentPort!.postMessage(response);
});
// Loaded: the parent starts a file's clock from here, not from the thread's start.
parentPort?.postMessage({ ready: true });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureLexicalBefore } from './lexical-before.ts';
import type { LexicalScaleOptions, LexicalScaleResult } from './lexical-common.ts';
import { measureLexicalFts5 } from './lexical-fts5.ts';
import { measureLexicalSegments } from './lexical-segments.ts';

export type { LexicalScaleOptions, LexicalScaleResult, LexicalVariant } from './lexical-common.ts';

/** Measures one lexical index at one size, in a temporary folder removed afterwards. */
export async function measureLexicalAtSize(options: Omit<LexicalScaleOptions, 'workDir'>): Promise<LexicalScaleResult> {
  const workDir = mkdtempSync(join(tmpdir(), `citebot-scale-${options.variant}-`));
  try {
    const measure = { before: measureLexicalBefore, segments: measureLexicalSegments, fts5: measureLexicalFts5 }[options.variant];
    return await measure({ ...options, workDir });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

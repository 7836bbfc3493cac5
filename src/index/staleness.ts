import { join } from 'node:path';
import { CHUNKER_VERSION } from '../corpus/chunk.ts';
import { readCorpusHashes } from '../corpus/read-corpus.ts';
import type { Embedder } from '../embed/types.ts';
import { TOKENIZER_VERSION } from '../text/tokenize.ts';
import { readKnownHashes } from './corpus-stamps.ts';
import { buildFiles } from './layout.ts';
import { readLexicalSettings } from './lexical-files.ts';
import { INDEX_FORMAT_VERSION, madeBy } from './manifest.ts';
import { readCurrentBuild, readFormatVersion, readManifest } from './read-build.ts';

export interface StalenessInput {
  indexDir: string;
  corpusDir: string;
  chunkMaxChars: number;
  /** The model that would be used now (null: none could be loaded). */
  embedder: Embedder | null;
}

/** Why the index must be (re)built, or null when it matches the corpus, the chunker and the model. */
export async function whyRebuild(input: StalenessInput): Promise<string | null> {
  const buildDir = await readCurrentBuild(input.indexDir).catch(() => null);
  if (!buildDir) return 'no index yet';
  let manifest;
  try {
    manifest = await readManifest(buildDir);
  } catch {
    const version = await readFormatVersion(buildDir);
    return version !== null && version !== INDEX_FORMAT_VERSION ? `the index is of another format (${version}; this version reads ${INDEX_FORMAT_VERSION})` : 'the index is unreadable';
  }
  if (manifest.chunker.version !== CHUNKER_VERSION || manifest.chunker.maxChars !== input.chunkMaxChars) return 'the chunking rules changed';
  const lexicalSettings = await readLexicalSettings(join(buildDir, buildFiles.lexical)).catch(() => null);
  if (lexicalSettings?.tokenizer !== TOKENIZER_VERSION) return lexicalSettings ? 'the rules that make search terms of words changed' : 'the lexical index is unreadable';
  const { embedder } = input;
  if (embedder && !manifest.model) return `the index is lexical-only and ${embedder.modelId} is now available`;
  if (embedder && manifest.model && !madeBy(manifest.model, embedder)) {
    return `the index was built with ${manifest.model.id} (${manifest.model.dtype}); the configured model is ${embedder.modelId} (${embedder.dtype})`;
  }
  const hashes = await readCorpusHashes(input.corpusDir, await readKnownHashes(join(buildDir, buildFiles.corpusStamps), manifest.files));
  const files = new Set([...Object.keys(hashes), ...Object.keys(manifest.files)]);
  const changed = [...files].filter((file) => hashes[file] !== manifest.files[file]);
  if (changed.length > 0) return `corpus changed (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''})`;
  return null;
}

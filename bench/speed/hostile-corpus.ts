import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files shaped to hurt a chunker: what a team's corpus folder can hold by accident (an export on one
 * line, a log, a spreadsheet as a Markdown table, a code dump). `scale` 1 writes about 19 MB.
 */
export const HOSTILE_FILES: Record<string, (scale: number) => string> = {
  'one-line.txt': (scale) => 'mot '.repeat(2_000_000 * scale) + '\n',
  'no-space.txt': (scale) => 'x'.repeat(1_000_000 * scale) + '\n',
  'short-lines.txt': (scale) => Array.from({ length: 200_000 * scale }, (_, index) => `ligne ${index}`).join('\n') + '\n',
  'nested-list.md': (scale) => Array.from({ length: 20_000 * scale }, (_, index) => `${'  '.repeat(index % 200)}- élément ${index}`).join('\n') + '\n',
  'table.md': (scale) =>
    '| a | b | c |\n|---|---|---|\n' + Array.from({ length: 50_000 * scale }, (_, index) => `| ${index} | valeur ${index} | texte ${index} |`).join('\n') + '\n',
  'code.md': (scale) => '# Code\n\n```\n' + Array.from({ length: 50_000 * scale }, (_, index) => `let x${index} = ${index};`).join('\n') + '\n```\n',
  'headings.md': (scale) => Array.from({ length: 30_000 * scale }, (_, index) => `${'#'.repeat(1 + (index % 6))} Titre ${index}`).join('\n') + '\n',
  'sentences.txt': (scale) => Array.from({ length: 100_000 * scale }, (_, index) => `M. Dupont a signé le contrat ${index}.`).join(' ') + '\n',
};

/** Writes the hostile files into `dir`; returns their total size in bytes. */
export async function writeHostileCorpus(dir: string, scale = 1): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  for (const [name, contents] of Object.entries(HOSTILE_FILES)) {
    const text = contents(scale);
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, name), text);
  }
  return bytes;
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cacheDir } from '../lib/cache.ts';
import { paragraphsOfRenderedPage, type ManParagraph } from './paragraphs.ts';

/** manpages-fr alone has about 18,000 paragraphs; its -dev sibling (sections 2 and 3) brings the total to about 36,000. */
export const MANPAGE_PACKAGES = ['manpages-fr', 'manpages-fr-dev'];

function run(command: string, args: string[], cwd?: string): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

function downloadPackage(name: string, dir: string): string {
  const existing = readdirSync(dir).find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
  if (existing) return path.join(dir, existing);
  let download = run('apt-get', ['download', name], dir);
  if (!download.ok) {
    run('apt-get', ['update']);
    download = run('apt-get', ['download', name], dir);
  }
  const fetched = readdirSync(dir).find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
  if (!download.ok || !fetched) throw new Error(`apt-get download ${name} failed: ${download.output.trim().split('\n').pop()}`);
  return path.join(dir, fetched);
}

function ensureGroff(): void {
  if (run('groff', ['--version']).ok) return;
  const install = run('apt-get', ['install', '-y', 'groff-base']);
  if (!install.ok || !run('groff', ['--version']).ok) throw new Error('groff is not installed and apt-get install groff-base failed');
}

function manPageFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile() && entry.endsWith('.gz')) files.push(full);
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

function render(source: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const groff = spawn('groff', ['-k', '-man', '-Tutf8', '-P', '-cbou', '-rLL=2000n'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let output = '';
    groff.stdout.setEncoding('utf8');
    groff.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    groff.on('close', () => resolve(output));
    groff.on('error', () => resolve(''));
    groff.stdin.on('error', () => undefined);
    groff.stdin.end(source);
  });
}

export interface RenderedPage {
  /** Page name and section, e.g. "nss(5)". */
  page: string;
  rendered: string;
}

async function renderAll(files: string[], concurrency: number): Promise<RenderedPage[]> {
  const results: (RenderedPage | null)[] = new Array(files.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index] as string;
      const source = gunzipSync(readFileSync(file));
      // ".so" pages only point at another page; the target is rendered on its own.
      if (/^\.so\s/m.test(source.subarray(0, 200).toString('utf8'))) continue;
      const page = path.basename(file, '.gz').replace(/\.(\w+)$/, '($1)');
      results[index] = { page, rendered: await render(source) };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results.filter((result): result is RenderedPage => result !== null);
}

function distinctParagraphs(pages: RenderedPage[]): ManParagraph[] {
  const seen = new Set<string>();
  return pages
    .flatMap(({ page, rendered }) => paragraphsOfRenderedPage(page, rendered))
    .filter((paragraph) => {
      if (seen.has(paragraph.text)) return false;
      seen.add(paragraph.text);
      return true;
    });
}

export interface ManpageCorpus {
  packages: string[];
  pages: number;
  paragraphs: ManParagraph[];
}

/**
 * French manual pages from Debian, cut into paragraphs (duplicates dropped), cached as JSON lines in
 * bench/.cache/manpages (rendered pages as JSON lines; paragraphs are cut on load). Throws with the reason when the packages cannot be fetched or rendered.
 */
export async function loadManpageCorpus(packages = MANPAGE_PACKAGES): Promise<ManpageCorpus> {
  const pages = await loadRenderedManpages(packages, 'usr/share/man/fr');
  const paragraphs = distinctParagraphs(pages);
  if (paragraphs.length === 0) throw new Error('the manual pages rendered to no paragraphs');
  return { packages, pages: pages.length, paragraphs };
}

/**
 * Debian packages' manual pages under `manDir` (inside each package), each rendered by groff, cached as
 * JSON lines in bench/.cache/manpages. Symbolic links and ".so" pages (another name for a page) are
 * left out. Throws with the reason when the packages cannot be fetched or rendered.
 */
export async function loadRenderedManpages(packages: readonly string[], manDir: string): Promise<RenderedPage[]> {
  const dir = cacheDir('manpages');
  const cacheFile = path.join(dir, `${packages.join('+')}.rendered.jsonl`);
  if (existsSync(cacheFile)) {
    return readFileSync(cacheFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RenderedPage);
  }
  const pages = await fetchAndRender(packages, dir, manDir);
  writeFileSync(`${cacheFile}.tmp`, pages.map((page) => JSON.stringify(page)).join('\n') + '\n');
  renameSync(`${cacheFile}.tmp`, cacheFile);
  return pages;
}

async function fetchAndRender(packages: readonly string[], dir: string, manDir: string): Promise<RenderedPage[]> {
  ensureGroff();
  const files: string[] = [];
  for (const name of packages) {
    const deb = downloadPackage(name, dir);
    const target = path.join(dir, name);
    if (!existsSync(target)) {
      const unpack = run('dpkg-deb', ['-x', deb, `${target}.tmp`]);
      if (!unpack.ok) throw new Error(`dpkg-deb -x ${deb} failed: ${unpack.output.trim()}`);
      renameSync(`${target}.tmp`, target);
    }
    files.push(...manPageFiles(path.join(target, manDir)));
  }
  return renderAll(files, 2);
}

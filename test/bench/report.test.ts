import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { replaceSection, writeSection } from '../../bench/lib/report.ts';
import { summarize } from '../../bench/lib/stats.ts';
import { table } from '../../bench/lib/markdown.ts';

test('a section is rewritten between its markers and the others are kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'citebot-bench-'));
  try {
    const file = join(dir, 'BENCHMARKS.md');
    writeSection('scale', 'first scale', file);
    writeSection('quality', 'quality figures', file);
    writeSection('scale', 'second scale', file);
    const text = await readFile(file, 'utf8');
    assert.match(text, /<!-- bench:scale:start -->\nsecond scale\n<!-- bench:scale:end -->/);
    assert.doesNotMatch(text, /first scale/);
    assert.match(text, /quality figures/);
    assert.ok(text.indexOf('quality figures') < text.indexOf('second scale'), 'sections keep their order');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing section is appended', () => {
  assert.equal(replaceSection('# Title\n', 'speed', 'fast'), '# Title\n\n<!-- bench:speed:start -->\nfast\n<!-- bench:speed:end -->\n');
});

test('percentiles and tables', () => {
  const summary = summarize([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
  assert.equal(summary.p50, 5);
  assert.equal(summary.p95, 10);
  assert.equal(summary.mean, 5.5);
  assert.equal(table(['a', 'b'], [[1, undefined]]), '| a | b |\n| --- | --- |\n| 1 | — |');
});

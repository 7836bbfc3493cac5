// Logs: JSON lines for services and collectors, short human lines for a person (LOG_FORMAT).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config.ts';

function logOnce(format: string): string {
  const script = `import { createLogger } from './src/log.ts'; createLogger('info', '${format}').info({ files: 5 }, 'index ready');`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '', 'logs never go to stdout');
  return child.stderr;
}

describe('log format', () => {
  it('json: one JSON object a line', () => {
    const line = JSON.parse(logOnce('json').trim()) as Record<string, unknown>;
    assert.equal(line.msg, 'index ready');
    assert.equal(line.files, 5);
  });

  it('pretty: a short human line, no JSON object', () => {
    const text = logOnce('pretty');
    assert.match(text, /INFO.*index ready/);
    assert.doesNotMatch(text, /^\{/m);
  });

  it('auto on a pipe (not a terminal) is JSON', () => {
    assert.doesNotThrow(() => JSON.parse(logOnce('auto').trim()));
  });

  it('LOG_FORMAT is validated with the rest of the configuration', () => {
    assert.equal(parseConfig({}).LOG_FORMAT, 'auto');
    assert.equal(parseConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT, 'json');
    assert.throws(() => parseConfig({ LOG_FORMAT: 'xml' }), /LOG_FORMAT/);
  });
});

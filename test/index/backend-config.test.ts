// Choosing the backend: files by default, postgres with a DATABASE_URL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config.ts';

describe('INDEX_BACKEND and DATABASE_URL', () => {
  it('INDEX_BACKEND=postgres needs DATABASE_URL, a postgres:// one', () => {
    assert.throws(() => parseConfig({ INDEX_BACKEND: 'postgres' }), /DATABASE_URL: required when INDEX_BACKEND=postgres/);
    assert.throws(() => parseConfig({ INDEX_BACKEND: 'postgres', DATABASE_URL: 'mysql://x' }), /DATABASE_URL: expected postgres:/);
    assert.throws(() => parseConfig({ INDEX_BACKEND: 'sqlite' }), /INDEX_BACKEND/);
    assert.equal(parseConfig({}).INDEX_BACKEND, 'files', 'files by default');
    assert.equal(parseConfig({ INDEX_BACKEND: 'postgres', DATABASE_URL: 'postgres://u@h/db' }).INDEX_BACKEND, 'postgres');
  });
});

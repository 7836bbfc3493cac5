import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { langOfLocale } from '../../src/text/lang.ts';

describe('language of a locale', () => {
  it('French for fr*, English for anything else or nothing', () => {
    for (const locale of ['fr', 'fr-CA', 'FR-fr', 'fr_FR.UTF-8']) assert.equal(langOfLocale(locale), 'fr', locale);
    for (const locale of ['en-US', 'de', '', null, undefined]) assert.equal(langOfLocale(locale), 'en', String(locale));
  });
});

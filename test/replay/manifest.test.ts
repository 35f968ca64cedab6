/**
 * Every capture of the recorded Xero folder is accounted for: the manifest (made from the folder, checked against it in
 * CI by test/conformance/xero-recorded.test.ts) names each capture's fixture or why it has none, each named fixture is
 * here, nothing here is missing from the manifest, and each fixture has its replay.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLAYS } from './behaviours.js';
import { FIXTURES_DIR, fixtureFiles, loadFixture, loadManifest } from './fixtures.js';

describe('replay fixtures: every capture accounted for', () => {
  const manifest = loadManifest();
  const files = fixtureFiles();

  it('names a fixture, or the reason there is none, for each of the 125 captures', () => {
    expect(manifest.captures).toHaveLength(125);
    for (const entry of manifest.captures) {
      if (entry.fixture === null) expect(entry.reason, entry.capture).toMatch(/\w/);
      else expect(existsSync(join(FIXTURES_DIR, entry.fixture)), `${entry.capture} -> ${entry.fixture}`).toBe(true);
    }
    expect(manifest.captures.filter((c) => c.capture.startsWith('xeroizer/records/'))).toHaveLength(90);
  });

  it('has no fixture that is neither in the manifest nor found since (found/)', () => {
    const named = new Set(manifest.captures.map((c) => c.fixture).filter((f): f is string => f !== null));
    expect(files.filter((f) => !named.has(f) && !f.startsWith('found/'))).toEqual([]);
  });

  it('names its source and capture in every fixture', () => {
    for (const f of files) {
      const fixture = loadFixture(f);
      expect(Object.keys(fixture.source).length, f).toBeGreaterThan(0);
      expect(fixture.capture.replace(/\.(xml|txt|json)$/, ''), f).toBe(f.replace(/\.json$/, ''));
    }
  });

  it('replays every fixture that is not one of the 90 documents (those have documents.test.ts)', () => {
    const behaviours = files.filter((f) => !f.startsWith('xeroizer/records/'));
    expect(behaviours.filter((f) => REPLAYS[f] === undefined)).toEqual([]);
    expect(Object.keys(REPLAYS).filter((k) => !behaviours.includes(k))).toEqual([]);
  });
});

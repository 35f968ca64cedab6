/**
 * The replay fixtures (test/replay/fixtures) against the recorded Xero answers they were made from: every capture in
 * the recorded folder is in the manifest with its checksum, and every fixture is exactly what test/replay/convert.ts
 * makes of its capture today. The folder's path comes from XERO_RECORDED_DIR (set by .ci/run); without it this suite
 * skips, or fails under CI=true. REPLAY_WRITE_FIXTURES=1 writes the fixtures and the manifest instead of comparing.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertCapture, fixturePath, sha256, type ManifestEntry } from '../replay/convert.js';

const recordedDir = process.env['XERO_RECORDED_DIR'];
const inCi = process.env['CI'] === 'true';
const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'replay', 'fixtures');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

if (!recordedDir) {
  if (inCi) {
    describe('recorded Xero answers', () => {
      it('needs XERO_RECORDED_DIR under CI', () => {
        throw new Error('XERO_RECORDED_DIR is not set; .ci/run should point it at ../shared/reference/xero/recorded');
      });
    });
  } else {
    console.log('skipping the recorded-answers check: set XERO_RECORDED_DIR to the recorded Xero folder');
    describe.skip('recorded Xero answers (XERO_RECORDED_DIR not set)', () => {
      it('skipped', () => undefined);
    });
  }
} else {
  const dir = recordedDir;
  const captures = filesUnder(dir)
    .map((path) => relative(dir, path).split('\\').join('/'))
    .sort();
  const converted = captures.map((capture) => {
    const bytes = readFileSync(join(dir, capture));
    return { capture, bytes, result: convertCapture(capture, bytes) };
  });
  const manifest: ManifestEntry[] = converted.map(({ capture, bytes, result }) =>
    'fixture' in result
      ? { capture, sha256: sha256(bytes), fixture: fixturePath(capture) }
      : { capture, sha256: sha256(bytes), fixture: null, reason: result.reason },
  );

  if (process.env['REPLAY_WRITE_FIXTURES'] === '1') {
    describe('recorded Xero answers', () => {
      it('writes the replay fixtures and their manifest', () => {
        for (const { result } of converted) {
          if (!('fixture' in result)) continue;
          const path = join(fixturesDir, fixturePath(result.fixture.capture));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, `${JSON.stringify(result.fixture, null, 2)}\n`);
        }
        writeFileSync(join(fixturesDir, 'manifest.json'), `${JSON.stringify({ captures: manifest }, null, 2)}\n`);
      });
    });
  } else {
    describe('recorded Xero answers', () => {
      it('lists every capture in the manifest, with its checksum', () => {
        const committed = JSON.parse(readFileSync(join(fixturesDir, 'manifest.json'), 'utf8')) as { captures: ManifestEntry[] };
        expect(committed.captures).toEqual(manifest);
      });

      it.each(converted.filter((c) => 'fixture' in c.result).map((c) => [c.capture, c] as const))('%s is what its fixture says', (_name, c) => {
        if (!('fixture' in c.result)) return;
        const committed = JSON.parse(readFileSync(join(fixturesDir, fixturePath(c.capture)), 'utf8')) as unknown;
        expect(committed).toEqual(c.result.fixture);
      });
    });
  }
}

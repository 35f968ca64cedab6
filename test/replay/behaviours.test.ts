/**
 * Replays every recorded Xero behaviour (error bodies, life-cycle refusals, tax set-up, rate limits) and every answer
 * found since in public sources against the emulator; a difference fails with the capture's name. Deliberate
 * differences are written to the log by the replay itself (see behaviours.ts, `differs`).
 */
import { describe, it } from 'vitest';
import { REPLAYS } from './behaviours.js';
import { fixtureFiles, loadFixture } from './fixtures.js';

const replayed = fixtureFiles().filter((f) => !f.startsWith('xeroizer/records/'));

describe('replay: recorded Xero behaviours', () => {
  it.each(replayed)('%s', async (path) => {
    const replay = REPLAYS[path];
    if (replay === undefined) throw new Error(`${path}: no replay in test/replay/behaviours.ts`);
    if (typeof replay !== 'function') {
      // Replayed inside another capture's replay (a request and its answer).
      if (REPLAYS[replay.by] === undefined) throw new Error(`${path}: replayed by ${replay.by}, which has no replay`);
      return;
    }
    const fixture = loadFixture(path);
    await replay(fixture, fixture.recorded);
  });
});

import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/storage.js';
import { runCli, spawnCli } from '../support/cli.js';
import { postgresUrl, testDatabases } from '../support/databases.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, baselineAndVictim, compareLedgers, controlXero, ledgerOf, pause, xeroBooks } from './support.js';

// Several workers share one Xero grant while its tokens expire and rotate under them (the emulator's clock jumps past the
// 30-minute access token life, repeatedly), then the grant dies (60 days unused: invalid_grant). Nothing may be lost:
// entries wait while Xero needs reconnecting and finish once it is reconnected, with the undisturbed run's books.
const STORE = { customers: 20, products: 12, orders: 40, clock: () => Date.UTC(2026, 10, 20, 12) };
const WORKERS = 3;

describe('token rotation under load', () => {
  let baseline: Stack;
  let victim: Stack;
  let drop: () => Promise<void> = async () => undefined;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // Several processes share the queue: PostgreSQL when there is one, else a SQLite file.
    const pgDb = postgresUrl() ? testDatabases().find((d) => d.name === 'postgres') : undefined;
    const db = pgDb ? await pgDb.create() : undefined;
    if (db) drop = db.drop;
    ({ baseline, victim } = await baselineAndVictim(STORE, db ? { databaseUrl: db.url } : {}));
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await Promise.all([baseline?.close(), victim?.close()]);
    await drop();
  });

  it('loses nothing while tokens rotate and after one invalid_grant', async () => {
    // Slow answers keep the work going long enough for the clock to move under it.
    await controlXero(victim, '/faults', { kind: 'slow', rate: 0.5, ms: 150, path: '/api.xro/' });
    const queued = await runCli(['queue', 'add', 'all', '--json'], victim.env);
    expect(queued.code, queued.stderr).toBe(0);
    let output = '';
    for (let i = 0; i < WORKERS; i++) {
      const w = spawnCli(['worker'], { ...victim.env, LOG_LEVEL: 'warn' });
      w.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      w.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      workers.push(w);
    }
    const storage = await openStorage(victim.env['DATABASE_URL']!);
    try {
      // Three rotations while the workers post.
      for (let i = 0; i < 3; i++) {
        await pause(700);
        await controlXero(victim, '/clock', { advanceMs: 31 * 60_000 });
      }
      // Then the grant expires unused: the next refresh answers invalid_grant.
      await controlXero(victim, '/clock', { advanceMs: 61 * 24 * 60 * 60_000 });
      let reconnected = false;
      for (let round = 0; round < 400; round++) {
        await pause(500);
        if (!reconnected && (/reconnect|invalid_grant|paused/i.test(output) || round > 20)) {
          await victim.connectXero();
          reconnected = true;
        }
        if (reconnected && (await storage.queue.outstanding()) === 0) break;
      }
      console.log(`workers reported the lost grant: ${/reconnect|invalid_grant|paused/i.test(output)}`);
      // Finished: posted, or skipped on purpose with its reason (a canceled order, a "do not pay" invoice).
      const left = (await storage.queue.list({ limit: 1000 })).filter((e) => e.state !== 'done' && e.state !== 'skipped');
      expect(left.map((e) => `${e.entity_type} ${e.magento_id} ${e.state}: ${e.last_error ?? ''}`), 'entries not done').toEqual([]);
    } finally {
      await storage.close();
    }
    expect(workers.every((w) => w.exitCode === null), `a worker died:\n${output.slice(-2000)}`).toBe(true);
    for (const w of workers) w.kill('SIGTERM');
    await controlXero(victim, '/faults', undefined, 'DELETE');

    const [expected, actual] = await Promise.all([xeroBooks(baseline.xero.url), xeroBooks(victim.xero.url)]);
    expect(auditBooks(victim, actual)).toEqual([]);
    expect(compareLedgers(ledgerOf(expected), ledgerOf(actual))).toEqual([]);
  });
});

import { appendFileSync, mkdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/storage.js';
import { runCli, spawnCli } from '../support/cli.js';
import { postgresUrl, testDatabases } from '../support/databases.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, baselineAndVictim, compareLedgers, ledgerOf, pause, xeroBooks } from './support.js';

// What a PostgreSQL restart looks like to its clients: every connection of the workers is terminated mid-run (only ours,
// found by application_name, so other suites sharing the server are not disturbed). The workers must reconnect and
// finish the queue with the same books as an undisturbed run.
const STORE = { customers: 20, products: 12, orders: 40, clock: () => Date.UTC(2026, 10, 20, 12) };
const base = postgresUrl();
const WORKERS = 2;
const LOGS = 'test-results';

describe.skipIf(!base)('PostgreSQL connections terminated mid-run', () => {
  let baseline: Stack;
  let victim: Stack;
  let drop: () => Promise<void> = async () => undefined;
  const appName = `mx_resilience_${process.pid}`;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const db = await testDatabases().find((d) => d.name === 'postgres')!.create();
    drop = db.drop;
    const url = new URL(db.url);
    url.searchParams.set('application_name', appName);
    ({ baseline, victim } = await baselineAndVictim(STORE, { databaseUrl: url.toString() }));
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await Promise.all([baseline?.close(), victim?.close()]);
    await drop();
  });

  it('workers reconnect and finish the queue', async () => {
    const queued = await runCli(['queue', 'add', 'all', '--json'], victim.env);
    expect(queued.code, queued.stderr).toBe(0);
    const exits: string[] = [];
    mkdirSync(LOGS, { recursive: true });
    for (let i = 0; i < WORKERS; i++) {
      const w = spawnCli(['worker'], { ...victim.env, LOG_LEVEL: 'warn' });
      // The workers' warnings, kept for reading after a failed run.
      w.stdout?.on('data', (d: Buffer) => appendFileSync(`${LOGS}/database-restart-worker-${i}.log`, d));
      let stderr = '';
      w.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      w.once('exit', (code, signal) => exits.push(`worker ${i} exited (${code ?? signal}): ${stderr.slice(-500)}`));
      workers.push(w);
    }
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    let terminated = 0;
    try {
      const storage = await openStorage(victim.env['DATABASE_URL']!);
      try {
        for (let round = 0; round < 240; round++) {
          await pause(500);
          if (round % 3 === 1 && round < 20 && !process.env['MX_NO_TERMINATE']) {
            const r = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [appName]);
            terminated += r.rowCount ?? 0;
          }
          if (exits.length > 0) break;
          const left = await storage.queue.outstanding().catch(() => -1);
          if (left === 0 && round > 20) break;
        }
      } finally {
        await storage.close();
      }
    } finally {
      await admin.end();
    }
    if (!process.env['MX_NO_TERMINATE']) expect(terminated).toBeGreaterThan(0);
    expect(exits, 'a worker died instead of reconnecting').toEqual([]);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => (w.exitCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));

    const counts = await runCli(['queue', 'list', '--json', '--limit', '0'], victim.env);
    const errors = await runCli(['log', '--status', 'error', '--json'], victim.env);
    console.log(`queue: ${JSON.stringify(JSON.parse(counts.stdout || '{}').counts)}\nerrors: ${errors.stdout.slice(0, 3000)}`);
    const [expected, actual] = await Promise.all([xeroBooks(baseline.xero.url), xeroBooks(victim.xero.url)]);
    expect(auditBooks(victim, actual)).toEqual([]);
    expect(compareLedgers(ledgerOf(expected), ledgerOf(actual))).toEqual([]);
  });
});

import { appendFileSync, mkdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { runCli, spawnCli } from '../support/cli.js';
import { postgresUrl, testDatabases } from '../support/databases.js';
import type { Stack } from '../support/stack.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { auditBooks, baselineAndVictim, compareLedgers, ledgerOf, pause, xeroBooks } from './support.js';

// What a PostgreSQL restart and a short outage look like to the workers. The workers reach PostgreSQL and Xero through
// proxies the test controls, so every disturbance happens at a point the test chooses, not when a timer fires (the run
// must give the same result on an idle machine and on a loaded one):
// 1. Xero is held until a worker is mid-batch (a request of its is waiting), then the database goes down: every
//    connection is closed and new ones are refused.
// 2. A third worker is started during the outage: it must keep retrying its start-up (it said so) instead of exiting.
// 3. The database comes back and Xero answers again; later, once more work is mid-batch, every connection is cut again
//    (a restart without an outage).
// The workers must finish the queue with the same books as an undisturbed run.
const STORE = { customers: 20, products: 12, orders: 40, clock: () => Date.UTC(2026, 10, 20, 12) };
const base = postgresUrl();
const LOGS = 'test-results';

describe.skipIf(!base)('PostgreSQL restart and outage mid-run', () => {
  let baseline: Stack;
  let victim: Stack;
  let direct = '';
  let drop: () => Promise<void> = async () => undefined;
  let database: TcpProxy;
  let xero: TcpProxy;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const db = await testDatabases().find((d) => d.name === 'postgres')!.create();
    drop = db.drop;
    direct = db.url;
    const url = new URL(db.url);
    database = new TcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${await database.start()}`;
    ({ baseline, victim } = await baselineAndVictim(STORE, { databaseUrl: url.toString() }));
    const api = new URL(victim.xero.url);
    xero = new TcpProxy({ host: api.hostname, port: Number(api.port) });
    victim.env['XERO_API_URL'] = `http://127.0.0.1:${await xero.start()}`;
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await Promise.all([baseline?.close(), victim?.close(), database?.close(), xero?.close()]);
    await drop();
  });

  it('workers reconnect, a worker started during the outage waits for the database, and the queue is finished', async () => {
    const queued = await runCli(['queue', 'add', 'all', '--json'], victim.env);
    expect(queued.code, queued.stderr).toBe(0);
    mkdirSync(LOGS, { recursive: true });
    const exits: string[] = [];
    const outputs: string[] = [];
    const start = (i: number, level: string) => {
      const w = spawnCli(['worker'], { ...victim.env, LOG_LEVEL: level, LOG_FORMAT: 'json', DATABASE_RETRY_SECONDS: '900' });
      outputs[i] = '';
      // The workers' log, kept for reading after a failed run.
      w.stdout?.on('data', (d: Buffer) => {
        outputs[i] += d.toString();
        appendFileSync(`${LOGS}/database-restart-worker-${i}.log`, d);
      });
      let stderr = '';
      w.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      w.once('exit', (code, signal) => exits.push(`worker ${i} exited (${code ?? signal}): ${stderr.slice(-500)}`));
      workers.push(w);
      return w;
    };
    const said = async (i: number, text: string) => {
      while (!outputs[i]?.includes(text)) {
        if (exits.length > 0) return;
        await pause(100);
      }
    };

    const storage: Storage = await openStorage(direct);
    try {
      // 1. Two workers start; the first Xero request waits, so the run is certainly mid-batch when the database goes.
      xero.hold();
      start(0, 'warn');
      start(1, 'warn');
      await xero.until(() => xero.heldRequests > 0);
      expect(database.down(), 'the workers had open database connections').toBeGreaterThan(0);
      expect(await storage.queue.outstanding()).toBeGreaterThan(0);

      // 2. A worker started now cannot reach the database: it says so and keeps trying.
      start(2, 'info');
      await said(2, 'not reachable yet');
      expect(exits).toEqual([]);
      expect(database.refused).toBeGreaterThan(0);

      // 3. The database is back and Xero answers: the third worker finishes starting.
      database.up();
      xero.release();
      await said(2, 'worker started');
      expect(exits, 'a worker died instead of waiting for the database').toEqual([]);

      // 4. A restart without an outage, while work is in hand (unless the queue was finished first).
      const heldBefore = xero.heldRequests;
      xero.hold();
      while (exits.length === 0) {
        if (xero.heldRequests > heldBefore) {
          database.cut();
          break;
        }
        if ((await storage.queue.outstanding()) === 0) break;
        await pause(100);
      }
      xero.release();

      // 5. However long it takes on this machine (the suite's timeout is the limit), the queue is finished.
      while (exits.length === 0 && (await storage.queue.outstanding()) > 0) await pause(250);
    } finally {
      xero.release();
      await storage.close();
    }
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

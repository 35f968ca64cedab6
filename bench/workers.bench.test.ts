import type { ChildProcess } from 'node:child_process';
import { expect, it } from 'vitest';
import { openStorage } from '../src/storage/storage.js';
import { runCli, spawnCli } from '../test/support/cli.js';
import { postgresUrl, testDatabases } from '../test/support/databases.js';
import { auditBooks, xeroBooks } from '../test/resilience/support.js';
import { cliStack, exited, pause, tail } from './cli-support.js';
import { documentsByKind, writeResult } from './support.js';

// 3b. Throughput with 1, 2 and 4 separate `magento-xero worker` processes sharing one PostgreSQL queue: the store is
// queued once with `queue add all`, then N workers are started and timed until nothing is outstanding (pending, failed
// or running), then stopped with SIGTERM. Each N gets a fresh schema, a fresh store (same seed) and a fresh Xero.
const ORDERS = Number(process.env['BENCH_WORKERS_ORDERS'] ?? 5_000);
const COUNTS = (process.env['BENCH_WORKERS'] ?? '1,2,4').split(',').map(Number);

it(`throughput of 1, 2 and 4 worker processes on PostgreSQL, ${ORDERS} orders`, async () => {
  if (!postgresUrl()) {
    console.warn('workers benchmark skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
    return;
  }
  const postgres = testDatabases().find((d) => d.name === 'postgres')!;
  const runs: Array<Record<string, unknown>> = [];
  for (const n of COUNTS) {
    const { url, drop } = await postgres.create();
    const { stack, env } = await cliStack(ORDERS, { databaseUrl: url });
    const storage = await openStorage(url);
    const workers: ChildProcess[] = [];
    try {
      const queuing = Date.now();
      const added = await runCli(['queue', 'add', 'all', '--json'], env, { timeoutMs: 10 * 60_000 });
      expect(added.code, added.stderr).toBe(0);
      const queued = (JSON.parse(added.stdout) as { queued: number }).queued;
      const queueSeconds = (Date.now() - queuing) / 1000;

      const started = Date.now();
      for (let i = 0; i < n; i++) workers.push(spawnCli(['worker'], env));
      const logs = workers.map((w) => tail(w.stderr));
      for (const w of workers) w.stdout?.resume();
      let firstDoneAt: number | undefined;
      for (;;) {
        const outstanding = await storage.queue.outstanding();
        if (firstDoneAt === undefined && outstanding < queued) firstDoneAt = Date.now();
        if (outstanding === 0) break;
        const dead = workers.find((w) => w.exitCode !== null || w.signalCode !== null);
        if (dead) throw new Error(`a worker exited early (${dead.exitCode ?? dead.signalCode}):\n${logs.map((l) => l.text()).join('\n')}`);
        await pause(100);
      }
      const wallMs = Date.now() - started;
      const stopping = Date.now();
      for (const w of workers) w.kill('SIGTERM');
      const exits = await Promise.all(workers.map(exited));
      const stopSeconds = (Date.now() - stopping) / 1000;

      const counts = await storage.queue.counts();
      const parked = counts.filter((c) => c.state === 'parked').reduce((s, c) => s + c.n, 0);
      const books = await xeroBooks(stack.xero.url);
      const problems = auditBooks(stack, books);
      const docs = await documentsByKind(stack.xero.url);
      // From the first record done: without the processes' start-up (node, migrations, first claim).
      const postingMs = started + wallMs - (firstDoneAt ?? started);
      runs.push({
        workers: n,
        records: queued,
        xeroDocuments: Object.values(docs).reduce((s, k) => s + k, 0),
        parked,
        queueAddSeconds: +queueSeconds.toFixed(1),
        wallSeconds: +(wallMs / 1000).toFixed(1),
        ordersPerSecond: +(ORDERS / (wallMs / 1000)).toFixed(1),
        recordsPerSecond: +(queued / (wallMs / 1000)).toFixed(1),
        startUpSeconds: +(((firstDoneAt ?? started) - started) / 1000).toFixed(1),
        recordsPerSecondAfterStartUp: +(queued / (postingMs / 1000)).toFixed(1),
        stopSeconds: +stopSeconds.toFixed(1),
        exitCodes: exits.map((e) => e.code ?? e.signal),
        duplicatesOrMismatches: problems,
      });
      expect(problems, 'no document twice, totals match Magento').toEqual([]);
      expect(exits.every((e) => e.code === 0), `workers stop cleanly on SIGTERM:\n${logs.map((l) => l.text()).join('\n')}`).toBe(true);
    } finally {
      for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
      await storage.close();
      await stack.close();
      await drop();
    }
  }
  writeResult('workers', { orders: ORDERS, database: 'postgres', runs });
});

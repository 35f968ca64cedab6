import { expect, it } from 'vitest';
import { SimulatedClock } from '../src/domain/clock.js';
import { postgresUrl, testDatabases } from '../test/support/databases.js';
import { UNLIMITED, backfill, benchStack, documentsByKind, writeResult } from './support.js';

// 3. Throughput against an emulator with no limits: Magento records read, mapped, queued, posted and recorded, end to
// end, in one process with one worker, on SQLite and (when TEST_DATABASE_URL is set) on PostgreSQL.
const ORDERS = Number(process.env['BENCH_THROUGHPUT_ORDERS'] ?? 3_000);

it(`throughput, ${ORDERS} orders, one in-process worker`, async () => {
  postgresUrl();
  const results: Record<string, unknown> = {};
  for (const db of testDatabases()) {
    const { url, drop } = await db.create();
    const clock = new SimulatedClock(Date.now());
    const stack = await benchStack(ORDERS, clock, UNLIMITED, url);
    try {
      const run = await backfill(stack, clock, { limits: UNLIMITED });
      const docs = await documentsByKind(stack.xero.url);
      results[db.name] = {
        records: run.queued,
        xeroDocuments: Object.values(docs).reduce((s, n) => s + n, 0),
        wallSeconds: +(run.wallMs / 1000).toFixed(1),
        ordersPerSecond: +(ORDERS / (run.wallMs / 1000)).toFixed(1),
        recordsPerSecond: +(run.queued / (run.wallMs / 1000)).toFixed(1),
      };
      expect(run.left).toBe(0);
    } finally {
      await stack.close();
      await drop();
    }
  }
  writeResult('throughput', { orders: ORDERS, workers: 1, ...results });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/storage.js';
import { runCli, spawnCli } from '../support/cli.js';
import { postgresUrl } from '../support/databases.js';
import type { Stack } from '../support/stack.js';
import { auditBooks, salesStack, xeroBooks } from '../resilience/support.js';
import pg from 'pg';

const baseUrl = postgresUrl();

/** Four `magento-xero worker` processes share one PostgreSQL queue: every document once, nothing left behind. */
describe.skipIf(!baseUrl)('four workers on one PostgreSQL queue', () => {
  let stack: Stack;
  let url: string;
  const schema = `workers_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const u = new URL(baseUrl!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    url = u.toString();
    stack = await salesStack({ customers: 400, products: 60, orders: 2600, clock: () => Date.UTC(2026, 10, 20, 12) }, { databaseUrl: url });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('drains 5,000 documents with no document posted twice', async () => {
    const env = { ...stack.env, XERO_LIMITS: 'unlimited' };
    const add = await runCli(['queue', 'add', 'all', '--json'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).queued).toBeGreaterThanOrEqual(5000);

    const workers = Array.from({ length: 4 }, () => spawnCli(['worker'], env));
    const exits = workers.map((w) => new Promise<number | null>((r) => w.once('close', (code) => r(code))));
    const storage = await openStorage(url);
    try {
      const until = Date.now() + 240_000;
      while (Date.now() < until && (await storage.queue.outstanding()) > 0) await new Promise((r) => setTimeout(r, 500));
      expect(await storage.queue.outstanding()).toBe(0);
    } finally {
      await storage.close();
      for (const w of workers) w.kill('SIGTERM');
    }
    expect(await Promise.all(exits)).toEqual([0, 0, 0, 0]);
    expect(auditBooks(stack, await xeroBooks(stack.xero.url))).toEqual([]);
  }, 300_000);
});

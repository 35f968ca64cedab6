import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseConnectionError } from '../../src/storage/connection-errors.js';
import { openStorage, startupDelay } from '../../src/storage/storage.js';
import { postgresUrl, testDatabases } from '../support/databases.js';
import { TcpProxy } from '../support/tcp-proxy.js';

// Start-up against a database that is not there yet (a restart, a server still starting): the connector keeps trying
// for the configured time, then gives up with the connection error. The outage is a proxy the test switches, and the
// clock is the test's, so nothing here depends on timing.
const base = postgresUrl();

describe('start-up pauses', () => {
  it('grow from a quarter second to five seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(startupDelay)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
});

describe.skipIf(!base)('opening storage while PostgreSQL is unreachable', () => {
  let proxy: TcpProxy;
  let url = '';
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const db = await testDatabases().find((d) => d.name === 'postgres')!.create();
    drop = db.drop;
    const u = new URL(db.url);
    proxy = new TcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    u.host = `127.0.0.1:${await proxy.start()}`;
    url = u.toString();
  });
  afterAll(async () => {
    await proxy.close();
    await drop();
  });

  it('retries until the database answers, then migrates', async () => {
    proxy.down();
    const retries: number[] = [];
    const storage = await openStorage(url, {
      retryForMs: 60_000,
      sleep: async () => undefined,
      onRetry: (error, attempt) => {
        expect(isDatabaseConnectionError(error)).toBe(true);
        retries.push(attempt);
        if (attempt === 3) proxy.up();
      },
    });
    try {
      expect(retries).toEqual([1, 2, 3]);
      expect(await storage.queue.outstanding()).toBe(0);
    } finally {
      await storage.close();
    }
  });

  it('gives up with the connection error once the time is spent', async () => {
    proxy.down();
    let clock = 0;
    const retries: number[] = [];
    const failure = await openStorage(url, {
      retryForMs: 3_000,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      onRetry: (_e, attempt) => retries.push(attempt),
    }).catch((e: unknown) => e);
    proxy.up();
    expect(isDatabaseConnectionError(failure)).toBe(true);
    // 250 + 500 + 1000 ms slept; the next pause (2 s) would pass the 3 s limit.
    expect(retries).toEqual([1, 2, 3]);
  });

  it('does not retry what is not a connection problem', async () => {
    const wrong = new URL(url);
    wrong.username = 'no_such_role_mx';
    let retried = false;
    const failure = await openStorage(wrong.toString(), { retryForMs: 60_000, sleep: async () => undefined, onRetry: () => (retried = true) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(retried).toBe(false);
  });
});

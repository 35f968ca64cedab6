import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/quiet-logger.js';
import { AlertSecrets } from '../connections/alert-secrets.js';
import { recordFailedAlert } from '../domain/alerts.js';
import { createSecretBox } from '../security/secrets.js';
import { DEFAULT_SETTINGS } from '../settings/schemas.js';
import { openStorage, type Storage } from '../storage/storage.js';
import { AlertDispatcher } from './alerts.js';

// The dispatcher's pacing against a real database: a backfill's 500 failures are one message with the count; what comes
// after waits for the quiet period; a receiver that fails is tried again with a pause and logged once.
let dir: string;
let storage: Storage;
let now = Date.UTC(2026, 11, 1, 9);
const posted: Array<{ body: Record<string, any> }> = [];
let answer = 204;
let logger: ReturnType<typeof memoryLogger>;

function dispatcher() {
  return new AlertDispatcher({
    storage,
    clock: { now: () => now, sleep: async () => undefined },
    logger,
    secrets: new AlertSecrets(storage, createSecretBox('k'.repeat(40))),
    baseUrl: 'https://sync.example.com',
    fetch: (async (_url: string, init: RequestInit) => {
      if (answer < 300) posted.push({ body: JSON.parse(String(init.body)) as Record<string, any> });
      return new Response(null, { status: answer });
    }) as typeof fetch,
  });
}
const failure = (i: number, at: number) =>
  recordFailedAlert({ entityType: 'order', queueStoreId: 0, magentoId: String(i), number: `1000${i}` }, { parked: true, message: 'Account code 999 is not valid', attempts: 1 }, at)!;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mx-alerts-'));
  storage = await openStorage(`sqlite:${join(dir, 'a.db')}`);
  await storage.settings.set('alerts', { ...DEFAULT_SETTINGS.alerts, webhook: { url: 'https://hooks.example.com/x' }, gatherSeconds: 60, quietMinutes: 15 });
  posted.length = 0;
  answer = 204;
  logger = memoryLogger();
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('alert delivery', () => {
  it('sends a backfill of 500 failures as one message with the count, then at most one message per quiet period', async () => {
    await storage.alerts.raise(Array.from({ length: 500 }, (_, i) => failure(i, now + i)));
    await dispatcher().runOnce();
    expect(posted).toHaveLength(0);
    now += 61_000;
    await dispatcher().runOnce();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatchObject({ count: 500, counts: { record_failed: 500 }, unlisted: 480 });
    await storage.alerts.raise([failure(900, now)]);
    now += 5 * 60_000;
    await dispatcher().runOnce();
    expect(posted).toHaveLength(1);
    now += 10 * 60_000;
    await dispatcher().runOnce();
    expect(posted).toHaveLength(2);
    expect(posted[1]!.body['alerts'][0]).toMatchObject({ title: 'Order 1000900 was not posted to Xero' });
  });

  it('tries a failed delivery again after a pause, logs it once, and never sends an event that is switched off', async () => {
    await storage.settings.set('alerts', { ...DEFAULT_SETTINGS.alerts, events: { ...DEFAULT_SETTINGS.alerts.events, dailyLimit: false }, webhook: { url: 'https://hooks.example.com/x' }, gatherSeconds: 0, quietMinutes: 0 });
    await storage.alerts.raise([failure(1, now)]);
    answer = 500;
    for (let i = 0; i < 3; i++) {
      await dispatcher().runOnce();
      now += 31_000 * 2 ** i;
    }
    expect(posted).toHaveLength(0);
    const [message] = await storage.alerts.messages(1);
    expect(message).toMatchObject({ state: 'pending', attempts: 3, last_error: 'the webhook answered HTTP 500' });
    expect(logger.lines.filter((l) => l.includes('could not be delivered'))).toHaveLength(1);
    answer = 204;
    now += 10 * 60_000;
    await dispatcher().runOnce();
    expect(posted).toHaveLength(1);
    const { dailyLimitAlert } = await import('../domain/alerts.js');
    await storage.alerts.raise([dailyLimitAlert('T1', now + 1000, now)]);
    await dispatcher().runOnce();
    expect(posted).toHaveLength(1);
    expect(await storage.alerts.pending('webhook')).toEqual([]);
  });
});

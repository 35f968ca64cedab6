import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReconnectNeeded } from '../../src/connections/xero-grant.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';
import { startHost } from '../../src/runtime/host.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { RuntimeSyncService } from '../../src/runtime/sync-service.js';
import { runCli } from '../support/cli.js';
import { startStack, TEST_SECRET_KEY, type Stack } from '../support/stack.js';

const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;

/** The Xero connection end to end against the emulator's identity endpoints, and what must never leak. */
describe('Xero connection: consent, rotation, grace, two processes, reconnect', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 30, products: 5, orders: 10 } });
    await stack.connectXero(); // authorize (PKCE, state) → callback → token → /connections → organisation
  });
  afterAll(() => stack.close());

  it('two processes refreshing at once keep one working connection', async () => {
    const a = await stack.runtime();
    const b = await stack.runtime();
    try {
      const before = (await a.tokens.tokens())!.refreshToken;
      await Promise.all([a.tokens.invalidate(), b.tokens.invalidate()]);
      const after = await a.tokens.tokens();
      expect(after!.refreshToken).not.toBe(before);
      // Both processes can call Xero with what is stored now; nobody is told to reconnect.
      const tenant = await a.defaultTenant();
      expect((await a.xero(tenant).getOrganisation()).Name).toBe('Test Shop (US)');
      expect((await b.xero(tenant).getOrganisation()).Name).toBe('Test Shop (US)');
      expect((await a.storage.connections.get('xero'))?.status).toBe('connected');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("honours Xero's 30-minute grace for the previous refresh token, then asks for a reconnect and loses nothing", async () => {
    const rt = await stack.runtime();
    try {
      const old = (await rt.tokens.tokens())!.refreshToken!;
      const rotated = await rt.oauth!.refresh(old);
      // Within the grace window the old token answers again, with the same new pair.
      const again = await rt.oauth!.refresh(old);
      expect(again.refreshToken).toBe(rotated.refreshToken);
      // 31 minutes later the old one is refused: the store marks the connection and work waits.
      await fetch(`${stack.xero.url}/__emulator/clock`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 31 * 60_000 }) });
      await expect(rt.tokens.invalidate()).rejects.toSatisfy(isReconnectNeeded);
      expect((await rt.storage.connections.get('xero'))?.status).toBe('reconnect_needed');

      await rt.capture!.enqueueAll(['customer']);
      const worker = rt.worker();
      await worker.runOnce();
      const waiting = await rt.storage.queue.list({ entityType: 'customer' });
      expect(waiting.length).toBe(30);
      // Given back to wait for the reconnect (waiting, with what for: not an error); the cut-short attempt counts (it may
      // have written before the grant failed).
      expect(waiting.every((e) => e.state === 'waiting' && e.attempts === 1 && /^waiting for Xero to be connected/.test(e.last_error ?? ''))).toBe(true);
      const status = await new RuntimeSyncService(rt).status();
      expect(status.banners.join(' ')).toMatch(/connected again/);
    } finally {
      await rt.close();
    }
    // Reconnecting resumes the waiting work.
    await stack.connectXero();
    const rt2 = await stack.runtime();
    try {
      await rt2.storage.queue.expedite(undefined, Date.now());
      await rt2.worker().runUntilIdle();
      const done = await rt2.storage.queue.list({ entityType: 'customer', state: 'done' });
      expect(done.length).toBe(30);
    } finally {
      await rt2.close();
    }
  });
});

describe('secrets stay secret', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 10, products: 5, orders: 10 } });
    await stack.connectXero();
  });
  afterAll(() => stack.close());

  it('neither the database nor the logs hold a token or secret in clear text after a full sync', async () => {
    const env = { ...stack.env, LOG_LEVEL: 'trace' };
    const sync = await runCli(['sync', '--all'], env);
    expect(sync.code, sync.stderr).toBe(0);
    const rt = await stack.runtime();
    const tokens = (await rt.tokens.tokens())!;
    await rt.close();
    const secrets = [tokens.accessToken, tokens.refreshToken!, DEFAULT_CLIENT_SECRET, stack.env['MAGENTO_ACCESS_TOKEN']!, TEST_SECRET_KEY];
    const files = readdirSync(stack.dir).filter((f) => f.startsWith('connector.db'));
    const blob = files.map((f) => readFileSync(join(stack.dir, f)).toString('latin1')).join('');
    const logs = sync.stdout + sync.stderr;
    for (const secret of secrets) {
      expect(blob.includes(secret), `database holds ${secret.slice(0, 6)}…`).toBe(false);
      expect(logs.includes(secret), `logs hold ${secret.slice(0, 6)}…`).toBe(false);
    }
  });
});

describe('webhooks', () => {
  let stack: Stack;
  let rt: Runtime;
  let host: Awaited<ReturnType<typeof startHost>>;
  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 3, products: 2, orders: 2 } });
    stack.env['MAGENTO_WEBHOOK_SECRET'] = 'hook-secret';
    stack.env['XERO_WEBHOOK_KEY'] = 'xero-hook-key';
    rt = await stack.runtime();
    host = await startHost(rt, { worker: false, scheduler: false });
  });
  afterAll(async () => {
    await host.stop();
    await rt.close();
    await stack.close();
  });

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('refuses a forged Magento webhook, queues a signed one, and refuses its replay', async () => {
    const body = JSON.stringify({ eventName: 'sales_order_save_after', data: { order: { entity_id: 2 } } });
    const forged = await post('/webhooks/magento', body, { 'x-adobe-commerce-webhook-signature': createHmac('sha256', 'guess').update(body).digest('base64') });
    expect(forged.status).toBe(401);
    const unsigned = await post('/webhooks/magento', body, {});
    expect(unsigned.status).toBe(401);
    const signature = createHmac('sha256', 'hook-secret').update(body).digest('base64');
    const signed = await post('/webhooks/magento', body, { 'x-adobe-commerce-webhook-signature': signature });
    expect(signed.status).toBe(200);
    expect(await rt.storage.queue.find(0, 'order', '2')).toBeDefined();
    const replay = await post('/webhooks/magento', body, { 'x-adobe-commerce-webhook-signature': signature });
    expect(replay.status).toBe(409);
  });

  it('queues a product named by entity_id under its SKU, the key products are synced by', async () => {
    const page = await rt.records!.search('product', { filterGroups: [], pageSize: 1, currentPage: 1 });
    const product = page.records[0]!;
    const body = JSON.stringify({ event: 'observer.catalog_product_save_after', entity_type: 'product', entity_id: product.record['id'] });
    const signature = createHmac('sha256', 'hook-secret').update(body).digest('base64');
    const answer = await post('/webhooks/magento', body, { 'x-adobe-commerce-webhook-signature': signature });
    expect(answer.status).toBe(200);
    expect(await rt.storage.queue.find(0, 'product', product.id)).toBeDefined();
    expect(await rt.storage.queue.find(0, 'product', String(product.record['id']))).toBeUndefined();
  });

  it("answers Xero's intent-to-receive: 200 with an empty body for a good signature, 401 otherwise", async () => {
    // Xero's webhooks guide: the x-xero-signature header is HMAC-SHA256 of the raw body with the webhook key, base64;
    // answer 200 with an empty body when it matches and 401 when it does not (intent to receive sends both kinds).
    const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'X' });
    const sign = (text: string, key = 'xero-hook-key') => createHmac('sha256', key).update(text).digest('base64');
    const good = await post('/webhooks/xero', body, { 'x-xero-signature': sign(body) });
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('');
    const refusals = {
      unsigned: await post('/webhooks/xero', body, {}),
      'empty signature': await post('/webhooks/xero', body, { 'x-xero-signature': '' }),
      'not base64 of a digest': await post('/webhooks/xero', body, { 'x-xero-signature': 'AAAA' }),
      'signed with another key': await post('/webhooks/xero', body, { 'x-xero-signature': sign(body, 'not-the-key') }),
      'signature of another body': await post('/webhooks/xero', body, { 'x-xero-signature': sign(`${body} `) }),
      'hex instead of base64': await post('/webhooks/xero', body, { 'x-xero-signature': createHmac('sha256', 'xero-hook-key').update(body).digest('hex') }),
    };
    for (const [what, answer] of Object.entries(refusals)) {
      expect(answer.status, what).toBe(401);
      expect(await answer.text(), what).toBe('');
    }
  });
});

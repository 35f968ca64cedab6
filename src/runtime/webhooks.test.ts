// The webhook receivers' signature checks, with fastify's inject and a stand-in for the two storage calls they make:
// what each answers to a request that is unsigned, wrongly signed, bodiless or sent while the secret is not configured.
// (test/e2e/connection-security.test.ts runs the same routes in the real host, with a database.)
import { createHmac } from 'node:crypto';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../observability/logger.js';
import type { Storage } from '../storage/storage.js';
import { registerWebhooks } from './webhooks.js';

function receiver(secrets: { magento?: string; xero?: string }) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } as unknown as NodeJS.WritableStream });
  const queued: unknown[] = [];
  const storage = {
    webhookDeliveries: { remember: async () => true, forget: async () => undefined },
    queue: { enqueue: async (entries: unknown[]) => void queued.push(...entries) },
  } as unknown as Storage;
  const app = Fastify();
  registerWebhooks(app, { storage, clock: { now: () => 0 } as never, logger, magentoSecret: secrets.magento, xeroKey: secrets.xero, onQueued: () => undefined });
  return { app, lines, queued };
}

const sign = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64');

describe('Xero webhook signature', () => {
  it('accepts the signature of an empty body, and a bodiless request is checked as an empty body, never a 500', async () => {
    const { app } = receiver({ xero: 'k' });
    const signed = await app.inject({ method: 'POST', url: '/webhooks/xero', headers: { 'x-xero-signature': sign('', 'k') } });
    expect([signed.statusCode, signed.body]).toEqual([200, '']);
    const wrong = await app.inject({ method: 'POST', url: '/webhooks/xero', headers: { 'x-xero-signature': sign('x', 'k') } });
    expect([wrong.statusCode, wrong.body]).toEqual([401, '']);
  });

  it('refuses everything with 401 when no webhook key is configured, even a request signed with an empty key', async () => {
    const { app } = receiver({});
    const body = '{"events":[]}';
    for (const headers of [{}, { 'x-xero-signature': sign(body, '') }]) {
      const answer = await app.inject({ method: 'POST', url: '/webhooks/xero', headers: { 'content-type': 'application/json', ...headers }, payload: body });
      expect([answer.statusCode, answer.body]).toEqual([401, '']);
    }
  });

  it('refuses with 401 and an empty body: no signature, a hex one, one for another body or made with another key', async () => {
    const { app, lines } = receiver({ xero: 'k' });
    const body = '{"events":[]}';
    const hex = createHmac('sha256', 'k').update(body).digest('hex');
    for (const headers of [{}, { 'x-xero-signature': '' }, { 'x-xero-signature': hex }, { 'x-xero-signature': sign('{}', 'k') }, { 'x-xero-signature': sign(body, 'other') }]) {
      const answer = await app.inject({ method: 'POST', url: '/webhooks/xero', headers: { 'content-type': 'application/json', ...headers }, payload: body });
      expect([answer.statusCode, answer.body]).toEqual([401, '']);
    }
    expect(lines.some((l) => l.includes('Xero webhook received'))).toBe(false);
    const good = await app.inject({ method: 'POST', url: '/webhooks/xero', headers: { 'content-type': 'application/json', 'x-xero-signature': sign(body, 'k') }, payload: body });
    expect(good.statusCode).toBe(200);
  });

  it('logs a delivery it accepted, with its size', async () => {
    const { app, lines } = receiver({ xero: 'k' });
    const body = '{"events":[]}';
    await app.inject({ method: 'POST', url: '/webhooks/xero', headers: { 'content-type': 'application/json', 'x-xero-signature': sign(body, 'k') }, payload: body });
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ msg: 'Xero webhook received', bytes: body.length }));
  });
});

describe('Magento webhook signature', () => {
  it('answers 404 naming the setting when no webhook secret is configured, and queues nothing', async () => {
    const { app, queued } = receiver({});
    const body = '{"eventName":"sales_order_save_after","data":{"order":{"entity_id":2}}}';
    const answer = await app.inject({ method: 'POST', url: '/webhooks/magento', headers: { 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': sign(body, '') }, payload: body });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toEqual({ error: 'Magento webhooks are not configured (MAGENTO_WEBHOOK_SECRET)' });
    expect(queued).toEqual([]);
  });

  it('refuses a bad signature with 401 "bad signature", logs the refusal and queues nothing', async () => {
    const { app, lines, queued } = receiver({ magento: 's' });
    const body = '{"eventName":"sales_order_save_after","data":{"order":{"entity_id":2}}}';
    const answer = await app.inject({ method: 'POST', url: '/webhooks/magento', headers: { 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': sign(body, 'guess') }, payload: body });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ error: 'bad signature' });
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('refused a Magento webhook with a bad signature');
    expect(queued).toEqual([]);
  });

  it('accepts the signature of the body as sent, queues its record, and refuses a signature of an empty body', async () => {
    const { app, queued } = receiver({ magento: 's' });
    const body = '{"eventName":"sales_order_save_after","data":{"order":{"entity_id":2}}}';
    const headers = (signature: string) => ({ 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': signature });
    const empty = await app.inject({ method: 'POST', url: '/webhooks/magento', headers: headers(sign('', 's')), payload: body });
    expect(empty.statusCode).toBe(401);
    expect(queued).toEqual([]);
    const answer = await app.inject({ method: 'POST', url: '/webhooks/magento', headers: headers(sign(body, 's')), payload: body });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ queued: { entity: 'order', id: '2' } });
    expect(queued).toHaveLength(1);
  });

  it('checks a bodiless request as an empty body: signed, it is "not JSON" (400), never a 500', async () => {
    const { app } = receiver({ magento: 's' });
    const answer = await app.inject({ method: 'POST', url: '/webhooks/magento', headers: { 'x-adobe-commerce-webhook-signature': sign('', 's') } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({ error: 'the body is not JSON' });
  });
});

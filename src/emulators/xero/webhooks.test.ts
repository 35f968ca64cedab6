import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { xeroEmulatorOf } from './index.js';
import { testEmulator } from './testing.js';

const basic = { authorization: `Basic ${Buffer.from('emulator-client-id:emulator-client-secret').toString('base64')}`, 'content-type': 'application/json' };
const KEY = 'webhook-signing-key-0123456789';

/** A receiver as Xero wants one: 200 with no body for a good signature, 401 otherwise; it keeps what it received. */
async function receiver(behaviour: 'strict' | 'accept-all' = 'strict'): Promise<{ app: FastifyInstance; url: string; bodies: Array<Record<string, any>> }> {
  const app = Fastify();
  const bodies: Array<Record<string, any>> = [];
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/hook', async (req, reply) => {
    const raw = String(req.body);
    const given = Buffer.from(String(req.headers['x-xero-signature'] ?? ''), 'base64');
    const expected = createHmac('sha256', KEY).update(raw).digest();
    const good = given.length === expected.length && timingSafeEqual(given, expected);
    if (!good && behaviour === 'strict') return reply.code(401).send();
    bodies.push(JSON.parse(raw));
    return reply.code(200).send();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`, bodies };
}

describe('Xero emulator: webhooks', () => {
  const open: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((a) => a.close()));
  });

  it('runs intent to receive, then tells a payment recorded by hand as an INVOICE UPDATE, signed', async () => {
    const x = testEmulator();
    const r = await receiver();
    open.push(r.app);
    const inv = (await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', InvoiceNumber: 'B-1', Contact: { Name: 'Pat' }, Status: 'AUTHORISED', LineItems: [{ Description: 'Mat', Quantity: 1, UnitAmount: 100, AccountCode: '200' }] }] })).data.Invoices[0];
    const subscribed = await x.app.inject({ method: 'POST', url: '/__emulator/webhooks', headers: basic, payload: JSON.stringify({ url: r.url, key: KEY }) });
    expect(subscribed.json().subscription).toEqual({ url: r.url, categories: ['INVOICE'], status: 'OK' });
    // The checks: each intent-to-receive body has no events; the correctly signed ones reached the receiver.
    expect(subscribed.json().checks.map((c: { signed: boolean; status: number }) => [c.signed, c.status])).toEqual([[true, 200], [false, 401], [true, 200], [false, 401], [false, 401], [true, 200]]);
    expect(r.bodies).toHaveLength(3);
    expect(r.bodies.every((b) => b['events'].length === 0 && b['firstEventSequence'] === 0 && typeof b['entropy'] === 'string')).toBe(true);

    const paid = await x.app.inject({
      method: 'POST',
      url: `/__emulator/tenants/${x.tenantId}/edit`,
      headers: basic,
      payload: JSON.stringify({ method: 'PUT', path: '/Payments', body: { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 115 }] } }),
    });
    expect(paid.statusCode).toBe(200);
    const delivery = r.bodies[3]!;
    expect(delivery['events']).toEqual([
      expect.objectContaining({
        resourceId: inv.InvoiceID,
        resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${inv.InvoiceID}`,
        tenantId: x.tenantId,
        tenantType: 'ORGANISATION',
        eventCategory: 'INVOICE',
        eventType: 'UPDATE',
      }),
    ]);
    expect(delivery['firstEventSequence']).toBe(1);
    expect(delivery['lastEventSequence']).toBe(1);
    // A new invoice through the API is a CREATE, numbered on.
    await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', InvoiceNumber: 'B-2', Contact: { Name: 'Pat' }, Status: 'DRAFT', LineItems: [{ Description: 'Mat', Quantity: 1, UnitAmount: 5, AccountCode: '200' }] }] });
    await xeroEmulatorOf(x.app).webhooks.settled();
    expect(r.bodies[4]).toMatchObject({ firstEventSequence: 2, lastEventSequence: 2, events: [expect.objectContaining({ eventType: 'CREATE', eventCategory: 'INVOICE' })] });
    const { deliveries } = (await x.app.inject({ method: 'GET', url: '/__emulator/webhooks', headers: basic })).json();
    expect(deliveries.filter((d: { kind: string; status: number }) => d.kind === 'events' && d.status === 200)).toHaveLength(2);
  });

  it('delivers nothing to an endpoint that fails intent to receive (it answers 200 to a wrong signature)', async () => {
    const x = testEmulator();
    const r = await receiver('accept-all');
    open.push(r.app);
    const inv = (await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', InvoiceNumber: 'B-1', Contact: { Name: 'Pat' }, Status: 'AUTHORISED', LineItems: [{ Description: 'Mat', Quantity: 1, UnitAmount: 100, AccountCode: '200' }] }] })).data.Invoices[0];
    const subscribed = await x.app.inject({ method: 'POST', url: '/__emulator/webhooks', headers: basic, payload: JSON.stringify({ url: r.url, key: KEY }) });
    expect(subscribed.json().subscription.status).toBe('INTENT_TO_RECEIVE_FAILED');
    const seen = r.bodies.length;
    await x.app.inject({
      method: 'POST',
      url: `/__emulator/tenants/${x.tenantId}/edit`,
      headers: basic,
      payload: JSON.stringify({ method: 'PUT', path: '/Payments', body: { Payments: [{ Invoice: { InvoiceID: inv.InvoiceID }, Account: { Code: '090' }, Amount: 10 }] } }),
    });
    expect(r.bodies.length).toBe(seen);
  });
});

// The go-live gate is per organisation: one organisation going live opens the gate for its records alone. A record of an
// organisation that has not gone live waits, saying why, even in a batch whose other records are posted.
import { afterEach, describe, expect, it } from 'vitest';
import type { XeroInvoicePayload } from '../../../src/domain/xero.js';
import { harness, order, type Harness } from './support.js';

let h: Harness;
afterEach(() => h?.close());

const SKU = 'WS12-M-Orange';

describe('go-live per organisation', () => {
  it('posts the live organisation\'s orders and holds the other\'s, in one batch, until it goes live too', async () => {
    const store = { code: 'default', timezone: 'America/New_York', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' } };
    h = await harness({ stores: { '1': store, '2': { ...store, code: 'second' } } } as never);
    await h.linkCustomer(3);
    await h.linkItems(SKU);
    // Store 1 posts to the fake's organisation (live); store 2 to another one that has not gone live yet.
    const live = new Set([h.xero.tenantId]);
    h.ctx.tenantFor = async (storeId) => (storeId === 2 ? 'tenant-not-live' : h.xero.tenantId);
    h.ctx.isLive = async (tenantId) => live.has(tenantId);
    await h.enqueue('order', [order(10, { store_id: 1 }), order(11, { store_id: 2 }), order(12, { store_id: 1 })]);
    await h.worker.runUntilIdle();

    const posted = h.xero.calls.filter((c) => c.method === 'putInvoices').flatMap((c) => c.args as XeroInvoicePayload[]);
    expect(posted.map((p) => p.InvoiceNumber).sort()).toEqual(['000000010', '000000012']);
    expect(await h.entry('order', 10)).toMatchObject({ state: 'done' });
    const held = await h.entry('order', 11);
    expect(held).toMatchObject({ state: 'waiting' });
    expect(held?.last_error).toMatch(/waiting for "Start syncing"/);
    const line = (await h.storage.log.list({ entityType: 'order', magentoId: '11' }))[0];
    expect(line).toMatchObject({ status: 'waiting', action: 'go-live' });

    // The other organisation goes live: its order moves past the gate (here on to its own customer, which that
    // organisation does not have yet: the harness has no customers handler).
    live.add('tenant-not-live');
    await h.drain(2);
    const after = await h.entry('order', 11);
    expect(after?.last_error ?? '').not.toMatch(/Start syncing/);
    expect(after?.last_error).toMatch(/customer jdoe@example.com/);
  });
});

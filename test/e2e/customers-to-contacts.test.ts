import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';
import { xeroDocuments } from '../support/xero-state.js';

/**
 * The walking skeleton, end to end: a seeded store of 250 customers (two share a name, one has no name at all) goes to
 * Xero through the built CLI; every customer becomes exactly one contact with a unique name, a second run creates
 * nothing, and a run killed half-way then run again duplicates nothing.
 */
describe('customers → Xero contacts through `magento-xero sync --all`', () => {
  let stack: Stack;

  const contacts = () => xeroDocuments(stack.xero.url, 'Contacts');

  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 250, products: 0, orders: 0 } });
    // A record with no name at all, as some imports and guest conversions leave behind.
    const res = await fetch(`${stack.magento.url}/__emulator/entities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.env['MAGENTO_ACCESS_TOKEN']}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        customers: [{ id: 9001, email: 'no.name@example.com', group_id: 1, store_id: 1, website_id: 1, created_at: '2026-01-02 03:04:05', updated_at: '2026-01-02 03:04:05', addresses: [] }],
      }),
    });
    expect(res.ok).toBe(true);
    await stack.connectXero();
  });
  afterAll(() => stack.close());

  it('creates exactly one contact per customer, with unique names, and nothing on a second run', async () => {
    const first = await runCli(['sync', '--all', '--json'], stack.env);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const afterFirst = await contacts();
    expect(afterFirst).toHaveLength(251);
    const names = afterFirst.map((c) => String(c['Name']).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(afterFirst.some((c) => c['Name'] === 'no.name@example.com')).toBe(true);
    expect(afterFirst.filter((c) => String(c['Name']).startsWith('Jane Doe'))).toHaveLength(2);

    const second = await runCli(['sync', '--all', '--json'], stack.env);
    expect(second.code).toBe(0);
    expect(await contacts()).toHaveLength(251);
  }, 180_000);
});

describe('a sync killed half-way', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 400, products: 0, orders: 0 } });
    await stack.connectXero();
  });
  afterAll(() => stack.close());

  it('creates no duplicate contact when run again', async () => {
    // Slow Xero down so the kill lands between batches, not after the last one.
    const auth = Buffer.from(`${stack.env['XERO_CLIENT_ID']}:${stack.env['XERO_CLIENT_SECRET']}`).toString('base64');
    await fetch(`${stack.xero.url}/__emulator/faults`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'slow', ms: 300, rate: 1, path: '/Contacts', method: 'PUT' }),
    });
    const child = spawnCli(['sync', '--all'], stack.env);
    const closed = new Promise((r) => child.once('close', r));
    // Kill it once Xero has seen some contacts, but before it is done.
    for (let i = 0; i < 400; i++) {
      if ((await xeroDocuments(stack.xero.url, 'Contacts')).length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await closed;
    const partial = (await xeroDocuments(stack.xero.url, 'Contacts')).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(400);
    await fetch(`${stack.xero.url}/__emulator/faults`, { method: 'DELETE', headers: { authorization: `Basic ${auth}` } });

    const again = await runCli(['sync', '--all'], stack.env);
    expect(again.code).toBe(0);
    const all = await xeroDocuments(stack.xero.url, 'Contacts');
    expect(all).toHaveLength(400);
    expect(new Set(all.map((c) => c['ContactNumber'])).size).toBe(400);
  }, 180_000);
});

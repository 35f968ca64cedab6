import { describe, expect, it } from 'vitest';
import { buildXeroEmulator } from './index.js';
import { testEmulator } from './testing.js';

const basic = { authorization: `Basic ${Buffer.from('emulator-client-id:emulator-client-secret').toString('base64')}`, 'content-type': 'application/json' };

describe('Xero emulator: control API', () => {
  it('needs the emulator credentials', async () => {
    const x = testEmulator();
    expect((await x.app.inject({ method: 'GET', url: '/__emulator/state' })).statusCode).toBe(401);
    const wrong = { authorization: `Basic ${Buffer.from('emulator-client-id:nope').toString('base64')}` };
    expect((await x.app.inject({ method: 'GET', url: '/__emulator/state', headers: wrong })).statusCode).toBe(401);
  });

  it('shows every organisation with its documents, and the request log', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Logged' }] }, { 'idempotency-key': 'abc' });
    const state = (await x.app.inject({ method: 'GET', url: '/__emulator/state', headers: basic })).json();
    expect(state.organisations[0].Contacts.map((c: { Name: string }) => c.Name)).toEqual(['Logged']);
    expect(state.organisations[0].Accounts.find((a: { Code: string }) => a.Code === '090')).toMatchObject({ Type: 'BANK' });
    const log = (await x.app.inject({ method: 'GET', url: '/__emulator/requests', headers: basic })).json();
    expect(log.requests[0]).toMatchObject({ method: 'PUT', path: '/api.xro/2.0/Contacts', tenantId: x.tenantId, status: 200, idempotencyKey: 'abc' });
    expect(log.requests[0].bodySize).toBeGreaterThan(10);
  });

  it('edits documents by hand, outside the API limits and log', async () => {
    const x = testEmulator({ limits: { perMinute: 2, perDay: 100, concurrent: 5 } });
    const inv = (await x.call('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', InvoiceNumber: 'M-5', Contact: { Name: 'A' }, Status: 'AUTHORISED', LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 10, AccountCode: '200' }] }] })).data.Invoices[0];
    const edit = (body: unknown) => x.app.inject({ method: 'POST', url: `/__emulator/tenants/${x.tenantId}/edit`, headers: basic, payload: JSON.stringify(body) });
    const changed = await edit({ method: 'POST', path: '/Invoices/M-5', body: { Invoices: [{ LineItems: [{ Description: 'a', Quantity: 1, UnitAmount: 12, AccountCode: '200' }] }] } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().Invoices[0].Total).toBe(13.8);
    const voided = await edit({ method: 'POST', path: `/Invoices/${inv.InvoiceID}`, body: { Invoices: [{ Status: 'VOIDED' }] } });
    expect(voided.json().Invoices[0].Status).toBe('VOIDED');
    const added = await edit({ method: 'PUT', path: '/Contacts', body: { Contacts: [{ Name: 'Typed in by hand' }] } });
    expect(added.statusCode).toBe(200);
    const apiView = await x.call('GET', '/Invoices/M-5');
    expect(apiView.data.Invoices[0]).toMatchObject({ Status: 'VOIDED', Total: 13.8 });
    const log = (await x.app.inject({ method: 'GET', url: '/__emulator/requests', headers: basic })).json();
    expect(log.requests).toHaveLength(2);
  });

  it('advances its own clock, and refuses when the clock was injected', async () => {
    const owned = buildXeroEmulator();
    const before = Date.now();
    const r = await owned.inject({ method: 'POST', url: '/__emulator/clock', headers: basic, payload: JSON.stringify({ advanceSeconds: 86_400 }) });
    expect(r.json().now).toBeGreaterThanOrEqual(before + 86_400_000);
    const x = testEmulator();
    expect((await x.app.inject({ method: 'POST', url: '/__emulator/clock', headers: basic, payload: JSON.stringify({ advanceMs: 1 }) })).statusCode).toBe(409);
  });

  it('resets documents but keeps tenant ids and tokens working', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Gone after reset' }] });
    await x.app.inject({ method: 'POST', url: '/__emulator/reset', headers: basic });
    const r = await x.call('GET', '/Contacts');
    expect(r.statusCode).toBe(200);
    expect(r.data.Contacts).toHaveLength(0);
  });

  it('mints a token pair for chosen tenants', async () => {
    const app = buildXeroEmulator({ tenants: [{ name: 'One', region: 'UK' }, { name: 'Two', region: 'US' }] });
    const state = (await app.inject({ method: 'GET', url: '/__emulator/state', headers: basic })).json();
    const second = state.organisations[1].tenantId;
    const tokens = (await app.inject({ method: 'POST', url: '/__emulator/tokens', headers: basic, payload: JSON.stringify({ tenantIds: [second] }) })).json();
    const call = (tenantId: string) => app.inject({ method: 'GET', url: '/api.xro/2.0/Organisation', headers: { authorization: `Bearer ${tokens.access_token}`, 'xero-tenant-id': tenantId } });
    const org = await call(second);
    expect(org.json().Organisations[0]).toMatchObject({ Name: 'Two', BaseCurrency: 'USD', CountryCode: 'US' });
    expect((await call(state.organisations[0].tenantId)).statusCode).toBe(403);
  });
});

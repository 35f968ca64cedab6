import { describe, expect, it } from 'vitest';
import { startXeroEmulator, xeroEmulatorOf } from './index.js';
import { testEmulator } from './testing.js';

const basic = { authorization: `Basic ${Buffer.from('emulator-client-id:emulator-client-secret').toString('base64')}`, 'content-type': 'application/json' };

describe('Xero emulator: rate limits', () => {
  it('counts down the minute and the day, then answers 429 minute with Retry-After', async () => {
    const x = testEmulator({ limits: { perMinute: 3, perDay: 10, concurrent: 5 } });
    const first = await x.call('GET', '/Organisation');
    expect(first.headers['x-minlimit-remaining']).toBe('2');
    expect(first.headers['x-daylimit-remaining']).toBe('9');
    expect(first.headers['x-appminlimit-remaining']).toBeDefined();
    x.now.value += 20_000;
    await x.call('GET', '/Organisation');
    await x.call('GET', '/Organisation');
    const limited = await x.call('GET', '/Organisation');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-rate-limit-problem']).toBe('minute');
    expect(limited.headers['retry-after']).toBe('40');
    x.now.value += 40_000;
    expect((await x.call('GET', '/Organisation')).statusCode).toBe(200);
  });

  it('answers 429 day when the daily budget is spent', async () => {
    const x = testEmulator({ limits: { perMinute: 100, perDay: 2, concurrent: 5 } });
    await x.call('GET', '/Organisation');
    await x.call('GET', '/Organisation');
    const r = await x.call('GET', '/Organisation');
    expect(r.statusCode).toBe(429);
    expect(r.headers['x-rate-limit-problem']).toBe('day');
    expect(Number(r.headers['retry-after'])).toBe(86_400);
  });

  it('limits calls in flight per tenant', async () => {
    const x = testEmulator({ limits: { perMinute: 100, perDay: 100, concurrent: 1 } });
    await x.app.inject({ method: 'POST', url: '/__emulator/faults', headers: basic, payload: JSON.stringify({ kind: 'slow', ms: 300, next: 1 }) });
    const slow = x.call('GET', '/Organisation');
    const limiter = xeroEmulatorOf(x.app).limiter;
    while (limiter.inFlight(x.tenantId) === 0) await new Promise((r) => setImmediate(r));
    const second = await x.call('GET', '/Organisation');
    expect(second.statusCode).toBe(429);
    expect(second.headers['x-rate-limit-problem']).toBe('concurrent');
    expect((await slow).statusCode).toBe(200);
    expect((await x.call('GET', '/Organisation')).statusCode).toBe(200);
  });

  it('names the app-wide minute limit apart from the tenant one', async () => {
    const x = testEmulator({ appPerMinute: 1 });
    const first = await x.call('GET', '/Organisation');
    expect(first.headers['x-appminlimit-remaining']).toBe('0');
    expect(first.headers['xero-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const r = await x.call('GET', '/Organisation');
    expect(r.statusCode).toBe(429);
    expect(r.headers['x-rate-limit-problem']).toBe('appminute');
  });

  it('takes new limits from the control API', async () => {
    const x = testEmulator();
    const r = await x.app.inject({ method: 'POST', url: '/__emulator/limits', headers: basic, payload: JSON.stringify({ perMinute: 1 }) });
    expect(r.json().limits.perMinute).toBe(1);
    await x.call('GET', '/Organisation');
    expect((await x.call('GET', '/Organisation')).statusCode).toBe(429);
  });
});

describe('Xero emulator: idempotency', () => {
  const body = { Contacts: [{ Name: 'Once Only' }] };

  it('answers a repeated key with the first answer, errors included, without doing the work again', async () => {
    const x = testEmulator();
    const first = await x.call('PUT', '/Contacts', body, { 'idempotency-key': 'k-1' });
    const second = await x.call('PUT', '/Contacts', body, { 'idempotency-key': 'k-1' });
    expect(second.statusCode).toBe(200);
    expect(second.data.Contacts[0].ContactID).toBe(first.data.Contacts[0].ContactID);
    expect((await x.call('GET', '/Contacts')).data.Contacts).toHaveLength(1);
    const failing = await x.call('PUT', '/Contacts', body, { 'idempotency-key': 'k-2' });
    expect(failing.statusCode).toBe(400);
    await x.call('POST', `/Contacts/${first.data.Contacts[0].ContactID}`, { Contacts: [{ ContactStatus: 'ARCHIVED' }] });
    const replayed = await x.call('PUT', '/Contacts', body, { 'idempotency-key': 'k-2' });
    expect(replayed.statusCode).toBe(400);
  });

  it('refuses a key reused with another request, and forgets keys after about six minutes', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', body, { 'idempotency-key': 'k-3' });
    const other = await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Someone Else' }] }, { 'idempotency-key': 'k-3' });
    expect(other.statusCode).toBe(400);
    expect(other.data.Message).toBe('Idempotency Key: k-3 is used with a different request.');
    x.now.value += 6 * 60_000 + 1;
    const later = await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Someone Else' }] }, { 'idempotency-key': 'k-3' });
    expect(later.statusCode).toBe(200);
  });
});

describe('Xero emulator: faults', () => {
  it('injects the next N failures on a path, then recovers', async () => {
    const x = testEmulator();
    await x.app.inject({ method: 'POST', url: '/__emulator/faults', headers: basic, payload: JSON.stringify({ kind: '503', next: 2, path: '/Invoices' }) });
    expect((await x.call('GET', '/Organisation')).statusCode).toBe(200);
    expect((await x.call('GET', '/Invoices')).statusCode).toBe(503);
    expect((await x.call('GET', '/Invoices')).statusCode).toBe(503);
    expect((await x.call('GET', '/Invoices')).statusCode).toBe(200);
  });

  it('returns 500 and 429 on demand', async () => {
    const x = testEmulator();
    await x.app.inject({ method: 'POST', url: '/__emulator/faults', headers: basic, payload: JSON.stringify({ kind: '500', next: 1 }) });
    await x.app.inject({ method: 'POST', url: '/__emulator/faults', headers: basic, payload: JSON.stringify({ kind: '429', next: 1, ms: 3000 }) });
    expect((await x.call('GET', '/Organisation')).statusCode).toBe(500);
    const limited = await x.call('GET', '/Organisation');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
  });

  it('can save a write and then drop the connection, so the client never hears back', async () => {
    const server = await startXeroEmulator();
    try {
      const handles = xeroEmulatorOf(server.app);
      const headers = { authorization: `Bearer ${handles.issueToken().access_token}`, 'xero-tenant-id': handles.tenantIds()[0] ?? '', 'content-type': 'application/json' };
      await fetch(`${server.url}/__emulator/faults`, { method: 'POST', headers: basic, body: JSON.stringify({ kind: 'drop-after', next: 1, method: 'PUT' }) });
      await expect(fetch(`${server.url}/api.xro/2.0/Contacts`, { method: 'PUT', headers, body: JSON.stringify({ Contacts: [{ Name: 'Lost Reply' }] }) })).rejects.toThrow();
      await fetch(`${server.url}/__emulator/faults`, { method: 'POST', headers: basic, body: JSON.stringify({ kind: 'drop', next: 1 }) });
      await expect(fetch(`${server.url}/api.xro/2.0/Contacts`, { headers })).rejects.toThrow();
      const contacts = (await (await fetch(`${server.url}/api.xro/2.0/Contacts`, { headers })).json()) as { Contacts: Array<{ Name: string }> };
      expect(contacts.Contacts.map((c) => c.Name)).toEqual(['Lost Reply']);
      const log = (await (await fetch(`${server.url}/__emulator/requests`, { headers: basic })).json()) as { requests: Array<{ status: number; fault: string | null }> };
      expect(log.requests.map((r) => [r.status, r.fault])).toEqual([[0, 'drop-after'], [0, 'drop'], [200, null]]);
    } finally {
      await server.close();
    }
  });

  it('refuses a fault without rate or next', async () => {
    const x = testEmulator();
    const r = await x.app.inject({ method: 'POST', url: '/__emulator/faults', headers: basic, payload: JSON.stringify({ kind: '500' }) });
    expect(r.statusCode).toBe(400);
  });
});

describe('Xero emulator: clients that give up', () => {
  it('frees the concurrency slot of a request the client aborted', async () => {
    const server = await startXeroEmulator({ limits: { perMinute: 100, perDay: 100, concurrent: 1 } });
    try {
      const handles = xeroEmulatorOf(server.app);
      const tenantId = handles.tenantIds()[0] ?? '';
      const headers = { authorization: `Bearer ${handles.issueToken().access_token}`, 'xero-tenant-id': tenantId };
      await fetch(`${server.url}/__emulator/faults`, { method: 'POST', headers: basic, body: JSON.stringify({ kind: 'slow', ms: 30_000, next: 1 }) });
      const controller = new AbortController();
      const slow = fetch(`${server.url}/api.xro/2.0/Organisation`, { headers, signal: controller.signal }).catch(() => 'aborted');
      while (handles.limiter.inFlight(tenantId) === 0) await new Promise((r) => setImmediate(r));
      controller.abort();
      expect(await slow).toBe('aborted');
      while (handles.limiter.inFlight(tenantId) > 0) await new Promise((r) => setImmediate(r));
      expect((await fetch(`${server.url}/api.xro/2.0/Organisation`, { headers })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMetricsApp } from '../../src/http/metrics.js';
import { createLogger } from '../../src/observability/logger.js';
import { Client, fakeXero, harness, PASSWORD, type Harness } from './support.js';

/**
 * The findings of the security review (issue 17), one test each: every one of these failed before the fix. The
 * numbers are the review's.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function captureLog() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ destination, level: 'trace' }), text: () => lines.join('') };
}

describe('4. /metrics is not public', () => {
  it('answers only on this machine when no METRICS_TOKEN is set, and not through a proxy on this machine', async () => {
    h = await harness();
    expect((await h.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    const remote = await h.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error).toMatch(/METRICS_TOKEN/);
    expect(remote.body).not.toContain('magento_xero');
    const proxied = await h.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(403);
  });

  it('asks every caller for METRICS_TOKEN when it is set, this machine included', async () => {
    h = await harness({ metricsToken: 'scrape-secret-0123456789' });
    expect((await h.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const ok = await h.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9', headers: { authorization: 'Bearer scrape-secret-0123456789' } });
    expect(ok.statusCode).toBe(200);
  });

  it('moves to METRICS_PORT when one is given: the admin port has no /metrics', async () => {
    h = await harness({ metricsElsewhere: true });
    expect((await h.app.inject({ url: '/metrics' })).statusCode).toBe(404);
    const own = await buildMetricsApp({ storage: h.storage, dailyLimit: () => 5000 });
    const res = await own.inject({ url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('magento_xero_queue_entries');
    expect((await own.inject({ url: '/' })).statusCode).toBe(404);
    await own.close();
  });
});

describe('8. the request log', () => {
  it('never holds an OAuth authorization code or any other query value', async () => {
    const log = captureLog();
    h = await harness({ logger: log.logger, xeroConnect: fakeXero() });
    const c = new Client(h.app);
    await c.login();
    await c.get('/oauth/callback?code=AUTH-CODE-4711&state=STATE-0815');
    await c.get('/log?magentoId=customer-secret-search');
    const text = log.text();
    expect(text).toContain('/oauth/callback?code=[redacted]&state=[redacted]');
    for (const secret of ['AUTH-CODE-4711', 'STATE-0815', 'customer-secret-search']) expect(text).not.toContain(secret);
  });
});

describe('HSTS and the client address behind a proxy', () => {
  it('sends Strict-Transport-Security when PUBLIC_URL is https, and not over plain http', async () => {
    h = await harness({ config: { publicUrl: 'https://mx.example.test', adminPassword: PASSWORD } });
    expect((await h.app.inject({ url: '/login' })).headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await harness();
    expect((await plain.app.inject({ url: '/login' })).headers['strict-transport-security']).toBeUndefined();
    await plain.close();
  });

  it('behind a trusted proxy, one attacker hitting the login limit does not lock out anyone else', async () => {
    h = await harness({ trustProxy: '127.0.0.1', loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const login = async (c: Client, from: { client: string; peer?: string }, password: string) => {
      const meta = { remoteAddress: from.peer ?? '127.0.0.1', headers: { 'x-forwarded-for': from.client } };
      if (!c.csrf) await c.request({ method: 'GET', url: '/login', ...meta });
      return c.request({
        method: 'POST',
        url: '/login',
        remoteAddress: meta.remoteAddress,
        headers: { ...meta.headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: c.csrf, password }).toString(),
      });
    };
    const attacker = new Client(h.app);
    for (let i = 0; i < 3; i++) expect((await login(attacker, { client: '203.0.113.66' }, 'wrong')).statusCode).toBe(401);
    expect((await login(attacker, { client: '203.0.113.66' }, PASSWORD)).statusCode).toBe(429);
    // The admin, through the same proxy, signs in.
    expect((await login(new Client(h.app), { client: '198.51.100.7' }, PASSWORD)).statusCode).toBe(303);

    // A client that is not the proxy cannot pick a fresh address per attempt by writing the header itself.
    const direct = new Client(h.app);
    for (let i = 0; i < 3; i++) {
      expect((await login(direct, { peer: '192.0.2.50', client: `10.0.0.${i}` }, 'wrong')).statusCode).toBe(401);
    }
    expect((await login(direct, { peer: '192.0.2.50', client: '10.0.0.99' }, 'wrong')).statusCode).toBe(429);
  });
});

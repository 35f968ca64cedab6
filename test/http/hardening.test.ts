import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminAuth } from '../../src/http/auth.js';
import { buildMetricsApp } from '../../src/http/metrics.js';
import { createLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/domain/clock.js';
import { registerWebhooks } from '../../src/runtime/webhooks.js';
import { openStorage } from '../../src/storage/storage.js';
import { Client, fakeMagento, fakeReconciler, fakeXero, harness, PASSWORD, type Harness } from './support.js';

const NO_PASSWORD = { config: { publicUrl: 'https://mx.example.test', adminPassword: undefined } };
const setupCodeOf = async (harnessed: Harness) => (await new AdminAuth(harnessed.storage.settings, undefined, systemClock).setupCode())!;

/** The next page's one-time message (flash), as the browser following the redirect sees it. */
async function flashAfter(c: Client, res: { headers: Record<string, unknown> }): Promise<string> {
  const page = await c.get(String(res.headers['location']).split('#')[0]!);
  const text = (m: RegExpMatchArray) =>
    (m[1] ?? '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...page.body.matchAll(/<p class="flash (?:notice|error)" role="(?:status|alert)">([^<]*)<\/p>/g)].map(text).join(' ');
}

/**
 * The findings of the security review (issue 17), numbered as the review numbers them: each numbered finding has tests
 * that failed before its fix. The last group (HSTS, the client address behind a proxy) settles what the review asked to
 * check besides.
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

describe('1. first run', () => {
  it('asks for the setup code the service printed: reaching the port first is not enough', async () => {
    h = await harness(NO_PASSWORD);
    const code = await setupCodeOf(h);
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const page = await new Client(h.app).get('/setup');
    expect(page.body).toContain('name="code"');
    expect(page.body).not.toContain(code);

    const stranger = new Client(h.app);
    await stranger.get('/setup');
    for (const guess of ['', 'AAAA-AAAA-AAAA-AAAA']) {
      const res = await stranger.form('/setup', { code: guess, password: 'stranger pass 1', confirm: 'stranger pass 1' });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('not the setup code');
    }
    expect(stranger.cookies.has('mx_session')).toBe(false);
    expect(await h.storage.settings.get('admin.passwordHash')).toBeUndefined();

    const owner = new Client(h.app);
    await owner.get('/setup');
    // Typed as read off the console: lower case, spaces for dashes.
    const ok = await owner.form('/setup', { code: code.toLowerCase().replace(/-/g, ' '), password: 'owner pass 123', confirm: 'owner pass 123' });
    expect(ok.statusCode).toBe(303);
    expect((await owner.get('/')).statusCode).toBe(200);
    // One time: the code is gone with the first password.
    expect(await new AdminAuth(h.storage.settings, undefined, systemClock).setupCode()).toBeUndefined();
  });

  it('two simultaneous setups: exactly one password is stored and only its request gets a session', async () => {
    h = await harness(NO_PASSWORD);
    const code = await setupCodeOf(h);
    const a = new Client(h.app);
    const b = new Client(h.app);
    await a.get('/setup');
    await b.get('/setup');
    const [ra, rb] = await Promise.all([
      a.form('/setup', { code, password: 'first password A', confirm: 'first password A' }),
      b.form('/setup', { code, password: 'second password B', confirm: 'second password B' }),
    ]);
    const winners = [ra, rb].filter((r) => r.headers.location === '/');
    expect(winners).toHaveLength(1);
    expect([ra, rb].map((r) => r.headers.location).sort()).toEqual(['/', '/login']);
    const [winner, loser, password] = ra.headers.location === '/' ? [a, b, 'first password A'] : [b, a, 'second password B'];
    expect(loser.cookies.has('mx_session')).toBe(false);
    expect((await loser.get('/')).statusCode).toBe(302);
    expect((await winner.get('/')).statusCode).toBe(200);
    // The stored password is the winner's.
    const check = new Client(h.app);
    expect((await check.login(password)).statusCode).toBe(303);
  });
});

describe('2. where to go after signing in', () => {
  const attacks: Array<[string, string]> = [
    ['tab', '/\t/evil.example/x'],
    ['newline', '/\n/evil.example'],
    ['backslash', '/\\evil.example'],
    ['backslashes', '\\\\evil.example'],
    ['scheme-relative', '//evil.example/x'],
    ['absolute', 'https://evil.example/x'],
    ['absolute on another port', 'https://mx.example.test:8443/'],
    ['javascript', 'javascript:alert(1)'],
    ['credentials', 'https://user@mx.example.test/'],
  ];

  it.each(attacks)('stays on PUBLIC_URL with a %s in next', async (_what, next) => {
    h = await harness({ config: { publicUrl: 'https://mx.example.test', adminPassword: PASSWORD } });
    const c = new Client(h.app);
    await c.get(`/login?next=${encodeURIComponent(next)}`);
    const res = await c.form('/login', { password: PASSWORD, next });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('answers CR/LF and other characters a header cannot hold with a redirect, not a framework error', async () => {
    h = await harness({ config: { publicUrl: 'https://mx.example.test', adminPassword: PASSWORD } });
    for (const next of ['/queue\r\nSet-Cookie: x=1', '/queue\r\n', '/\u0000', '/caf\u00e9/\u20ac']) {
      const c = new Client(h.app);
      const page = await c.get(`/login?next=${encodeURIComponent(next)}`);
      expect(page.statusCode, JSON.stringify(next)).toBe(200);
      const res = await c.form('/login', { password: PASSWORD, next });
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(res.headers['set-cookie']?.toString()).not.toContain('x=1');
    }
    const c = new Client(h.app);
    await c.get('/login');
    expect((await c.form('/login', { password: PASSWORD, next: '/caf\u00e9' })).headers.location).toBe('/caf%C3%A9');
  });

  it('keeps a same-origin next, absolute or relative, with its query', async () => {
    h = await harness({ config: { publicUrl: 'https://mx.example.test', adminPassword: PASSWORD } });
    for (const [next, expected] of [
      ['/queue?state=failed', '/queue?state=failed'],
      ['https://mx.example.test/log?status=error#top', '/log?status=error#top'],
    ]) {
      const c = new Client(h.app);
      await c.get('/login');
      expect((await c.form('/login', { password: PASSWORD, next: next! })).headers.location).toBe(expected);
    }
  });
});

describe('3. sessions end with the password', () => {
  it('ends every session when ADMIN_PASSWORD changes', async () => {
    h = await harness();
    const c = new Client(h.app);
    await c.login();
    const cookie = `mx_session=${c.cookies.get('mx_session')}`;
    expect((await h.app.inject({ url: '/', headers: { cookie } })).statusCode).toBe(200);
    // The service restarted with a new ADMIN_PASSWORD, on the same database.
    await h.app.close();
    const { buildApp } = await import('../../src/http/app.js');
    h.app = await buildApp({ storage: h.storage, sync: h.sync, config: { publicUrl: 'http://localhost:3000', adminPassword: 'a brand new password' } });
    expect((await h.app.inject({ url: '/', headers: { cookie } })).statusCode).toBe(302);
  });

  it('changing a password chosen at setup signs out every other session; the changer carries on', async () => {
    h = await harness(NO_PASSWORD);
    const code = await setupCodeOf(h);
    const laptop = new Client(h.app);
    await laptop.get('/setup');
    await laptop.form('/setup', { code, password: 'first password 1', confirm: 'first password 1' });
    const phone = new Client(h.app);
    expect((await phone.login('first password 1')).statusCode).toBe(303);

    await laptop.get('/account');
    const wrong = await laptop.form('/account/password', { current: 'not it', password: 'second password 2', confirm: 'second password 2' });
    expect(await flashAfter(laptop, wrong)).toContain('current password is wrong');
    const changed = await laptop.form('/account/password', { current: 'first password 1', password: 'second password 2', confirm: 'second password 2' });
    expect(changed.statusCode).toBe(303);
    expect(await flashAfter(laptop, changed)).toContain('every other session has ended');
    expect((await laptop.get('/')).statusCode).toBe(200);
    expect((await phone.get('/')).statusCode).toBe(302);
    expect((await new Client(h.app).login('first password 1')).statusCode).toBe(401);
    expect((await new Client(h.app).login('second password 2')).statusCode).toBe(303);
  });

  it('"Sign out everywhere" ends every session, its own included', async () => {
    h = await harness();
    const a = new Client(h.app);
    const b = new Client(h.app);
    await a.login();
    await b.login();
    const page = await a.get('/account');
    expect(page.body).toContain('Sign out everywhere');
    expect(page.body).toContain('set by ADMIN_PASSWORD');
    const res = await a.form('/account/sign-out-everywhere', {});
    expect(res.headers.location).toBe('/login');
    expect((await a.get('/')).statusCode).toBe(302);
    expect((await b.get('/')).statusCode).toBe(302);
    expect((await new Client(h.app).login()).statusCode).toBe(303);
  });
});

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

describe('7. webhook replays', () => {
  const quiet = createLogger({ level: 'silent' });
  async function receiver(databaseUrl: string) {
    const storage = await openStorage(databaseUrl);
    const app = Fastify();
    registerWebhooks(app, { storage, clock: systemClock, logger: quiet, magentoSecret: 'hook-secret', xeroKey: 'xero-key', onQueued: () => {} });
    await app.ready();
    return { app, storage, close: async () => (await app.close(), await storage.close()) };
  }
  const post = (app: Awaited<ReturnType<typeof receiver>>['app'], url: string, body: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });

  it('refuses a Magento webhook replayed after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-replay-'));
    const url = `sqlite:${join(dir, 'db.sqlite')}`;
    const body = JSON.stringify({ event: 'observer.sales_order_save_after', entity_type: 'order', entity_id: 12, updated_at: '2026-03-01 10:00:00' });
    const signed = { 'x-adobe-commerce-webhook-signature': createHmac('sha256', 'hook-secret').update(body).digest('base64') };
    try {
      const first = await receiver(url);
      expect((await post(first.app, '/webhooks/magento', body, signed)).statusCode).toBe(200);
      expect((await post(first.app, '/webhooks/magento', body, signed)).statusCode).toBe(409);
      await first.close();
      // The process restarted: the delivery is still known.
      const second = await receiver(url);
      expect((await post(second.app, '/webhooks/magento', body, signed)).statusCode).toBe(409);
      // A new change (another body) is taken.
      const next = body.replace('10:00:00', '10:05:00');
      const nextSigned = { 'x-adobe-commerce-webhook-signature': createHmac('sha256', 'hook-secret').update(next).digest('base64') };
      expect((await post(second.app, '/webhooks/magento', next, nextSigned)).statusCode).toBe(200);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets a delivery once its ten minutes are over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-replay-'));
    const storage = await openStorage(`sqlite:${join(dir, 'db.sqlite')}`);
    try {
      const t0 = Date.UTC(2026, 2, 1, 10);
      expect(await storage.webhookDeliveries.remember('magento', 'd1', t0, t0 + 600_000)).toBe(true);
      expect(await storage.webhookDeliveries.remember('magento', 'd1', t0 + 599_999, t0 + 1_199_999)).toBe(false);
      expect(await storage.webhookDeliveries.remember('magento', 'd1', t0 + 600_000, t0 + 1_200_000)).toBe(true);
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 401 to an unsigned or wrongly signed Xero webhook, 200 to a signed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-replay-'));
    const r = await receiver(`sqlite:${join(dir, 'db.sqlite')}`);
    try {
      const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ABC' });
      expect((await post(r.app, '/webhooks/xero', body)).statusCode).toBe(401);
      expect((await post(r.app, '/webhooks/xero', body, { 'x-xero-signature': '' })).statusCode).toBe(401);
      expect((await post(r.app, '/webhooks/xero', body, { 'x-xero-signature': createHmac('sha256', 'guess').update(body).digest('base64') })).statusCode).toBe(401);
      const good = await post(r.app, '/webhooks/xero', body, { 'x-xero-signature': createHmac('sha256', 'xero-key').update(body).digest('base64') });
      expect(good.statusCode).toBe(200);
      expect(good.body).toBe('');
    } finally {
      await r.close();
      rmSync(dir, { recursive: true, force: true });
    }
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

describe('9. the OAuth state belongs to the session that started the flow', () => {
  it('a callback link with state from another session connects nothing', async () => {
    const xero = fakeXero();
    h = await harness({ xeroConnect: xero });
    const admin = new Client(h.app);
    await admin.login();
    await admin.get('/configuration');
    await admin.form('/xero/connect', {});
    // The same admin password, another browser (or a link that lands in another session): refused.
    const other = new Client(h.app);
    await other.login();
    const elsewhere = await other.get('/oauth/callback?code=abc&state=s1');
    expect(await flashAfter(other, elsewhere)).toContain('started in another browser session');
    expect(xero.log).not.toContainEqual({ chooseTenant: 't-1' });
    const here = await admin.get('/oauth/callback?code=abc&state=s1');
    expect(await flashAfter(admin, here)).toContain('Connected to Demo Company (NZ)');
  });
});

describe('10. messages on pages come from the service, not from the URL', () => {
  it('shows no text put in ?error= or ?notice= by a link', async () => {
    h = await harness({ xeroConnect: fakeXero() });
    const c = new Client(h.app);
    await c.login();
    const phishing = 'Your session expired: call +1 555 0100 and read out your password';
    for (const url of [`/?error=${encodeURIComponent(phishing)}`, `/queue?notice=${encodeURIComponent(phishing)}`]) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('call +1 555 0100');
    }
    // Xero's error on the callback is shown as a known code only, never its free text.
    const xeroError = await c.get(`/oauth/callback?error=access_denied&error_description=${encodeURIComponent(phishing)}`);
    const shown = await flashAfter(c, xeroError);
    expect(shown).toContain('not allowed in Xero');
    expect(shown).not.toContain('call +1 555 0100');
    const odd = await c.get(`/oauth/callback?error=${encodeURIComponent(phishing)}`);
    expect(await flashAfter(c, odd)).toBe('Xero refused the connection: press Connect again.');
  });

  it('a form action\'s message shows once, on the next page, and not in its address', async () => {
    h = await harness();
    const c = new Client(h.app);
    await c.login();
    await c.get('/queue');
    const res = await c.form('/queue/sync', { all: '1' });
    expect(res.headers.location).toBe('/queue');
    expect(await flashAfter(c, res)).toBe('7 entries due now.');
    expect((await c.get('/queue')).body).not.toContain('7 entries due now.');
  });
});

describe('11. form routes take no more ids than the API', () => {
  it('refuses 40,000 ids with a clear 400, touching nothing, on every form that takes ids', async () => {
    h = await harness({ magento: fakeMagento(), reconciler: { ...fakeReconciler(), repairRange: async () => ({ queued: 0, skipped: 0 }) } });
    await h.storage.queue.enqueue([{ store_id: 1, entity_type: 'order', magento_id: '77' }]);
    const c = new Client(h.app);
    await c.login();
    await c.get('/queue');
    const many = Array.from({ length: 40_000 }, (_, i) => String(i + 1));
    for (const [url, fields] of [
      ['/queue/remove', { ids: many }],
      ['/queue/retry', { ids: many }],
      ['/queue/sync', { ids: many }],
      ['/records/order/enqueue', { ids: many }],
      ['/records/order/sync', { ids: many }],
      ['/reconciliation/repair', { from: '2026-03-01', to: '2026-03-07', keys: many }],
    ] as const) {
      const res = await c.form(url, fields as Record<string, string[] | string>);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('40000 records at once is too many: at most 10,000 at a time');
    }
    expect(await h.storage.queue.list()).toHaveLength(1);
    expect(h.sync.calls.filter((x) => x.method !== 'status')).toEqual([]);
    // The API says the same in JSON.
    const api = await c.json('POST', '/api/queue/remove', { ids: many.map(Number) });
    expect(api.statusCode).toBe(400);
    expect(api.json().issues).toEqual(['ids: At most 10000 ids at a time']);
  });
});

describe('12. reconciliation reads Magento and Xero only on a form post, for a bounded period', () => {
  it('a link (GET) shows the form and the stored result, and never calls the reconciler', async () => {
    const reconciler = fakeReconciler();
    h = await harness({ reconciler });
    const c = new Client(h.app);
    await c.login();
    const page = await c.get('/reconciliation?from=2020-01-01&to=2026-12-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post" action="/reconciliation"');
    expect(page.body).toContain('value="2020-01-01"');
    expect((await c.get('/api/reconciliation?from=2020-01-01&to=2026-12-31', 'application/json')).statusCode).toBe(404);
    expect(reconciler.ranges).toEqual([]);
    // Without the form's CSRF token nothing runs either (a cross-site form post).
    expect((await c.form('/reconciliation', { from: '2026-03-01', to: '2026-03-07' }, false)).statusCode).toBe(403);
    expect(reconciler.ranges).toEqual([]);
  });

  it('refuses a period longer than 92 days or upside down, and runs a good one once', async () => {
    const reconciler = fakeReconciler();
    h = await harness({ reconciler });
    const c = new Client(h.app);
    await c.login();
    await c.get('/reconciliation');
    const long = await c.form('/reconciliation', { from: '2020-01-01', to: '2026-12-31' });
    expect(await flashAfter(c, long)).toContain('Compare at most 92 days at a time.');
    const backwards = await c.form('/reconciliation', { from: '2026-03-08', to: '2026-03-01' });
    expect(await flashAfter(c, backwards)).toContain('"From" is after "To".');
    const api = await c.json('POST', '/api/reconciliation', { from: '2026-01-01', to: '2026-04-30' });
    expect(api.statusCode).toBe(400);
    expect(reconciler.ranges).toEqual([]);
    await c.form('/reconciliation', { from: '2026-01-01', to: '2026-04-01' });
    expect(reconciler.ranges).toEqual([{ from: '2026-01-01', to: '2026-04-01' }]);
    expect((await c.get('/reconciliation')).body).toContain('Compared 2026-01-01 to 2026-04-01');
    expect(reconciler.ranges).toHaveLength(1);
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

import { afterEach, describe, expect, it } from 'vitest';
import { isPublicPath, registeredRoutes } from '../../src/http/app.js';
import { systemClock, type Clock } from '../../src/domain/clock.js';
import { AdminAuth } from '../../src/http/auth.js';
import { Client, fakeMagento, fakeXero, harness, PASSWORD, type Harness } from './support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Fills route parameters with values that reach the handler if the guard let them through. */
function concrete(url: string): string {
  return url.replace(':entity', 'customer').replace(':key', 'accounts').replace(':action', 'sync').replace(/:[A-Za-z]+/g, 'x');
}

describe('admin access', () => {
  it('refuses every non-public route without a session: 302 to /login for pages, 401 for the API', async () => {
    h = await harness({ magento: fakeMagento(), xeroConnect: fakeXero() });
    await h.app.ready();
    const routes = registeredRoutes(h.app).filter((r) => !isPublicPath(concrete(r.url)));
    // The enumeration must see the whole app, or the check below proves nothing.
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/api/settings/:key', '/queue/remove', '/oauth/callback']));
    for (const route of routes) {
      const url = concrete(route.url);
      const res = await h.app.inject({
        method: route.method as 'GET',
        url,
        headers: { accept: 'text/html', 'content-type': 'application/json' },
        ...(route.method === 'GET' ? {} : { payload: '{}' }),
      });
      if (url.startsWith('/api/')) {
        expect(res.statusCode, `${route.method} ${url}`).toBe(401);
      } else {
        expect(res.statusCode, `${route.method} ${url}`).toBe(302);
        expect(res.headers.location, `${route.method} ${url}`).toMatch(/^\/login/);
      }
    }
    expect(h.sync.calls.filter((c) => c.method !== 'status')).toEqual([]);
  });

  it('lets the public paths through without a session', async () => {
    h = await harness();
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/login' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/assets/app.css' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });

  it('refuses a wrong password and sets no session', async () => {
    h = await harness();
    const c = new Client(h.app);
    const res = await c.login('not the password');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Wrong password');
    expect(c.cookies.has('mx_session')).toBe(false);
    expect((await c.get('/')).statusCode).toBe(302);
  });

  it('signs in with the right password, with an httpOnly SameSite=Lax session cookie, and signs out', async () => {
    h = await harness();
    const c = new Client(h.app);
    const res = await c.login();
    expect(res.statusCode).toBe(303);
    const cookie = res.cookies.find((k) => k.name === 'mx_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect((await c.get('/')).statusCode).toBe(200);
    const sessionId = c.cookies.get('mx_session')!;
    expect((await c.form('/logout', {})).headers.location).toBe('/login');
    // The old cookie is worthless after sign-out, even if a copy was kept.
    const replay = await h.app.inject({ url: '/', headers: { cookie: `mx_session=${sessionId}` } });
    expect(replay.statusCode).toBe(302);
  });

  it('marks cookies Secure when the public URL is https', async () => {
    h = await harness({ config: { publicUrl: 'https://mx.example.test', adminPassword: PASSWORD } });
    const res = await new Client(h.app).login();
    expect(res.cookies.find((k) => k.name === 'mx_session')?.secure).toBe(true);
  });

  it('only follows a same-site "next" after sign-in', async () => {
    h = await harness();
    const c = new Client(h.app);
    await c.get('/login');
    expect((await c.form('/login', { password: PASSWORD, next: '//evil.example/x' })).headers.location).toBe('/');
    const c2 = new Client(h.app);
    await c2.get('/login');
    expect((await c2.form('/login', { password: PASSWORD, next: '/queue?state=failed' })).headers.location).toBe('/queue?state=failed');
  });

  it('refuses state-changing requests without the CSRF token, from forms and from fetch', async () => {
    h = await harness();
    const c = new Client(h.app);
    await c.login();
    await c.get('/queue');
    const form = await c.form('/queue/sync', { all: '1' }, false);
    expect(form.statusCode).toBe(403);
    const api = await c.json('POST', '/api/queue/sync-now', {}, false);
    expect(api.statusCode).toBe(403);
    const forged = await c.request({
      method: 'POST',
      url: '/api/queue/sync-now',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'forged-token' },
      payload: '{}',
    });
    expect(forged.statusCode).toBe(403);
    expect(h.sync.called('syncNow')).toEqual([]);
    expect((await c.json('POST', '/api/queue/sync-now', {})).statusCode).toBe(200);
    expect(h.sync.called('syncNow')).toHaveLength(1);
  });

  it('refuses a login form posted without the CSRF token', async () => {
    h = await harness();
    const c = new Client(h.app);
    await c.get('/login');
    expect((await c.form('/login', { password: PASSWORD }, false)).statusCode).toBe(403);
  });

  it('rate-limits login attempts, even a right password once the limit is hit', async () => {
    h = await harness({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const c = new Client(h.app);
    await c.get('/login');
    for (let i = 0; i < 3; i++) expect((await c.form('/login', { password: 'wrong' })).statusCode).toBe(401);
    const blocked = await c.form('/login', { password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(c.cookies.has('mx_session')).toBe(false);
  });

  it('expires a session after its lifetime', async () => {
    let now = Date.UTC(2026, 5, 1, 8);
    const clock: Clock = { now: () => now, sleep: async () => {} };
    h = await harness({ clock });
    const c = new Client(h.app);
    await c.login();
    expect((await c.get('/')).statusCode).toBe(200);
    now += 13 * 60 * 60 * 1000;
    expect((await c.get('/')).statusCode).toBe(302);
  });
});

describe('first-run setup', () => {
  it('asks for a password when none is configured, stores it hashed, and closes afterwards', async () => {
    h = await harness({ config: { publicUrl: 'http://localhost:3000', adminPassword: undefined } });
    const c = new Client(h.app);
    expect((await c.get('/login')).headers.location).toBe('/setup');
    expect((await c.get('/setup')).statusCode).toBe(200);
    const code = (await new AdminAuth(h.storage.settings, undefined, systemClock).setupCode())!;
    expect((await c.form('/setup', { code, password: 'short', confirm: 'short' })).statusCode).toBe(400);
    expect((await c.form('/setup', { code, password: 'long enough 1', confirm: 'long enough 2' })).body).toContain('differ');
    const ok = await c.form('/setup', { code, password: 'long enough 1', confirm: 'long enough 1' });
    expect(ok.statusCode).toBe(303);
    expect((await c.get('/')).statusCode).toBe(200);

    const stored = await h.storage.settings.get<string>('admin.passwordHash');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('long enough 1');

    // A second visitor cannot replace the password through setup.
    const other = new Client(h.app);
    expect((await other.get('/setup')).headers.location).toBe('/login');
    await other.get('/login');
    const takeover = await other.form('/setup', { code, password: 'attacker pass 1', confirm: 'attacker pass 1' });
    expect(takeover.headers.location).toBe('/login');
    expect((await other.form('/login', { password: 'attacker pass 1' })).statusCode).toBe(401);
    expect((await other.form('/login', { password: 'long enough 1' })).statusCode).toBe(303);
  });
});

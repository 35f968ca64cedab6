import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loginPage, setupPage } from '../../web/pages/login.js';
import { MIN_PASSWORD_LENGTH, SESSION_COOKIE, SESSION_TTL_MS } from '../auth.js';
import { safeNext, sendPage, type AppContext } from '../context.js';

const loginBody = z.object({ password: z.string().max(1000), next: z.string().max(2000).optional() });
const setupBody = z.object({ password: z.string().max(1000), confirm: z.string().max(1000) });

export interface SessionRouteOptions {
  secureCookies: boolean;
  loginRateLimit: { max: number; timeWindowMs: number };
}

/** Sign in, first-run password setup, sign out. The login route has its own rate limit (per client address). */
export async function sessionRoutes(app: FastifyInstance, ctx: AppContext, options: SessionRouteOptions): Promise<void> {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secureCookies,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  };

  app.get('/login', async (req, reply) => {
    if (!(await ctx.auth.passwordConfigured())) return reply.redirect('/setup', 303);
    const next = (req.query as Record<string, unknown>)['next'];
    return sendPage(reply, loginPage(reply.generateCsrf(), typeof next === 'string' ? { next: safeNext(next) } : {}));
  });

  app.post(
    '/login',
    { config: { rateLimit: { max: options.loginRateLimit.max, timeWindow: options.loginRateLimit.timeWindowMs } } },
    async (req, reply) => {
      const parsed = loginBody.safeParse(req.body ?? {});
      const wantsJson = !req.headers['content-type']?.includes('form');
      if (!parsed.success || !(await ctx.auth.verify(parsed.data.password))) {
        req.log.warn({ ip: req.ip }, 'admin login refused');
        if (wantsJson) return reply.code(401).send({ error: 'Wrong password' });
        const next = parsed.success && parsed.data.next ? { next: safeNext(parsed.data.next) } : {};
        return sendPage(reply, loginPage(reply.generateCsrf(), { error: 'Wrong password.', ...next }), 401);
      }
      await ctx.auth.pruneExpired();
      const id = await ctx.auth.createSession();
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
      if (wantsJson) return reply.send({ ok: true });
      return reply.redirect(safeNext(parsed.data.next), 303);
    },
  );

  app.get('/setup', async (_req, reply) => {
    if (await ctx.auth.passwordConfigured()) return reply.redirect('/login', 303);
    return sendPage(reply, setupPage(reply.generateCsrf(), { minLength: MIN_PASSWORD_LENGTH }));
  });

  app.post(
    '/setup',
    { config: { rateLimit: { max: options.loginRateLimit.max, timeWindow: options.loginRateLimit.timeWindowMs } } },
    async (req, reply) => {
      const parsed = setupBody.safeParse(req.body ?? {});
      const fail = (error: string) =>
        sendPage(reply, setupPage(reply.generateCsrf(), { error, minLength: MIN_PASSWORD_LENGTH }), 400);
      if (!parsed.success) return fail('Enter the password twice.');
      if (parsed.data.password !== parsed.data.confirm) return fail('The two passwords differ.');
      const outcome = await ctx.auth.setPassword(parsed.data.password);
      if (outcome === 'exists') return reply.redirect('/login', 303);
      if (outcome === 'too-short') return fail(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      const id = await ctx.auth.createSession();
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
      return reply.redirect('/', 303);
    },
  );

  app.post('/logout', async (req, reply) => {
    await ctx.auth.destroy(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}

import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { accountPage, loginPage, setupPage } from '../../web/pages/login.js';
import { MIN_PASSWORD_LENGTH, SESSION_COOKIE, SESSION_TTL_MS } from '../auth.js';
import { pageContext, redirectWith, sendPage, type AppContext } from '../context.js';
import { safeNext } from '../redirect.js';

const loginBody = z.object({ password: z.string().max(1000), next: z.string().max(2000).optional() });
const setupBody = z.object({ code: z.string().max(100), password: z.string().max(1000), confirm: z.string().max(1000) });
const changeBody = z.object({ current: z.string().max(1000), password: z.string().max(1000), confirm: z.string().max(1000) });

export interface SessionRouteOptions {
  secureCookies: boolean;
  loginRateLimit: { max: number; timeWindowMs: number };
}

/**
 * Sign in, first-run password setup (with the setup code), sign out, and the signed-in admin's own access: changing the
 * password and signing out everywhere. Login and setup have their own rate limit (per client address).
 */
export async function sessionRoutes(app: FastifyInstance, ctx: AppContext, options: SessionRouteOptions): Promise<void> {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secureCookies,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  };
  const rateLimit = { config: { rateLimit: { max: options.loginRateLimit.max, timeWindow: options.loginRateLimit.timeWindowMs } } };
  const next = (value: unknown) => safeNext(value, ctx.publicUrl);
  const signIn = async (reply: FastifyReply): Promise<string> => {
    const id = await ctx.auth.createSession();
    reply.setCookie(SESSION_COOKIE, id, cookieOptions);
    return id;
  };

  app.get('/login', async (req, reply) => {
    if (!(await ctx.auth.passwordConfigured())) return reply.redirect('/setup', 303);
    const wanted = (req.query as Record<string, unknown>)['next'];
    return sendPage(reply, loginPage(reply.generateCsrf(), wanted !== undefined ? { next: next(wanted) } : {}));
  });

  app.post('/login', rateLimit, async (req, reply) => {
    const parsed = loginBody.safeParse(req.body ?? {});
    const wantsJson = !req.headers['content-type']?.includes('form');
    if (!parsed.success || !(await ctx.auth.verify(parsed.data.password))) {
      req.log.warn({ ip: req.ip }, 'admin login refused');
      if (wantsJson) return reply.code(401).send({ error: 'Wrong password' });
      const back = parsed.success && parsed.data.next ? { next: next(parsed.data.next) } : {};
      return sendPage(reply, loginPage(reply.generateCsrf(), { error: 'Wrong password.', ...back }), 401);
    }
    await ctx.auth.pruneExpired();
    await signIn(reply);
    if (wantsJson) return reply.send({ ok: true });
    return reply.redirect(next(parsed.data.next), 303);
  });

  app.get('/setup', async (_req, reply) => {
    if (await ctx.auth.passwordConfigured()) return reply.redirect('/login', 303);
    return sendPage(reply, setupPage(reply.generateCsrf(), { minLength: MIN_PASSWORD_LENGTH }));
  });

  app.post('/setup', rateLimit, async (req, reply) => {
    const parsed = setupBody.safeParse(req.body ?? {});
    const fail = (error: string, status = 400) =>
      sendPage(reply, setupPage(reply.generateCsrf(), { error, minLength: MIN_PASSWORD_LENGTH }), status);
    if (!parsed.success) return fail('Enter the setup code and the password twice.');
    if (parsed.data.password !== parsed.data.confirm) return fail('The two passwords differ.');
    const outcome = await ctx.auth.setPassword(parsed.data.password, parsed.data.code);
    // Someone else set it first (or at the same moment): this request gets no session.
    if (outcome === 'exists') return reply.redirect('/login', 303);
    if (outcome === 'wrong-code') {
      req.log.warn({ ip: req.ip }, 'first-run setup refused: wrong setup code');
      return fail('That is not the setup code: it is printed on the console where the service started, and by `magento-xero status`.', 403);
    }
    if (outcome === 'too-short') return fail(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
    await signIn(reply);
    return reply.redirect('/', 303);
  });

  app.post('/logout', async (req, reply) => {
    await ctx.auth.destroy(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.get('/account', async (req, reply) =>
    sendPage(reply, accountPage(pageContext(req, reply), { passwordFromEnvironment: ctx.auth.passwordFromEnvironment, minLength: MIN_PASSWORD_LENGTH })),
  );

  app.post('/account/password', async (req, reply) => {
    const parsed = changeBody.safeParse(req.body ?? {});
    if (!parsed.success) return redirectWith(ctx, reply, '/account', { error: 'Enter the current password and the new one twice.' });
    if (parsed.data.password !== parsed.data.confirm) return redirectWith(ctx, reply, '/account', { error: 'The two new passwords differ.' });
    const outcome = await ctx.auth.changePassword(parsed.data.current, parsed.data.password);
    if (outcome !== 'ok') {
      const error = {
        'wrong-password': 'The current password is wrong.',
        'too-short': `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
        'from-environment': 'The password is set by ADMIN_PASSWORD: change it there and restart.',
        'changed-meanwhile': 'The password was changed in the meantime: sign in again.',
      }[outcome];
      return redirectWith(ctx, reply, '/account', { error });
    }
    // Every session ended with the old password, this one too: the person who changed it carries on in a new one.
    await ctx.auth.pruneExpired();
    await ctx.auth.setFlash(await signIn(reply), { notice: 'Password changed: every other session has ended.' });
    return reply.redirect('/account', 303);
  });

  app.post('/account/sign-out-everywhere', async (_req, reply) => {
    await ctx.auth.signOutEverywhere();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';
import type { SyncService } from '../sync/service.js';
import type { PageContext } from '../web/layout.js';
import { SESSION_COOKIE, type AdminAuth, type Flash } from './auth.js';
import type { AlertTester, MagentoBrowser, MagentoStores, Reconciler, XeroConnect } from './ports.js';
import type { SettingsService } from '../settings/service.js';

/** What every route module is given: the injected collaborators, nothing global. */
export interface AppContext {
  storage: Storage;
  sync: SyncService;
  auth: AdminAuth;
  clock: Clock;
  magento: MagentoBrowser | undefined;
  xeroConnect: XeroConnect | undefined;
  reconciler: Reconciler | undefined;
  publicUrl: string;
  magentoBaseUrl: string | undefined;
  /** The Magento Admin (MAGENTO_ADMIN_URL, or the shop's address with /admin), for links to a record there. */
  magentoAdminUrl?: string | undefined;
  dailyLimit: (tenantId: string) => number;
  perMinuteLimit: number;
  /** Reading and changing settings, with every check (the same service the command line uses). */
  settings: SettingsService;
  /** Magento's websites and store views; absent: Magento is not configured. */
  stores: MagentoStores | undefined;
  /** Sends a test alert; absent: this process cannot send alerts. */
  alerts?: AlertTester | undefined;
}

const flashes = new WeakMap<FastifyRequest, Flash>();

/** The session's message for this page, taken by the session check before the page is built. */
export function keepFlashFor(request: FastifyRequest, flash: Flash | undefined): void {
  if (flash) flashes.set(request, flash);
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  const flash = flashes.get(request);
  return {
    csrfToken: reply.generateCsrf(),
    path: request.url.split('?')[0] ?? '/',
    notice: flash?.notice,
    error: flash?.error,
  };
}

/**
 * Back to a page with a one-line message (post/redirect/get: a reload never repeats the action). The message is kept
 * with the session and shown once: a message in the URL (?error=...) would let any link put words on our pages.
 */
export async function redirectWith(ctx: AppContext, reply: FastifyReply, path: string, message: Flash): Promise<FastifyReply> {
  if (message.notice || message.error) await ctx.auth.setFlash(reply.request.cookies[SESSION_COOKIE], message);
  return reply.redirect(path, 303);
}

export function sendPage(reply: FastifyReply, markup: { toString(): string }, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(markup.toString());
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';
import type { SyncService } from '../sync/service.js';
import type { PageContext } from '../web/layout.js';
import type { AdminAuth } from './auth.js';
import type { MagentoBrowser, Reconciler, XeroConnect } from './ports.js';

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
  dailyLimit: (tenantId: string) => number;
  perMinuteLimit: number;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  const query = request.query as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 500 ? v : undefined);
  return {
    csrfToken: reply.generateCsrf(),
    path: request.url.split('?')[0] ?? '/',
    notice: text(query['notice']),
    error: text(query['error']),
  };
}

/** Back to a page with a one-line message (post/redirect/get: a reload never repeats the action). */
export function redirectWith(reply: FastifyReply, path: string, message: { notice?: string; error?: string }): FastifyReply {
  const params = new URLSearchParams();
  if (message.notice) params.set('notice', message.notice);
  if (message.error) params.set('error', message.error);
  const [base, hash] = path.split('#');
  return reply.redirect(`${base}?${params.toString()}${hash ? `#${hash}` : ''}`, 303);
}

/** Only same-site paths, so a crafted `next` cannot send a signed-in admin elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function sendPage(reply: FastifyReply, markup: { toString(): string }, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(markup.toString());
}

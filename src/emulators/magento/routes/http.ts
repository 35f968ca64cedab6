// Request plumbing shared by the REST routes: authentication per ACL resource, store codes, `fields` trimming and
// search responses.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth.js';
import type { EmulatorContext } from '../context.js';
import { storeNotFound, unauthorized } from '../errors.js';
import { applyFields, parseFields } from '../fields.js';
import { applySearchCriteria, parseSearchCriteria, type Query } from '../search-criteria.js';
import type { MagentoRecord } from '../store.js';

export function baseUrlOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '/';
  const protocol = request.protocol;
  let host = request.host.toLowerCase();
  if ((protocol === 'http' && host.endsWith(':80')) || (protocol === 'https' && host.endsWith(':443'))) {
    host = host.slice(0, host.lastIndexOf(':'));
  }
  return `${protocol}://${host}${path}`;
}

/** A preHandler that lets the call through only when it is authenticated; otherwise Magento's ACL 401. */
export function requireAuth(ctx: EmulatorContext, resource: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const outcome = authenticate(
      { method: request.method, baseUrl: baseUrlOf(request), rawQuery, authorization: request.headers.authorization },
      { token: ctx.resolved.token, bearerAllowed: ctx.resolved.bearerAllowed, oauth: ctx.resolved.oauth },
      ctx.ledger,
      ctx.clock.wall(),
    );
    if (!outcome.ok) {
      // Magento says nothing more than the ACL message; the reason helps whoever is debugging a client.
      void reply.header('x-emulator-auth-reason', outcome.reason);
      throw unauthorized(resource);
    }
    const granted = ctx.resolved.resources;
    if (granted && !granted.includes(resource)) {
      void reply.header('x-emulator-auth-reason', `the integration was not granted ${resource}`);
      throw unauthorized(resource);
    }
  };
}

/** `/rest/<store_code>/V1/...` must name a store view (or `all`). */
export function checkStoreCode(ctx: EmulatorContext, request: FastifyRequest): void {
  const code = (request.params as Record<string, string | undefined>)['storeCode'];
  if (code === undefined || code === 'all') return;
  if (!ctx.store.storeViews.all().some((s) => s['code'] === code)) throw storeNotFound();
}

export function query(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

function fieldsParam(request: FastifyRequest): string | undefined {
  const value = query(request)['fields'];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** Applies `fields=` if given. */
export function shaped(request: FastifyRequest, body: unknown): unknown {
  const fields = fieldsParam(request);
  return fields === undefined ? body : applyFields(body, parseFields(fields));
}

/** A search response `{items, search_criteria, total_count}`. */
export function searchResponse(ctx: EmulatorContext, request: FastifyRequest, records: readonly MagentoRecord[]): unknown {
  const criteria = parseSearchCriteria(query(request), ctx.resolved.inputLimit);
  const { items, total_count } = applySearchCriteria(records, criteria);
  return shaped(request, { items, search_criteria: criteria, total_count });
}

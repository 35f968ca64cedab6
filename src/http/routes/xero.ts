import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chooseTenantPage } from '../../web/pages/xero-tenants.js';
import { SESSION_COOKIE, sessionBinding } from '../auth.js';
import { pageContext, redirectWith, sendPage, type AppContext } from '../context.js';

const tenantBody = z.object({ tenantId: z.string().min(1).max(100) });
const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * What Xero's `error` on the callback means, in our words. The callback URL is a link anyone can craft, so nothing of
 * its free text (error_description) is shown: only a known code, or the code itself when it is a plain identifier.
 * Codes: RFC 6749 section 4.1.2.1, which Xero's authorization endpoint follows.
 */
function consentRefusal(code: string): string {
  if (code === 'access_denied') return 'The connection was not allowed in Xero (access denied): press Connect again when ready.';
  return /^[a-z_]{1,40}$/.test(code) ? `Xero refused the connection (${code}): press Connect again.` : 'Xero refused the connection: press Connect again.';
}

/**
 * Connecting Xero: start (authorize URL with state and PKCE kept by the XeroConnect port, bound to the admin session
 * that pressed Connect), the OAuth callback, choosing among several organisations, and disconnecting. The callback
 * needs the signed-in admin's session, like every page, and the same session that started the flow.
 */
export async function xeroRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const redirectUri = new URL('/oauth/callback', ctx.publicUrl).toString();
  const back = (reply: FastifyReply, message: { notice?: string; error?: string }) => redirectWith(ctx, reply, '/configuration#xero', message);
  const missing = (reply: FastifyReply) => back(reply, { error: 'Xero is not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET.' });
  const binding = (req: FastifyRequest) => sessionBinding(req.cookies[SESSION_COOKIE], 'oauth');

  app.post('/xero/connect', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    try {
      const { url } = await ctx.xeroConnect.start(redirectUri, binding(req));
      return reply.redirect(url, 303);
    } catch (error) {
      return back(reply, { error: `Could not start the Xero connection: ${problemOf(error)}` });
    }
  });

  app.get('/oauth/callback', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    const query = Object.fromEntries(
      Object.entries(req.query as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    if (query['error'] !== undefined) return back(reply, { error: consentRefusal(query['error']) });
    try {
      const { tenants } = await ctx.xeroConnect.callback(query, redirectUri, binding(req));
      if (tenants.length === 0) return back(reply, { error: 'The consent covered no Xero organisation.' });
      if (tenants.length === 1) {
        await ctx.xeroConnect.chooseTenant(tenants[0]!.tenantId);
        return back(reply, { notice: `Connected to ${tenants[0]!.name}.` });
      }
      return sendPage(reply, chooseTenantPage(pageContext(req, reply), tenants));
    } catch (error) {
      return back(reply, { error: `The Xero connection failed: ${problemOf(error)}` });
    }
  });

  app.post('/xero/tenant', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    const b = tenantBody.safeParse(req.body ?? {});
    if (!b.success) return back(reply, { error: 'Choose an organisation.' });
    await ctx.xeroConnect.chooseTenant(b.data.tenantId);
    return back(reply, { notice: 'Organisation connected.' });
  });

  app.post('/xero/disconnect', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    const b = tenantBody.safeParse(req.body ?? {});
    if (!b.success) return back(reply, { error: 'Choose an organisation.' });
    try {
      await ctx.xeroConnect.disconnect(b.data.tenantId);
      return back(reply, { notice: 'Disconnected.' });
    } catch (error) {
      return back(reply, { error: `Disconnect failed: ${problemOf(error)}` });
    }
  });
}

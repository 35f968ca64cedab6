import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chooseTenantPage } from '../../web/pages/xero-tenants.js';
import { pageContext, redirectWith, sendPage, type AppContext } from '../context.js';

const tenantBody = z.object({ tenantId: z.string().min(1).max(100) });
const problemOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Connecting Xero: start (authorize URL with state and PKCE kept by the XeroConnect port), the OAuth callback, choosing
 * among several organisations, and disconnecting. The callback needs the signed-in admin's session, like every page.
 */
export async function xeroRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const redirectUri = new URL('/oauth/callback', ctx.publicUrl).toString();
  const missing = (reply: Parameters<typeof redirectWith>[0]) =>
    redirectWith(reply, '/configuration#xero', { error: 'Xero is not configured: set XERO_CLIENT_ID and XERO_CLIENT_SECRET.' });

  app.post('/xero/connect', async (_req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    try {
      const { url } = await ctx.xeroConnect.start(redirectUri);
      return reply.redirect(url, 303);
    } catch (error) {
      return redirectWith(reply, '/configuration#xero', { error: `Could not start the Xero connection: ${problemOf(error)}` });
    }
  });

  app.get('/oauth/callback', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    const query = Object.fromEntries(
      Object.entries(req.query as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    if (query['error']) {
      return redirectWith(reply, '/configuration#xero', { error: `Xero refused the connection: ${query['error_description'] ?? query['error']}` });
    }
    try {
      const { tenants } = await ctx.xeroConnect.callback(query, redirectUri);
      if (tenants.length === 0) return redirectWith(reply, '/configuration#xero', { error: 'The consent covered no Xero organisation.' });
      if (tenants.length === 1) {
        await ctx.xeroConnect.chooseTenant(tenants[0]!.tenantId);
        return redirectWith(reply, '/configuration#xero', { notice: `Connected to ${tenants[0]!.name}.` });
      }
      return sendPage(reply, chooseTenantPage(pageContext(req, reply), tenants));
    } catch (error) {
      return redirectWith(reply, '/configuration#xero', { error: `The Xero connection failed: ${problemOf(error)}` });
    }
  });

  app.post('/xero/tenant', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    const b = tenantBody.safeParse(req.body ?? {});
    if (!b.success) return redirectWith(reply, '/configuration#xero', { error: 'Choose an organisation.' });
    await ctx.xeroConnect.chooseTenant(b.data.tenantId);
    return redirectWith(reply, '/configuration#xero', { notice: 'Organisation connected.' });
  });

  app.post('/xero/disconnect', async (req, reply) => {
    if (!ctx.xeroConnect) return missing(reply);
    const b = tenantBody.safeParse(req.body ?? {});
    if (!b.success) return redirectWith(reply, '/configuration#xero', { error: 'Choose an organisation.' });
    try {
      await ctx.xeroConnect.disconnect(b.data.tenantId);
      return redirectWith(reply, '/configuration#xero', { notice: 'Disconnected.' });
    } catch (error) {
      return redirectWith(reply, '/configuration#xero', { error: `Disconnect failed: ${problemOf(error)}` });
    }
  });
}

/**
 * Xero's identity endpoints on the emulator: the consent page (login.xero.com/identity/connect/authorize), the token
 * and revocation endpoints (identity.xero.com/connect/...) and the connections API (api.xero.com/connections).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ResolvedOptions } from './options.js';
import type { EmulatorState } from './state.js';
import type { TokenStore } from './tokens.js';

interface Context {
  options: ResolvedOptions;
  state: EmulatorState;
  tokens: TokenStore;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

type Params = Record<string, string | string[] | undefined>;

function one(params: Params, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

function redirectWith(reply: FastifyReply, redirectUri: string, values: Record<string, string | undefined>) {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(values)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.code(302).header('location', url.toString()).send();
}

function errorPage(reply: FastifyReply, message: string) {
  return reply.code(400).type('text/html').send(`<!doctype html><title>Error</title><h1>Error</h1><p>${escapeHtml(message)}</p>`);
}

/** Checks the authorisation request; answers the problem itself and returns undefined when it is not acceptable. */
function checkAuthorize(ctx: Context, params: Params, reply: FastifyReply) {
  const clientId = one(params, 'client_id');
  const redirectUri = one(params, 'redirect_uri');
  if (clientId !== ctx.options.clientId) return void errorPage(reply, 'unauthorized_client');
  if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return void errorPage(reply, 'invalid redirect_uri');
  const state = one(params, 'state');
  if (one(params, 'response_type') !== 'code') {
    return void redirectWith(reply, redirectUri, { error: 'unsupported_response_type', state });
  }
  const scope = (one(params, 'scope') ?? '').trim();
  if (scope === '') return void redirectWith(reply, redirectUri, { error: 'invalid_scope', state });
  const codeChallenge = one(params, 'code_challenge');
  const method = one(params, 'code_challenge_method');
  if (codeChallenge !== undefined && method !== 'S256') {
    return void redirectWith(reply, redirectUri, { error: 'invalid_request', error_description: 'code_challenge_method must be S256', state });
  }
  return { clientId, redirectUri, state, scope, codeChallenge, nonce: one(params, 'nonce') };
}

function grantCode(ctx: Context, reply: FastifyReply, request: NonNullable<ReturnType<typeof checkAuthorize>>, tenantIds: string[]) {
  const code = ctx.tokens.issueCode({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scope: request.scope,
    tenantIds,
    ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge } : {}),
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
  });
  return redirectWith(reply, request.redirectUri, { code, scope: request.scope, state: request.state });
}

function consentPage(ctx: Context, params: Params, action: string): string {
  const hidden = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce']
    .map((name) => [name, one(params, name)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => `<input type="hidden" name="${name}" value="${escapeHtml(v ?? '')}">`)
    .join('\n');
  const orgs = [...ctx.state.organisations.values()]
    .map(
      (o) =>
        `<li><label><input type="checkbox" name="tenant" value="${o.tenantId}" checked> ${escapeHtml(o.name)}</label></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Xero | Authorise app</title>
<style>${CONSENT_CSS}</style></head>
<body>
<main>
<p class="brand">xero <span>emulator</span></p>
<h1>Emulated Xero wants to connect</h1>
<p>The app is asking for access to:</p>
<ul class="scopes">${(one(params, 'scope') ?? '').split(/\s+/).filter(Boolean).map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post" action="${escapeHtml(action)}">
${hidden}
<fieldset><legend>Organisations</legend><ul>
${orgs}
</ul></fieldset>
<button type="submit" name="consent" value="allow">Allow access</button>
<button type="submit" name="consent" value="deny">Cancel</button>
</form>
</main>
</body></html>`;
}

function clientAuth(request: FastifyRequest, body: Params): { clientId?: string; clientSecret?: string } {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i >= 0) return { clientId: decodeURIComponent(decoded.slice(0, i)), clientSecret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  const clientId = one(body, 'client_id');
  const clientSecret = one(body, 'client_secret');
  return { ...(clientId !== undefined ? { clientId } : {}), ...(clientSecret !== undefined ? { clientSecret } : {}) };
}

export function registerIdentity(app: FastifyInstance, ctx: Context): void {
  const tenantNames = () => new Map([...ctx.state.organisations.values()].map((o) => [o.tenantId, o.name]));

  for (const path of ['/identity/connect/authorize', '/connect/authorize']) {
    app.get(path, async (request, reply) => {
      const params = request.query as Params;
      const checked = checkAuthorize(ctx, params, reply);
      if (!checked) return reply;
      if (ctx.options.autoConsent) return grantCode(ctx, reply, checked, [...ctx.state.organisations.keys()]);
      return reply.type('text/html').send(consentPage(ctx, params, `${ctx.options.baseUrl}${path}`));
    });
    app.post(path, async (request, reply) => {
      const params = (request.body ?? {}) as Params;
      const checked = checkAuthorize(ctx, params, reply);
      if (!checked) return reply;
      if (one(params, 'consent') !== 'allow') return redirectWith(reply, checked.redirectUri, { error: 'access_denied', state: checked.state });
      const raw = params['tenant'];
      const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((t) => ctx.state.get(t));
      if (chosen.length === 0) return reply.type('text/html').send(consentPage(ctx, params, `${ctx.options.baseUrl}${path}`));
      return grantCode(ctx, reply, checked, chosen);
    });
  }

  app.post('/connect/token', async (request, reply) => {
    const body = (request.body ?? {}) as Params;
    const { clientId, clientSecret } = clientAuth(request, body);
    if (clientId !== ctx.options.clientId || clientSecret !== ctx.options.clientSecret) {
      return reply.code(400).send({ error: 'invalid_client' });
    }
    const grantType = one(body, 'grant_type');
    let result;
    if (grantType === 'authorization_code') {
      const code = one(body, 'code');
      if (!code) return reply.code(400).send({ error: 'invalid_request' });
      result = ctx.tokens.exchangeCode(code, clientId, one(body, 'redirect_uri'), one(body, 'code_verifier'), tenantNames());
    } else if (grantType === 'refresh_token') {
      const token = one(body, 'refresh_token');
      if (!token) return reply.code(400).send({ error: 'invalid_request' });
      result = ctx.tokens.refreshTokens(token, clientId);
    } else if (grantType === 'client_credentials') {
      // New custom connections refuse an explicit scope; `scopes=` (xero-node) is not the same parameter and is ignored.
      if ((one(body, 'scope') ?? '').trim() !== '') return reply.code(400).send({ error: 'invalid_scope' });
      const first = [...ctx.state.organisations.values()][0];
      if (!first) return reply.code(400).send({ error: 'unauthorized_client' });
      result = ctx.tokens.clientCredentials(clientId, first.tenantId, first.name);
    } else {
      return reply.code(400).send({ error: 'unsupported_grant_type' });
    }
    if ('error' in result) return reply.code(400).send(result);
    return reply.header('cache-control', 'no-store').send(result);
  });

  app.post('/connect/revocation', async (request, reply) => {
    const body = (request.body ?? {}) as Params;
    const { clientId, clientSecret } = clientAuth(request, body);
    if (clientId !== ctx.options.clientId || clientSecret !== ctx.options.clientSecret) {
      return reply.code(400).send({ error: 'invalid_client' });
    }
    const token = one(body, 'token');
    if (token) ctx.tokens.revoke(token, clientId);
    return reply.code(200).send();
  });

  const unauthorized = (reply: FastifyReply) =>
    reply.code(401).send({ Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' });

  app.get('/connections', async (request, reply) => {
    const grant = ctx.tokens.authenticate(bearer(request));
    if (!grant) return unauthorized(reply);
    const authEventId = (request.query as Params)['authEventId'];
    const connections = [...grant.connections.values()].filter(
      (c) => authEventId === undefined || c.authEventId === authEventId,
    );
    return reply.send(connections);
  });

  app.delete('/connections/:id', async (request, reply) => {
    const grant = ctx.tokens.authenticate(bearer(request));
    if (!grant) return unauthorized(reply);
    const { id } = request.params as { id: string };
    for (const [tenantId, c] of grant.connections) {
      if (c.id === id) {
        grant.connections.delete(tenantId);
        return reply.code(204).send();
      }
    }
    return reply.code(404).send({ Type: null, Title: 'Not Found', Status: 404, Detail: 'Connection not found' });
  });
}

export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

// The consent page looks like a page a merchant would trust enough to press "Allow access" on: a card, readable at any
// width (the real one is Xero's own design; this only has to be clear, not a copy of it).
const CONSENT_CSS = `
body { margin:0; font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:#eef2f6; color:#1d2330; }
main { max-width:480px; margin:8vh auto; background:#fff; border-radius:10px; padding:24px 28px; box-shadow:0 2px 12px rgba(20,33,61,.12); }
.brand { font-weight:800; color:#13b5ea; font-size:1.4rem; margin:0 0 8px; } .brand span { color:#5b6474; font-weight:500; font-size:0.9rem; }
h1 { font-size:1.35rem; margin:0 0 12px; } .scopes { margin:0 0 16px; padding-left:20px; color:#5b6474; font-size:0.95rem; }
fieldset { border:1px solid #d9dde4; border-radius:8px; margin:0 0 16px; } legend { font-weight:600; padding:0 4px; }
fieldset ul { list-style:none; margin:0; padding:4px 0; } label { display:flex; gap:8px; align-items:center; }
button { font:inherit; padding:9px 18px; border-radius:6px; border:1px solid #9aa3b1; background:#fff; cursor:pointer; margin-right:8px; }
button[value=allow] { background:#13b5ea; border-color:#13b5ea; color:#fff; font-weight:600; }
@media (max-width:520px) { main { margin:0; border-radius:0; min-height:100vh; } }
`;

import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulators/xero/index.js';

/** Reads the Xero emulator's organisations through its control endpoint (what is "in Xero"). */
export async function xeroState(url: string): Promise<{ organisations: Array<Record<string, any>> }> {
  const auth = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64');
  const res = await fetch(`${url}/__emulator/state`, { headers: { authorization: `Basic ${auth}` } });
  if (!res.ok) throw new Error(`emulator state: HTTP ${res.status}`);
  const body = (await res.json()) as any;
  return { organisations: Array.isArray(body.organisations) ? body.organisations : Object.values(body.organisations ?? body) };
}

export async function xeroRequests(url: string): Promise<Array<Record<string, any>>> {
  const auth = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64');
  const res = await fetch(`${url}/__emulator/requests`, { headers: { authorization: `Basic ${auth}` } });
  const body = (await res.json()) as any;
  return Array.isArray(body) ? body : (body.requests ?? []);
}

/** The documents of one kind ("Contacts", "Invoices", ...) in the first (or given) organisation. */
export async function xeroDocuments(url: string, plural: string, orgIndex = 0): Promise<Array<Record<string, any>>> {
  const state = await xeroState(url);
  const org = state.organisations[orgIndex] ?? {};
  return (org[plural] ?? org[plural.charAt(0).toLowerCase() + plural.slice(1)] ?? []) as Array<Record<string, any>>;
}

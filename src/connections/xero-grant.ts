import { z } from 'zod';

/** What Xero gave us when the merchant connected: sealed at rest in the `xero` connection row. */
export const xeroTokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string().optional(),
  /** ms since the epoch. */
  expiresAt: z.number(),
  scope: z.string().optional(),
});
export type XeroTokens = z.infer<typeof xeroTokensSchema>;

/** The connection row of the grant (one consent can cover several organisations). */
export const XERO_GRANT_ID = 'xero';
/** The connection row of one organisation (tenant) reached through the grant. */
export const xeroTenantConnectionId = (tenantId: string) => `xero:${tenantId}`;

export const CONNECTION_STATUS = {
  connected: 'connected',
  /** Xero refused the refresh token (expired, revoked): a person must connect again; work waits, nothing is lost. */
  reconnectNeeded: 'reconnect_needed',
  disconnected: 'disconnected',
} as const;

export class ReconnectNeededError extends Error {
  override readonly name = 'ReconnectNeededError';
  constructor(message = 'Xero needs to be connected again (the authorisation expired or was revoked): open Configuration and press Connect') {
    super(message);
  }
}
export const isReconnectNeeded = (e: unknown): e is ReconnectNeededError =>
  e instanceof ReconnectNeededError || (e instanceof Error && e.name === 'ReconnectNeededError');

export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
  constructor(message = 'Xero is not connected: open Configuration and press Connect (or run the sandbox)') {
    super(message);
  }
}
export const isNotConnected = (e: unknown): e is NotConnectedError => e instanceof NotConnectedError;

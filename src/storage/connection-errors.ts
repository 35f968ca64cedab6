// Errors that say the database connection went away (a restart, a failover, a network blip), not that a statement was
// wrong: work pauses briefly and goes on once the pool has reconnected.
const PG_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const NODE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const MESSAGES = ['Connection terminated', 'terminating connection', 'Client has encountered a connection error'];

export function isDatabaseConnectionError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error)) return false;
  // A migration failure wraps what the database said; a refused connection to a host with two addresses is an
  // AggregateError of both.
  if (depth < 3 && error.cause !== undefined && isDatabaseConnectionError(error.cause, depth + 1)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseConnectionError(e, depth + 1))) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (PG_CONNECTION_CODES.has(code) || NODE_NETWORK_CODES.has(code) || code === 'SQLITE_BUSY')) return true;
  return MESSAGES.some((m) => error.message.includes(m));
}

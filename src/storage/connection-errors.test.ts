import { describe, expect, it } from 'vitest';
import { isDatabaseConnectionError } from './connection-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseConnectionError', () => {
  it('knows a lost connection from a bad statement', () => {
    expect(isDatabaseConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseConnectionError(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isDatabaseConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseConnectionError(withCode('database is locked', 'SQLITE_BUSY'))).toBe(true);
    expect(isDatabaseConnectionError(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDatabaseConnectionError(new Error('Payment amount exceeds the amount outstanding on this document'))).toBe(false);
    expect(isDatabaseConnectionError('Connection terminated')).toBe(false);
  });
});

describe('isDatabaseConnectionError, wrapped', () => {
  it('looks through a migration failure and a refused dual-stack connect', () => {
    const lost = new Error('Connection terminated unexpectedly');
    expect(isDatabaseConnectionError(new Error('database migration 001_initial failed: Connection terminated unexpectedly', { cause: lost }))).toBe(true);
    expect(isDatabaseConnectionError(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''))).toBe(true);
    expect(isDatabaseConnectionError(new Error('database migration 002 failed', { cause: withCode('syntax error', '42601') }))).toBe(false);
  });
});

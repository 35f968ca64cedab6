import { describe, expect, it } from 'vitest';
import { ReconnectNeededError } from './errors.js';
import { NetworkError, XeroForbiddenError, XeroRateLimitError, XeroServerError, XeroUnauthorizedError, XeroValidationError } from './errors.js';
import { backoffMs, decideRetry } from './retry-policy.js';

const call = { method: 'PUT' as const, path: '/api.xro/2.0/Invoices' };
const half = () => 0.5;

describe('decideRetry', () => {
  it('never retries a validation error', () => {
    expect(decideRetry(new XeroValidationError(['Invoice # must be unique.'], call), { attempt: 1 })).toEqual({
      retry: false,
      reason: 'validation',
      waitMs: 0,
    });
  });

  it('refreshes the token once on a 401, then gives up', () => {
    const error = new XeroUnauthorizedError(call);
    expect(decideRetry(error, { attempt: 1 })).toEqual({ retry: true, reason: 'refresh-token', waitMs: 0 });
    expect(decideRetry(error, { attempt: 2, tokenRefreshed: true })).toMatchObject({ retry: false, reason: 'unauthorized' });
  });

  it('honours Retry-After on a minute limit', () => {
    expect(decideRetry(new XeroRateLimitError('minute', 7_000, call), { attempt: 1 })).toEqual({ retry: true, reason: 'rate-limit', waitMs: 7_000 });
  });

  it('backs off exponentially on a 429 without Retry-After', () => {
    const a1 = decideRetry(new XeroRateLimitError('concurrent', undefined, call), { attempt: 1, random: half });
    const a3 = decideRetry(new XeroRateLimitError('concurrent', undefined, call), { attempt: 3, random: half });
    expect(a1).toEqual({ retry: true, reason: 'rate-limit', waitMs: 750 });
    expect(a3).toEqual({ retry: true, reason: 'rate-limit', waitMs: 3000 });
  });

  it('does not wait out a spent daily limit in-process but says when to come back', () => {
    expect(decideRetry(new XeroRateLimitError('day', 3_600_000, call), { attempt: 1 })).toEqual({
      retry: false,
      reason: 'daily-limit',
      waitMs: 3_600_000,
    });
  });

  it('gives back a Retry-After longer than maxWaitMs', () => {
    expect(decideRetry(new XeroRateLimitError('minute', 300_000, call), { attempt: 1, maxWaitMs: 60_000 })).toMatchObject({
      retry: false,
      reason: 'rate-limit',
    });
  });

  it('retries 5xx and network errors with capped backoff until attempts run out', () => {
    expect(decideRetry(new XeroServerError(503, call), { attempt: 1, random: half })).toEqual({ retry: true, reason: 'server', waitMs: 750 });
    expect(decideRetry(new NetworkError('reset', call), { attempt: 20, maxAttempts: 30, random: () => 1, capMs: 10_000 })).toEqual({
      retry: true,
      reason: 'network',
      waitMs: 10_000,
    });
    expect(decideRetry(new NetworkError('timeout', call), { attempt: 4, maxAttempts: 4 })).toMatchObject({ retry: false, reason: 'attempts-exhausted' });
  });

  it('does not retry 403, 501 or a needed reconnect', () => {
    expect(decideRetry(new XeroForbiddenError(call), { attempt: 1 }).retry).toBe(false);
    expect(decideRetry(new XeroServerError(501, call), { attempt: 1 }).retry).toBe(false);
    expect(decideRetry(new ReconnectNeededError(), { attempt: 1 })).toMatchObject({ retry: false, reason: 'reconnect-needed' });
  });

  it('treats other clients\' errors by status', () => {
    expect(decideRetry({ status: 429, retryAfterMs: 2000 }, { attempt: 1 })).toEqual({ retry: true, reason: 'rate-limit', waitMs: 2000 });
    expect(decideRetry({ status: 502 }, { attempt: 1, random: half })).toMatchObject({ retry: true, reason: 'server' });
    expect(decideRetry(new Error('boom'), { attempt: 1 })).toMatchObject({ retry: false, reason: 'unknown' });
  });
});

describe('backoffMs', () => {
  it('stays within half and all of the capped exponential', () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      const cap = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      expect(backoffMs(attempt, 1000, 60_000, () => 0)).toBe(cap / 2);
      expect(backoffMs(attempt, 1000, 60_000, () => 0.999999)).toBeLessThanOrEqual(cap);
    }
  });
});

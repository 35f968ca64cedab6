import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('redacts every secret-bearing field, top level and nested', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ destination });
    log.info(
      {
        password: 'p4ss-word',
        token: 'tok-1',
        connection: { accessToken: 'at-2', refresh_token: 'rt-3', clientSecret: 'cs-4', consumerSecret: 'cs-5' },
        req: { headers: { authorization: 'Bearer at-6', cookie: 'sid=7' } },
        tenant: 'tenant-ok',
      },
      'connected',
    );
    const out = lines.join('');
    for (const secret of ['p4ss-word', 'tok-1', 'at-2', 'rt-3', 'cs-4', 'cs-5', 'at-6', 'sid=7']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('tenant-ok');
    expect(out).toContain('[redacted]');
  });
});

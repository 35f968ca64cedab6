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

describe('log format', () => {
  const capture = (tty: boolean) => {
    let out = '';
    const stream = Object.assign(new Writable({ write: (chunk, _e, cb) => ((out += chunk.toString()), cb()) }), { isTTY: tty });
    return { stream, text: () => out };
  };

  it('is one readable line on a terminal, with the same secrets hidden', () => {
    const c = capture(true);
    createLogger({ destination: c.stream, format: 'auto' }).info({ entity: 'order', token: 'sekrit' }, 'batch');
    expect(c.text()).not.toMatch(/^\{/);
    expect(c.text()).toMatch(/INFO.*batch/);
    expect(c.text()).not.toContain('sekrit');
    expect(c.text().trim().split('\n')).toHaveLength(1);
  });

  it('is JSON when not a terminal, or when asked', () => {
    const pipe = capture(false);
    createLogger({ destination: pipe.stream, format: 'auto' }).info('batch');
    expect(JSON.parse(pipe.text())).toMatchObject({ msg: 'batch' });
    const asked = capture(true);
    createLogger({ destination: asked.stream, format: 'json' }).info('batch');
    expect(JSON.parse(asked.text())).toMatchObject({ msg: 'batch' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../support/cli.js';
import { xeroRequests } from '../support/xero-state.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts the sandbox as `npm start` does and returns its output as it grows. */
function startSandbox(dir: string, port: number) {
  const child = spawnCli(['sandbox', '--port', String(port), '--data', dir, '--customers', '15', '--products', '10', '--orders', '40', '--activity', '0'], {
    LOG_LEVEL: 'error',
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, ms = 90_000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const m = pattern.exec(out);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`sandbox output never matched ${pattern}:\n${out}`);
  };
  return { child, closed, waitFor, output: () => out };
}

describe('the sandbox (`npm start`)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mx-sandbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs the store, stops cleanly on Ctrl-C, and resumes without posting anything again', async () => {
    const port = await freePort();
    const first = startSandbox(dir, port);
    await first.waitFor(/Password:\s+\S+/);
    const done = await first.waitFor(/queue: (\d+) done, \d+ skipped, 0 to go, 0 waiting, 0 retrying, 0 need attention/);
    expect(Number(done[1])).toBeGreaterThan(40);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    first.child.kill('SIGINT');
    expect(await first.closed).toBe(0);
    expect(first.output()).toMatch(/Stopped\./);

    const second = startSandbox(dir, port);
    const xeroUrl = (await second.waitFor(/Xero:\s+(http\S+)/))[1]!;
    await second.waitFor(/queue: \d+ done, \d+ skipped, 0 to go/);
    // Give the worker and the scheduler a few seconds to do anything they would do.
    await new Promise((r) => setTimeout(r, 4_000));
    const writes = (await xeroRequests(xeroUrl)).filter((r) => r['method'] !== 'GET' && String(r['path']).startsWith('/api.xro'));
    expect(writes).toEqual([]);
    second.child.kill('SIGINT');
    expect(await second.closed).toBe(0);
  }, 180_000);
});

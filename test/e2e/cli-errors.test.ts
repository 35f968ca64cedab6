import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { TEST_SECRET_KEY } from '../support/stack.js';

// Set-up mistakes a new user makes, each answered with one line that names the setting and an exit code scripts can test
// (README: 3 configuration, 4 something unreachable).
describe('the command line names the setting to fix', () => {
  let dir: string;
  let blocker: Server;
  let taken = 0;
  const env = () => ({ DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mx-cli-errors-'));
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => blocker.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Magento address ending in /rest: MAGENTO_BASE_URL, exit 3', async () => {
    const r = await runCli(['status'], { ...env(), MAGENTO_BASE_URL: 'https://shop.example.com/rest/V1/', MAGENTO_ACCESS_TOKEN: 't' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/MAGENTO_BASE_URL is the shop's address without \/rest/);
  });

  it('a port in use: says PORT (and --port for the sandbox), exit 3, and the sandbox stops its emulators', async () => {
    const serve = await runCli(['serve'], { ...env(), PORT: String(taken), HOST: '127.0.0.1' }, { timeoutMs: 60_000 });
    expect(serve.code, serve.stderr).toBe(3);
    expect(serve.stderr).toContain(`Port ${taken} on 127.0.0.1 is already in use`);
    expect(serve.stderr).toContain('PORT=');
    expect(serve.stderr).not.toMatch(/EADDRINUSE|at .*\.js:\d+/);
    // The sandbox exits by itself (nothing left listening keeps it alive) with the same line.
    const sandbox = await runCli(['sandbox', '--port', String(taken), '--data', join(dir, 'sandbox'), '--orders', '2', '--customers', '2', '--products', '2', '--activity', '0'], { LOG_LEVEL: 'warn', HOST: '127.0.0.1' }, { timeoutMs: 90_000 });
    expect(sandbox.signal, 'the sandbox hung instead of exiting').toBeNull();
    expect(sandbox.code, sandbox.stderr).toBe(3);
    expect(sandbox.stderr).toContain('--port');
  }, 180_000);

  it('a database that cannot be reached: DATABASE_URL and DATABASE_RETRY_SECONDS, exit 4', async () => {
    const r = await runCli(['status'], { ...env(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DATABASE_RETRY_SECONDS: '0' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Cannot reach the database \(127\.0\.0\.1:1\/none\).*Check DATABASE_URL.*DATABASE_RETRY_SECONDS/s);
  });

  it('a retry time that is not a number: DATABASE_RETRY_SECONDS, exit 3', async () => {
    const r = await runCli(['status'], { ...env(), DATABASE_RETRY_SECONDS: 'soon' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('DATABASE_RETRY_SECONDS must be a number of seconds');
  });
});

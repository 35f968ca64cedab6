import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../support/cli.js';
import { startStack, TEST_SECRET_KEY, type Stack } from '../support/stack.js';

/** Every command of the built CLI, run as a script would: output, --json and exit codes. */
describe('magento-xero command line', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 12, products: 8, orders: 20 } });
  });
  afterAll(() => stack.close());

  const json = (text: string) => JSON.parse(text) as any;

  it('explains itself: --help on every command, exit 0', async () => {
    const commands = [[], ['serve'], ['worker'], ['sandbox'], ['migrate'], ['status'], ['accounts', 'sync'], ['queue', 'add'], ['queue', 'list'], ['queue', 'run'], ['queue', 'retry'], ['queue', 'clear'], ['sync'], ['log'], ['report', 'requests'], ['reconcile'], ['emulate', 'magento'], ['emulate', 'xero'], ['secrets', 'reseal']];
    const results = await Promise.all(commands.map((args) => runCli([...args, '--help'], {})));
    results.forEach((r, i) => {
      expect(r.code, commands[i]!.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: magento-xero/);
    });
  }, 180_000);

  it('says what to do, with an exit code, when the set-up is wrong', async () => {
    const noKey = await runCli(['status'], { ...stack.env, SECRET_KEY: '' });
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toMatch(/SECRET_KEY is not set/);
    const badPort = await runCli(['status'], { ...stack.env, PORT: 'eighty' });
    expect(badPort.code).toBe(3);
    expect(badPort.stderr).toMatch(/PORT must be a number/);
    const badEntity = await runCli(['queue', 'add', 'widgets'], stack.env);
    expect(badEntity.code).toBe(2);
    expect(badEntity.stderr).toMatch(/"widgets" is not an entity/);
    const notConnected = await runCli(['accounts', 'sync'], stack.env);
    expect(notConnected.code).toBe(4);
    expect(notConnected.stderr).toMatch(/Xero is not connected/);
    const wrongMagento = await runCli(['queue', 'add', 'customers'], { ...stack.env, MAGENTO_BASE_URL: 'http://127.0.0.1:9' });
    expect(wrongMagento.code).toBe(4);
    expect(wrongMagento.stderr).toMatch(/Magento could not be reached/);
    const refused = await runCli(['queue', 'add', 'customers'], { ...stack.env, MAGENTO_ACCESS_TOKEN: 'wrong-token' });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/Magento refused the credentials/);
  }, 180_000);

  it('migrates, connects, maps accounts, queues, posts, logs and reports', async () => {
    const migrate = await runCli(['migrate', '--json'], stack.env);
    expect(migrate.code).toBe(0);
    expect(json(migrate.stdout).database).toBe('sqlite');

    await stack.connectXero();
    const accounts = await runCli(['accounts', 'sync', '--json'], stack.env);
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(json(accounts.stdout).existing).toContain('200');

    const add = await runCli(['queue', 'add', 'customers', '--json'], stack.env);
    expect(add.code).toBe(0);
    expect(json(add.stdout).queued).toBe(12);
    const list = await runCli(['queue', 'list', '--state', 'pending', '--json'], stack.env);
    expect(json(list.stdout).entries).toHaveLength(12);

    const run = await runCli(['queue', 'run', '--until-empty', '--json'], stack.env);
    expect(run.code, run.stderr).toBe(0);
    expect(json(run.stdout).done).toBe(12);

    const one = await runCli(['sync', 'orders', '1', '--json'], stack.env);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect(json(one.stdout)).toMatchObject({ status: 'success' });
    expect(json(one.stdout).xeroNumber).toMatch(/\d/);

    const all = await runCli(['sync', '--all', '--json'], stack.env);
    expect(all.code, all.stdout + all.stderr).toBe(0);
    expect(json(all.stdout).left).toBe(0);

    const status = await runCli(['status', '--json'], stack.env);
    expect(status.code).toBe(0);
    expect(json(status.stdout).xero[0].status).toBe('connected');

    const log = await runCli(['log', '--entity', 'customers', '--json'], stack.env);
    expect(json(log.stdout).length).toBeGreaterThanOrEqual(12);
    const errors = await runCli(['log', '--status', 'error', '--json'], stack.env);
    expect(errors.code).toBe(0);

    const report = await runCli(['report', 'requests', '--json'], stack.env);
    expect(report.code).toBe(0);
    expect(json(report.stdout).days[0].calls).toBeGreaterThan(0);

    const retry = await runCli(['queue', 'retry', '--json'], stack.env);
    expect(retry.code).toBe(0);
    const clear = await runCli(['queue', 'clear', '--state', 'done', '--json'], stack.env);
    expect(clear.code).toBe(0);
    expect(json(clear.stdout).removed).toBeGreaterThan(0);

    const reconcile = await runCli(['reconcile', '--from', '2025-01-01', '--to', '2026-12-31', '--json'], stack.env);
    expect([0, 1]).toContain(reconcile.code);
    expect(json(reconcile.stdout)).toHaveProperty('issues');
  }, 300_000);

  it('runs an emulator on its own and prints its URL and credentials', async () => {
    for (const [which, pattern] of [['xero', /XERO_CLIENT_SECRET=emulator-client-secret/], ['magento', /MAGENTO_ACCESS_TOKEN=/]] as const) {
      const child = spawnCli(['emulate', which, '--port', '0'], { SECRET_KEY: TEST_SECRET_KEY });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const closed = new Promise((r) => child.once('close', r));
      for (let i = 0; i < 100 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(pattern);
      const url = /at (http\S+)/.exec(out)![1]!;
      expect((await fetch(which === 'xero' ? `${url}/connections` : `${url}/rest/V1/directory/currency`)).status).toBeLessThan(500);
      child.kill('SIGINT');
      await closed;
    }
  });
});

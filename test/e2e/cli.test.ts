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
    // The test-only crash switch refuses to arm outside tests: the process does not start.
    for (const env of [{}, { NODE_ENV: 'production' }]) {
      const armed = await runCli(['queue', 'run'], { ...stack.env, ...env, MAGENTO_XERO_CRASH_AFTER: 'invoice:1' });
      expect(armed.code).toBe(3);
      expect(armed.stderr).toMatch(/MAGENTO_XERO_CRASH_AFTER is a test-only switch .* refused unless NODE_ENV=test/);
    }
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
    const customerRows = json(log.stdout) as Array<Record<string, unknown>>;
    expect(customerRows.length).toBeGreaterThanOrEqual(12);
    expect(new Set(customerRows.map((r) => r['entity_type']))).toEqual(new Set(['customer']));
    expect(customerRows.filter((r) => r['status'] === 'success').map((r) => String(r['magento_id'])).sort()).toEqual(
      expect.arrayContaining(Array.from({ length: 12 }, (_, i) => String(i + 1)).sort()),
    );
    // A clean store synced: no error rows; order 1 waited for its items (it was synced alone before the products), which
    // is a wait, not an error, and order 1 was posted after it.
    const clean = await runCli(['log', '--status', 'error', '--json'], stack.env);
    expect(clean.code, clean.stderr).toBe(0);
    expect(json(clean.stdout)).toEqual([]);
    const waits = await runCli(['log', '--status', 'waiting', '--json'], stack.env);
    expect((json(waits.stdout) as Array<Record<string, unknown>>).map((r) => [r['entity_type'], String(r['magento_id']), r['action'], r['message']])).toEqual([
      ['order', '1', 'items', expect.stringMatching(/^waiting for items /)],
    ]);
    const order1 = json((await runCli(['log', '--entity', 'orders', '--id', '1', '--json'], stack.env)).stdout) as Array<Record<string, unknown>>;
    expect(order1.map((r) => r['status'])).toContain('success');

    // An order Magento does not have: the run says so, the error log names it, and `queue retry` puts it back in line.
    const ghost = await runCli(['queue', 'add', 'orders', '--ids', '999999', '--json'], stack.env);
    expect(json(ghost.stdout)).toEqual({ queued: 1 });
    const ghostRun = await runCli(['queue', 'run', '--json'], stack.env);
    expect(json(ghostRun.stdout)).toMatchObject({ done: 0 });
    const errors = await runCli(['log', '--status', 'error', '--json'], stack.env);
    expect(errors.code, errors.stderr).toBe(0);
    const errorRows = (json(errors.stdout) as Array<Record<string, unknown>>).filter((r) => r['magento_id'] !== '1');
    expect(errorRows.map((r) => [r['entity_type'], String(r['magento_id']), r['status']])).toEqual([['order', '999999', 'error']]);
    expect(String(errorRows[0]?.['message'])).toMatch(/999999/);
    const errorsText = await runCli(['log', '--status', 'error'], stack.env);
    expect(errorsText.stdout).toMatch(/error\s+order 999999/);

    const report = await runCli(['report', 'requests', '--json'], stack.env);
    expect(report.code).toBe(0);
    expect(json(report.stdout).days[0].calls).toBeGreaterThan(0);

    const listed = async (state: string) =>
      (json((await runCli(['queue', 'list', '--state', state, '--json'], stack.env)).stdout).entries as Array<Record<string, unknown>>).map((e) => [
        e['entity_type'],
        String(e['magento_id']),
      ]);
    expect([...(await listed('failed')), ...(await listed('parked'))]).toEqual([['order', '999999']]);
    const retry = await runCli(['queue', 'retry', '--json'], stack.env);
    expect(retry.code, retry.stderr).toBe(0);
    expect(json(retry.stdout)).toEqual({ retried: 1 });
    expect(await listed('pending')).toEqual([['order', '999999']]);
    expect([...(await listed('failed')), ...(await listed('parked'))]).toEqual([]);
    await runCli(['queue', 'clear', '--state', 'pending', '--json'], stack.env);
    const clear = await runCli(['queue', 'clear', '--state', 'done', '--json'], stack.env);
    expect(clear.code).toBe(0);
    expect(json(clear.stdout).removed).toBeGreaterThan(0);

    // After a clean sync Xero and Magento agree: exit 0 and not one issue.
    const reconcile = await runCli(['reconcile', '--from', '2025-01-01', '--to', '2026-12-31', '--json'], stack.env);
    expect(json(reconcile.stdout)).toMatchObject({ issues: [], agreed: true });
    expect(reconcile.code, reconcile.stdout.slice(0, 2000)).toBe(0);
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
      if (which === 'xero') {
        // Xero's /connections needs a bearer token: without one, 401 (as Xero answers).
        expect((await fetch(`${url}/connections`)).status).toBe(401);
      } else {
        const token = /MAGENTO_ACCESS_TOKEN=(\S+)/.exec(out)![1]!;
        // Orders need the integration token (the currency list is anonymous in Magento, as here).
        expect((await fetch(`${url}/rest/V1/orders?searchCriteria[pageSize]=1`)).status).toBe(401);
        const currency = await fetch(`${url}/rest/V1/directory/currency`, { headers: { authorization: `Bearer ${token}` } });
        expect(currency.status).toBe(200);
        expect(await currency.json()).toMatchObject({ base_currency_code: expect.stringMatching(/^[A-Z]{3}$/) });
      }
      child.kill('SIGINT');
      await closed;
    }
  });
});

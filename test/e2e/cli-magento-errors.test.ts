// What Magento's answers turn into on the command line: one line naming the setting or the store and field, and the exit
// code the README documents (3 configuration, 4 Magento refused or unreachable). Magento answers a wrong token and an
// integration without a resource with the same 401 (src/magento/errors.ts); asking for other resources tells them apart.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';

const ALL_BUT_CUSTOMERS = [
  'Magento_Backend::store',
  'Magento_Sales::actions_view',
  'Magento_Sales::sales_invoice',
  'Magento_Sales::sales_creditmemo',
  'Magento_Catalog::products',
  'Magento_Tax::manage_tax',
  'Magento_Customer::group',
];

describe('Magento answers on the command line', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a wrong token: says the credentials are refused and names MAGENTO_ACCESS_TOKEN, exit 4', async () => {
    stack = await startStack({ magento: { customers: 2, products: 2, orders: 2 } });
    const r = await runCli(['queue', 'add', 'orders'], { ...stack.env, MAGENTO_ACCESS_TOKEN: 'not-the-token' });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/Magento refused the credentials on every resource asked/);
    expect(r.stderr).toContain('Check MAGENTO_ACCESS_TOKEN');
    expect(r.stderr).not.toMatch(/lacks access|did not answer/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an integration without the Customers resource: names the resource to grant, not the token, exit 4', async () => {
    stack = await startStack({ magento: { customers: 2, products: 2, orders: 2, resources: ALL_BUT_CUSTOMERS } });
    const r = await runCli(['queue', 'add', 'customers'], stack.env);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/The Magento integration lacks access to Customers \(Magento_Customer::customer\)/);
    expect(r.stderr).toMatch(/API tab grant/);
    expect(r.stderr).not.toMatch(/MAGENTO_ACCESS_TOKEN|did not answer|refused the credentials/);
  });

  it('a store whose base currency is not a currency: names the store view and the field, exit 3, no validation dump', async () => {
    stack = await startStack({ magento: { customers: 2, products: 2, orders: 2 } });
    const config = stack.magento.app.magento.context.store.storeConfigs.all().find((c: Record<string, unknown>) => c['code'] === 'default') as Record<string, unknown>;
    config['base_currency_code'] = 'DOLLAR';
    // Any command that reads the stores before posting (`queue run`, `sync`, `serve`'s start) meets it first.
    const r = await runCli(['queue', 'run'], stack.env);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`Magento store view "default" (id ${String(config['id'])}): base_currency_code is "DOLLAR", not a three-letter currency code`);
    expect(r.stderr).toContain('Stores > Configuration > General > Currency Setup');
    expect(r.stderr).not.toMatch(/ZodError|"code":|too_big|\[\s*\{/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

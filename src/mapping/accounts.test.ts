import { describe, expect, it } from 'vitest';
import type { XeroAccount } from '../domain/xero.js';
import { planMissingAccounts, requiredAccounts } from './accounts.js';
import { testSettings } from './test-support.js';

const existing: XeroAccount[] = [
  { Code: '090', Name: 'Business Bank Account', Type: 'BANK', Status: 'ACTIVE' },
  { Code: '200', Name: 'Sales', Type: 'SALES', Status: 'ACTIVE' },
  { Code: '310', Name: 'Cost of Goods Sold', Type: 'DIRECTCOSTS', Status: 'ACTIVE' },
  { Code: '860', Name: 'Rounding', Type: 'CURRLIAB', Status: 'ACTIVE' },
  { Code: '2150', Name: 'Old gift cards', Type: 'CURRLIAB', Status: 'ARCHIVED' },
  { Code: '260', Name: 'Other Revenue', Type: 'EXPENSE', Status: 'ACTIVE' },
];

describe('accounts', () => {
  it('plans only the missing accounts and never touches existing ones', () => {
    const settings = testSettings({
      trackedInventory: true,
      accounts: { shipping: '205', giftCardLiability: '2150' },
      paymentMethods: { checkmo: 'do_not_pay', paypal_express: '095' },
      productAccountOverrides: { 'GIFT-1': '260' },
    });
    const plan = planMissingAccounts(requiredAccounts(settings), existing);
    expect(plan.create).toEqual([
      { Code: '205', Name: 'Shipping income', Type: 'SALES' },
      { Code: '630', Name: 'Inventory', Type: 'INVENTORY' },
    ]);
    expect(plan.problems.map((p) => p.code).sort()).toEqual(['095', '2150', '260']);
    expect(plan.problems.find((p) => p.code === '2150')?.message).toMatch(/ARCHIVED/);
    expect(plan.problems.find((p) => p.code === '095')?.message).toMatch(/real account number/);
  });

  it('avoids a name another account already uses', () => {
    const plan = planMissingAccounts(requiredAccounts(testSettings({ accounts: { sales: '201' } })), existing);
    expect(plan.create).toEqual([{ Code: '201', Name: 'Sales (201)', Type: 'SALES' }]);
  });

  it('needs no inventory accounts when stock is not tracked', () => {
    expect(requiredAccounts(testSettings()).map((r) => r.role)).toEqual(['bank', 'sales', 'rounding', 'otherCharges']);
  });

  it('creates the other charges account (fixed product taxes, gift wrapping) as revenue, and their own accounts when set', () => {
    const others = existing.filter((a) => a.Code !== '260');
    expect(planMissingAccounts(requiredAccounts(testSettings()), others).create).toEqual([{ Code: '260', Name: 'Other charges', Type: 'REVENUE' }]);
    // An existing 260 of another kind is named, not used.
    expect(planMissingAccounts(requiredAccounts(testSettings()), existing).problems.map((p) => p.role)).toContain('otherCharges');
    const own = testSettings({ accounts: { fpt: '2400', giftWrapping: '266' } });
    expect(planMissingAccounts(requiredAccounts(own), existing).create).toEqual([
      { Code: '2400', Name: 'Fixed product taxes', Type: 'REVENUE' },
      { Code: '266', Name: 'Gift wrapping', Type: 'REVENUE' },
    ]);
  });
});

describe('clearing accounts', () => {
  it('creates a gateway\'s clearing account as a current asset that takes payments; bank accounts stay the merchant\'s', () => {
    const settings = testSettings({ paymentMethods: { braintree: '611', banktransfer: '090', checkmo: 'do_not_pay' }, clearingAccounts: ['611'] });
    const required = requiredAccounts(settings);
    expect(required.find((r) => r.code === '611')).toMatchObject({ type: 'CURRENT', enablePayments: true });
    expect(planMissingAccounts(required, existing).create).toContainEqual({ Code: '611', Name: 'braintree clearing', Type: 'CURRENT', EnablePaymentsToAccount: true });
  });
  it('says so when an existing clearing account does not take payments', () => {
    const settings = testSettings({ paymentMethods: { braintree: '611' }, clearingAccounts: ['611'] });
    const plan = planMissingAccounts(requiredAccounts(settings), [...existing, { Code: '611', Name: 'Card clearing', Type: 'CURRENT', Status: 'ACTIVE', EnablePaymentsToAccount: false }]);
    expect(plan.create).toEqual([]);
    expect(plan.problems.find((p) => p.code === '611')?.message).toMatch(/Enable payments to this account/);
  });
});

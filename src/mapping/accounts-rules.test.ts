// Rule by rule: the accounts the mapping posts to (requiredAccounts) and what to do about each in Xero
// (planMissingAccounts). Expected lists are written out by hand from the settings each test gives. Xero's account
// Name is at most 150 characters and EnablePaymentsToAccount is the "Enable payments to this account" flag (Account
// schema of Xero's Accounting OpenAPI spec, xero_accounting.yaml).
import { describe, expect, it } from 'vitest';
import type { XeroAccount } from '../domain/xero.js';
import { planMissingAccounts, requiredAccounts, type AccountRequirement } from './accounts.js';
import { testSettings } from './test-support.js';

const INCOME = ['SALES', 'REVENUE', 'OTHERINCOME'];
const LIABILITY = ['CURRLIAB', 'LIABILITY', 'TERMLIAB', 'CURRENT'];

const BANK = { role: 'bank', code: '090', type: 'BANK', acceptableTypes: ['BANK'], name: 'Magento payments' };
const SALES = { role: 'sales', code: '200', type: 'SALES', acceptableTypes: INCOME, name: 'Sales' };
const ROUNDING = { role: 'rounding', code: '860', type: 'CURRLIAB', acceptableTypes: [], name: 'Rounding' };
const OTHER = { role: 'otherCharges', code: '260', type: 'REVENUE', acceptableTypes: INCOME, name: 'Other charges' };

describe('requiredAccounts', () => {
  it('by default: bank 090, sales 200, rounding 860 (any type) and other charges 260', () => {
    expect(requiredAccounts(testSettings())).toEqual([BANK, SALES, ROUNDING, OTHER]);
  });

  it('a shipping account of its own, as income, after rounding', () => {
    expect(requiredAccounts(testSettings({ accounts: { shipping: '205' } }))).toEqual([
      BANK, SALES, ROUNDING, { role: 'shipping', code: '205', type: 'SALES', acceptableTypes: INCOME, name: 'Shipping income' }, OTHER,
    ]);
  });

  it('fixed product taxes (income or liability) and gift wrapping (income) when they have their own accounts', () => {
    expect(requiredAccounts(testSettings({ accounts: { fpt: '2400', giftWrapping: '266' } })).slice(4)).toEqual([
      { role: 'fpt', code: '2400', type: 'REVENUE', acceptableTypes: [...INCOME, ...LIABILITY], name: 'Fixed product taxes' },
      { role: 'giftWrapping', code: '266', type: 'REVENUE', acceptableTypes: INCOME, name: 'Gift wrapping' },
    ]);
  });

  it('fixed product taxes or gift wrapping on the other charges account: that account once', () => {
    expect(requiredAccounts(testSettings({ accounts: { fpt: '260', giftWrapping: '260' } }))).toEqual([BANK, SALES, ROUNDING, OTHER]);
  });

  it('one gift card account taking payments, named for store credit too when store credit has none of its own', () => {
    expect(requiredAccounts(testSettings({ accounts: { giftCardLiability: '2150' } })).slice(4)).toEqual([
      { role: 'giftCardLiability', code: '2150', type: 'CURRLIAB', acceptableTypes: LIABILITY, name: 'Gift cards and store credit', enablePayments: true },
    ]);
    expect(requiredAccounts(testSettings({ accounts: { giftCardLiability: '2150', storeCreditLiability: '2160' } })).slice(4)).toEqual([
      { role: 'giftCardLiability', code: '2150', type: 'CURRLIAB', acceptableTypes: LIABILITY, name: 'Gift cards', enablePayments: true },
      { role: 'storeCreditLiability', code: '2160', type: 'CURRLIAB', acceptableTypes: LIABILITY, name: 'Store credit', enablePayments: true },
    ]);
  });

  it('reward points expense only when points are a marketing expense and the account is set', () => {
    const expense = { role: 'rewardPointsExpense', code: '480', type: 'EXPENSE', acceptableTypes: ['EXPENSE', 'OVERHEADS', 'DIRECTCOSTS'], name: 'Reward points' };
    expect(requiredAccounts(testSettings({ rewardPointsAs: 'marketing_expense', accounts: { rewardPointsExpense: '480' } })).slice(4)).toEqual([expense]);
    expect(requiredAccounts(testSettings({ rewardPointsAs: 'discount', accounts: { rewardPointsExpense: '480' } }))).toHaveLength(4);
    expect(requiredAccounts(testSettings({ rewardPointsAs: 'marketing_expense' }))).toHaveLength(4);
  });

  it('inventory and cost of goods sold when stock is tracked', () => {
    expect(requiredAccounts(testSettings({ trackedInventory: true })).slice(4)).toEqual([
      { role: 'inventory', code: '630', type: 'INVENTORY', acceptableTypes: ['INVENTORY', 'CURRENT'], name: 'Inventory' },
      { role: 'cogs', code: '310', type: 'DIRECTCOSTS', acceptableTypes: ['DIRECTCOSTS'], name: 'Cost of goods sold' },
    ]);
  });

  it('payment methods: a bank account each, a clearing account (any case) taking payments, none for "do not pay"', () => {
    const settings = testSettings({ paymentMethods: { checkmo: 'do_not_pay', paypal: '095', braintree: 'clr1' }, clearingAccounts: ['CLR1'] });
    expect(requiredAccounts(settings).slice(4)).toEqual([
      { role: 'paymentMethod', code: '095', type: 'BANK', acceptableTypes: ['BANK'], name: 'Magento paypal' },
      { role: 'paymentMethod', code: 'clr1', type: 'CURRENT', acceptableTypes: ['CURRENT', 'BANK'], name: 'braintree clearing', enablePayments: true },
    ]);
  });

  it('product sales accounts once per code', () => {
    const settings = testSettings({ productAccountOverrides: { 'GIFT-1': '270', 'GIFT-2': '270', 'BOOK-1': '275' } });
    expect(requiredAccounts(settings).slice(4)).toEqual([
      { role: 'sales', code: '270', type: 'SALES', acceptableTypes: INCOME, name: 'Sales 270' },
      { role: 'sales', code: '275', type: 'SALES', acceptableTypes: INCOME, name: 'Sales 275' },
    ]);
  });

  it('an account used twice is required once, in its first role, whatever the case of its code', () => {
    // The bank account 090 is also paypal's; the shipping account "abc" is also a product's "ABC".
    const settings = testSettings({ accounts: { shipping: 'abc' }, paymentMethods: { paypal: '090' }, productAccountOverrides: { X: 'ABC' } });
    expect(requiredAccounts(settings).map((r) => `${r.role}:${r.code}`)).toEqual(['bank:090', 'sales:200', 'rounding:860', 'shipping:abc', 'otherCharges:260']);
  });
});

describe('planMissingAccounts', () => {
  const req = (more: Partial<AccountRequirement> = {}): AccountRequirement => ({ role: 'sales', code: '200', type: 'SALES', acceptableTypes: INCOME as AccountRequirement['acceptableTypes'], name: 'Sales', ...more });
  const account = (more: Partial<XeroAccount> = {}): XeroAccount => ({ Code: '200', Name: 'Sales', Type: 'SALES', Status: 'ACTIVE', ...more });

  it('nothing to do for an active account of an acceptable type, found whatever the case of its code', () => {
    expect(planMissingAccounts([req({ code: 'abc' })], [account({ Code: 'ABC' })])).toEqual({ create: [], problems: [] });
    // No status counts as active; no type is not questioned.
    expect(planMissingAccounts([req()], [account({ Status: undefined, Type: undefined })])).toEqual({ create: [], problems: [] });
  });

  it('an archived account: restore it or choose another', () => {
    expect(planMissingAccounts([req()], [account({ Status: 'ARCHIVED' })]).problems).toEqual([
      { code: '200', role: 'sales', message: 'Account 200 is ARCHIVED in Xero. Restore it in Xero or choose another account.' },
    ]);
  });

  it('an account of the wrong type names the types it should be and where to choose another', () => {
    expect(planMissingAccounts([req()], [account({ Type: 'EXPENSE', Name: 'Other Revenue' })]).problems).toEqual([
      {
        code: '200', role: 'sales',
        message: 'Account 200 (Other Revenue) is of type EXPENSE; the sales account should be SALES or REVENUE or OTHERINCOME. Choose another account in Settings → Accounts → Sales.',
      },
    ]);
    // Without a name: empty brackets.
    expect(planMissingAccounts([req()], [account({ Type: 'EXPENSE', Name: undefined })]).problems[0]?.message).toMatch(/^Account 200 \(\) is of type EXPENSE;/);
  });

  it('an account of any type will do where none is asked for', () => {
    expect(planMissingAccounts([req({ role: 'rounding', acceptableTypes: [] })], [account({ Type: 'EXPENSE' })]).problems).toEqual([]);
  });

  it('an account payments are recorded from must take payments, unless it is a bank account', () => {
    const liability = req({ role: 'giftCardLiability', code: '2150', type: 'CURRLIAB', acceptableTypes: ['CURRLIAB'], enablePayments: true });
    expect(planMissingAccounts([liability], [account({ Code: '2150', Name: 'Gift cards', Type: 'CURRLIAB' })]).problems).toEqual([
      {
        code: '2150', role: 'giftCardLiability',
        message:
          'Account 2150 (Gift cards) does not take payments, and payments are recorded from it. In Xero, edit the account and tick ' +
          '"Enable payments to this account", or choose another account in Settings → Accounts → Gift card liability.',
      },
    ]);
    // Without a name: empty brackets.
    expect(planMissingAccounts([liability], [account({ Code: '2150', Name: undefined, Type: 'CURRLIAB' })]).problems[0]?.message).toMatch(
      /^Account 2150 \(\) does not take payments,/,
    );
    expect(planMissingAccounts([liability], [account({ Code: '2150', Type: 'CURRLIAB', EnablePaymentsToAccount: true })]).problems).toEqual([]);
    const clearing = req({ role: 'paymentMethod', code: '611', type: 'CURRENT', acceptableTypes: ['CURRENT', 'BANK'], enablePayments: true });
    expect(planMissingAccounts([clearing], [account({ Code: '611', Type: 'BANK' })]).problems).toEqual([]);
    // An account not asked to take payments needs no flag.
    expect(planMissingAccounts([req({ code: '2150', acceptableTypes: [] })], [account({ Code: '2150', Type: 'CURRLIAB' })]).problems).toEqual([]);
  });

  it('a missing bank account is never created: the merchant adds it with its real account number', () => {
    expect(planMissingAccounts([req({ role: 'bank', code: '090', type: 'BANK', acceptableTypes: ['BANK'] })], [])).toEqual({
      create: [],
      problems: [
        {
          code: '090', role: 'bank',
          message: 'Bank account 090 does not exist in Xero. Add it in Xero (Accounting → Bank accounts) with its real account number, or choose an existing bank account.',
        },
      ],
    });
  });

  it('creates a missing account, taking payments when it must', () => {
    expect(planMissingAccounts([req({ code: '205', name: 'Shipping income' })], [account()]).create).toEqual([{ Code: '205', Name: 'Shipping income', Type: 'SALES' }]);
    expect(planMissingAccounts([req({ code: '611', type: 'CURRENT', name: 'braintree clearing', enablePayments: true })], []).create).toEqual([
      { Code: '611', Name: 'braintree clearing', Type: 'CURRENT', EnablePaymentsToAccount: true },
    ]);
  });

  it('a name taken (any case) by an existing account or an earlier new one gets the code in brackets', () => {
    const plan = planMissingAccounts([req({ code: '201' }), req({ code: '202', name: 'Other' }), req({ code: '203', name: 'OTHER' })], [account({ Name: 'SALES' })]);
    expect(plan.create.map((c) => c.Name)).toEqual(['Sales (201)', 'Other', 'OTHER (203)']);
  });

  it('cuts the name to Xero\'s 150 characters', () => {
    expect(planMissingAccounts([req({ code: '201', name: 'n'.repeat(151) })], []).create[0]?.Name).toBe('n'.repeat(150));
  });

  it('existing accounts without a code match nothing', () => {
    expect(planMissingAccounts([req({ code: '201', name: 'New' })], [account({ Code: undefined })]).create).toEqual([{ Code: '201', Name: 'New', Type: 'SALES' }]);
  });
});

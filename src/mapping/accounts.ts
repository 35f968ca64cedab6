// The accounts the mapping posts to, and which of them are missing in Xero. Creates only: never renames or deletes
// the merchant's accounts (the Accounts endpoint takes one account per request, so the plan is a list).
import type { XeroAccount, XeroAccountPayload, XeroAccountType } from '../domain/xero.js';
import { DO_NOT_PAY, type MappingSettings } from './settings.js';

export type AccountRole =
  | 'bank'
  | 'sales'
  | 'inventory'
  | 'cogs'
  | 'shipping'
  | 'rounding'
  | 'giftCardLiability'
  | 'storeCreditLiability'
  | 'rewardPointsExpense'
  | 'otherCharges'
  | 'fpt'
  | 'giftWrapping'
  | 'paymentMethod';

/** Where the merchant chooses each account, named in every problem so the fix is one step away. */
export const ACCOUNT_SETTING: Record<AccountRole, string> = {
  bank: 'Settings → Accounts → Bank',
  sales: 'Settings → Accounts → Sales',
  inventory: 'Settings → Accounts → Inventory',
  cogs: 'Settings → Accounts → Cost of goods sold',
  shipping: 'Settings → Accounts → Shipping',
  rounding: 'Settings → Accounts → Rounding',
  giftCardLiability: 'Settings → Accounts → Gift card liability',
  storeCreditLiability: 'Settings → Accounts → Store credit liability',
  rewardPointsExpense: 'Settings → Accounts → Reward points expense',
  otherCharges: 'Settings → Accounts → Other charges',
  fpt: 'Settings → Accounts → Fixed product taxes',
  giftWrapping: 'Settings → Accounts → Gift wrapping and printed cards',
  paymentMethod: 'Settings → Payment methods',
};

export interface AccountRequirement {
  role: AccountRole;
  code: string;
  /** Type used when the account is created. */
  type: XeroAccountType;
  /** Types an existing account may have for this role (empty: any). */
  acceptableTypes: readonly XeroAccountType[];
  name: string;
  /** Payments are recorded into it although it is no bank account (a gateway clearing account). */
  enablePayments?: boolean;
}

const INCOME: readonly XeroAccountType[] = ['SALES', 'REVENUE', 'OTHERINCOME'];
const LIABILITY: readonly XeroAccountType[] = ['CURRLIAB', 'LIABILITY', 'TERMLIAB', 'CURRENT'];

export function requiredAccounts(settings: MappingSettings): AccountRequirement[] {
  const a = settings.accounts;
  const list: AccountRequirement[] = [
    { role: 'bank', code: a.bank, type: 'BANK', acceptableTypes: ['BANK'], name: 'Magento payments' },
    { role: 'sales', code: a.sales, type: 'SALES', acceptableTypes: INCOME, name: 'Sales' },
    { role: 'rounding', code: a.rounding, type: 'CURRLIAB', acceptableTypes: [], name: 'Rounding' },
  ];
  if (a.shipping) list.push({ role: 'shipping', code: a.shipping, type: 'SALES', acceptableTypes: INCOME, name: 'Shipping income' });
  // Fixed product taxes, gift wrapping and an allowed unexplained difference (docs/totals.md): revenue beside sales.
  list.push({ role: 'otherCharges', code: a.otherCharges, type: 'REVENUE', acceptableTypes: INCOME, name: 'Other charges' });
  // An fpt or gift wrapping account that is the other charges account is dropped by the de-duplication at the end.
  if (a.fpt) list.push({ role: 'fpt', code: a.fpt, type: 'REVENUE', acceptableTypes: [...INCOME, ...LIABILITY], name: 'Fixed product taxes' });
  if (a.giftWrapping) list.push({ role: 'giftWrapping', code: a.giftWrapping, type: 'REVENUE', acceptableTypes: INCOME, name: 'Gift wrapping' });
  // Gift cards and store credit redeemed are payments from their liability accounts, which Xero allows only with
  // "Enable payments to this account" (EnablePaymentsToAccount, Accounts endpoint of xero_accounting.yaml); without it
  // Xero answers "Account type is invalid for making a payment to/from".
  if (a.giftCardLiability) {
    list.push({ role: 'giftCardLiability', code: a.giftCardLiability, type: 'CURRLIAB', acceptableTypes: LIABILITY, name: a.storeCreditLiability ? 'Gift cards' : 'Gift cards and store credit', enablePayments: true });
  }
  if (a.storeCreditLiability) {
    list.push({ role: 'storeCreditLiability', code: a.storeCreditLiability, type: 'CURRLIAB', acceptableTypes: LIABILITY, name: 'Store credit', enablePayments: true });
  }
  if (settings.rewardPointsAs === 'marketing_expense' && a.rewardPointsExpense) {
    list.push({ role: 'rewardPointsExpense', code: a.rewardPointsExpense, type: 'EXPENSE', acceptableTypes: ['EXPENSE', 'OVERHEADS', 'DIRECTCOSTS'], name: 'Reward points' });
  }
  if (settings.trackedInventory) {
    list.push({ role: 'inventory', code: a.inventory, type: 'INVENTORY', acceptableTypes: ['INVENTORY', 'CURRENT'], name: 'Inventory' });
    list.push({ role: 'cogs', code: a.cogs, type: 'DIRECTCOSTS', acceptableTypes: ['DIRECTCOSTS'], name: 'Cost of goods sold' });
  }
  const clearing = new Set(settings.clearingAccounts.map((c) => c.toUpperCase()));
  for (const [method, code] of Object.entries(settings.paymentMethods)) {
    if (code === DO_NOT_PAY) continue;
    if (clearing.has(code.toUpperCase())) {
      // A gateway's clearing account: a current asset that takes the payments, emptied by the gateway's payouts (sources:
      // Zeller and ecommpay's Xero set-up guides: a current asset account with "Enable payments to this account").
      list.push({ role: 'paymentMethod', code, type: 'CURRENT', acceptableTypes: ['CURRENT', 'BANK'], name: `${method} clearing`, enablePayments: true });
    } else {
      list.push({ role: 'paymentMethod', code, type: 'BANK', acceptableTypes: ['BANK'], name: `Magento ${method}` });
    }
  }
  for (const code of new Set(Object.values(settings.productAccountOverrides))) {
    list.push({ role: 'sales', code, type: 'SALES', acceptableTypes: INCOME, name: `Sales ${code}` });
  }
  const seen = new Set<string>();
  return list.filter((r) => (seen.has(r.code.toUpperCase()) ? false : (seen.add(r.code.toUpperCase()), true)));
}

export interface AccountProblem {
  code: string;
  role: AccountRole;
  message: string;
}

export interface AccountPlan {
  create: XeroAccountPayload[];
  problems: AccountProblem[];
}

/** The accounts to create, one per request, and problems with existing ones that only the merchant can fix. */
export function planMissingAccounts(required: readonly AccountRequirement[], existing: readonly XeroAccount[]): AccountPlan {
  const byCode = new Map(existing.filter((a) => a.Code).map((a) => [String(a.Code).toUpperCase(), a]));
  const takenNames = new Set(existing.map((a) => (a.Name ?? '').toLowerCase()).filter(Boolean));
  const create: XeroAccountPayload[] = [];
  const problems: AccountProblem[] = [];
  for (const req of required) {
    const found = byCode.get(req.code.toUpperCase());
    if (found) {
      if (found.Status && found.Status !== 'ACTIVE') {
        problems.push({ code: req.code, role: req.role, message: `Account ${req.code} is ${found.Status} in Xero. Restore it in Xero or choose another account.` });
      } else if (req.enablePayments && found.Type !== 'BANK' && found.EnablePaymentsToAccount !== true) {
        problems.push({
          code: req.code,
          role: req.role,
          message:
            `Account ${req.code} (${found.Name ?? ''}) does not take payments, and payments are recorded from it. In Xero, edit the account and tick ` +
            `"Enable payments to this account", or choose another account in ${ACCOUNT_SETTING[req.role]}.`,
        });
      } else if (req.acceptableTypes.length > 0 && found.Type && !req.acceptableTypes.includes(found.Type as XeroAccountType)) {
        problems.push({
          code: req.code,
          role: req.role,
          message: `Account ${req.code} (${found.Name ?? ''}) is of type ${found.Type}; the ${req.role} account should be ${req.acceptableTypes.join(' or ')}. Choose another account in ${ACCOUNT_SETTING[req.role]}.`,
        });
      }
      continue;
    }
    if (req.type === 'BANK') {
      problems.push({
        code: req.code,
        role: req.role,
        message: `Bank account ${req.code} does not exist in Xero. Add it in Xero (Accounting → Bank accounts) with its real account number, or choose an existing bank account.`,
      });
      continue;
    }
    let name = req.name;
    if (takenNames.has(name.toLowerCase())) name = `${req.name} (${req.code})`;
    takenNames.add(name.toLowerCase());
    create.push({ Code: req.code, Name: name.slice(0, 150), Type: req.type, ...(req.enablePayments ? { EnablePaymentsToAccount: true } : {}) });
  }
  return { create, problems };
}

/** An item element of PUT/POST /Items checked the way Xero checks it. */
import { randomUUID } from 'node:crypto';
import type { BatchContext, Prepared } from '../batch.js';
import { isGuid } from '../envelope.js';
import { parseRounded, rescale } from '../money.js';
import type { ItemDetails, ItemRecord } from '../model.js';
import { renderItem } from '../render.js';
import type { Organisation } from '../state.js';
import { currentTaxType } from './tax-type.js';

export function duplicateItemCode(code: string): string {
  // The spec's own example doubles the quotes: Price List Item with Code ''abc'' already exists
  return `Price List Item with Code ''${code}'' already exists`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function details(
  org: Organisation,
  value: unknown,
  previous: ItemDetails,
  unitdp: 2 | 4,
  errors: string[],
): ItemDetails {
  if (value === undefined || value === null) return previous;
  if (typeof value !== 'object') {
    errors.push('SalesDetails and PurchaseDetails must be objects.');
    return previous;
  }
  const v = value as Record<string, unknown>;
  const out: ItemDetails = { ...previous };
  if (v['UnitPrice'] !== undefined && v['UnitPrice'] !== null) {
    const unit4 = unitdp === 4 ? parseRounded(v['UnitPrice'], 4) : mapUnit(parseRounded(v['UnitPrice'], 2));
    if (unit4 === undefined) errors.push('UnitPrice must be a number.');
    else out.unit4 = unit4;
  }
  for (const field of ['AccountCode', 'COGSAccountCode'] as const) {
    const code = str(v[field]);
    if (code === undefined) continue;
    const account = org.accountByCode(code);
    if (!account || account.Status === 'DELETED') errors.push(`Account code '${code}' is not a valid code for this document.`);
    else if (account.Status === 'ARCHIVED') {
      errors.push(`Account code '${code}' has been archived, or has been deleted. Each line item must reference a valid account.`);
    }
    out[field] = code;
  }
  const sent = str(v['TaxType']);
  if (sent !== undefined) {
    const accountCode = out.AccountCode;
    const taxType = currentTaxType(org.region, sent, accountCode === undefined ? undefined : org.accountByCode(accountCode)?.Class);
    const rate = org.taxRate(taxType);
    if (!rate || rate.Status !== 'ACTIVE') {
      errors.push(`The TaxType code ${sent} does not exist or cannot be used for this type of transaction.`);
    }
    out.TaxType = rate?.TaxType ?? taxType;
  }
  return out;
}

function mapUnit(cents: bigint | undefined): bigint | undefined {
  return cents === undefined ? undefined : rescale(cents, 2, 4);
}

export function prepareItem(
  org: Organisation,
  element: Record<string, unknown>,
  batch: BatchContext,
  now: number,
  unitdp: 2 | 4,
  mode: 'create' | 'upsert',
  pathId?: string,
): Prepared {
  const errors: string[] = [];
  let existing: ItemRecord | undefined;
  const id = pathId ?? str(element['ItemID']);
  if (mode === 'upsert' && id !== undefined && id !== '') {
    existing = isGuid(id) ? org.items.get(id.toLowerCase()) : org.itemByCode(id);
    if (!existing) return { errors: ['Item could not be found.'] };
  } else if (mode === 'upsert' && str(element['Code'])) {
    existing = org.itemByCode(str(element['Code']) ?? '');
  }
  const code = str(element['Code'])?.trim() ?? existing?.Code;
  if (code === undefined || code === '') errors.push('Item Code must be specified.');
  else {
    if (code.length > 30) errors.push('Item Code must not be more than 30 characters long.');
    const clash = org.itemByCode(code);
    const key = `item-code:${code.toLowerCase()}`;
    if ((clash && clash.ItemID !== existing?.ItemID) || batch.has(key)) errors.push(duplicateItemCode(code));
    else batch.reserve(key);
  }
  const name = str(element['Name']) ?? existing?.Name;
  if (name !== undefined && name.length > 50) errors.push('Item Name must not be more than 50 characters long.');
  const description = str(element['Description']) ?? existing?.Description;
  if (description !== undefined && description.length > 4000) errors.push('Description must not be more than 4000 characters long.');
  const purchaseDescription = str(element['PurchaseDescription']) ?? existing?.PurchaseDescription;
  const sales = details(org, element['SalesDetails'], existing?.SalesDetails ?? {}, unitdp, errors);
  const purchases = details(org, element['PurchaseDetails'], existing?.PurchaseDetails ?? {}, unitdp, errors);
  const tracked =
    element['IsTrackedAsInventory'] === true ||
    (element['IsTrackedAsInventory'] === undefined &&
      (existing?.IsTrackedAsInventory ?? str(element['InventoryAssetAccountCode']) !== undefined));
  const inventoryAccount = str(element['InventoryAssetAccountCode']) ?? existing?.InventoryAssetAccountCode;
  if (tracked) {
    if (!inventoryAccount) errors.push('An Inventory Asset Account must be specified for a tracked inventory item.');
    else {
      const account = org.accountByCode(inventoryAccount);
      if (!account || account.Type !== 'INVENTORY') errors.push(`Account code '${inventoryAccount}' is not a valid inventory asset account.`);
    }
    if (!purchases.COGSAccountCode) errors.push('A Cost of Goods Sold account must be specified for a tracked inventory item.');
  }
  if (errors.length > 0 || code === undefined) return { errors };
  return {
    errors: [],
    commit: () => {
      const record: ItemRecord = {
        ItemID: existing?.ItemID ?? randomUUID(),
        Code: code,
        IsSold: typeof element['IsSold'] === 'boolean' ? element['IsSold'] : existing?.IsSold ?? true,
        IsPurchased: typeof element['IsPurchased'] === 'boolean' ? element['IsPurchased'] : existing?.IsPurchased ?? true,
        IsTrackedAsInventory: tracked,
        SalesDetails: sales,
        PurchaseDetails: purchases,
        updatedAt: now,
      };
      if (name !== undefined) record.Name = name;
      if (description !== undefined) record.Description = description;
      if (purchaseDescription !== undefined) record.PurchaseDescription = purchaseDescription;
      if (tracked && inventoryAccount !== undefined) record.InventoryAssetAccountCode = inventoryAccount;
      org.putItem(record, existing?.Code);
      return renderItem(record, { unitdp });
    },
  };
}

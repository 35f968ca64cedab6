/** Records to Xero's JSON: numbers as Xero prints them, `/Date(ms+0000)/` dates with their ISO siblings. */
import { dateString, msDate, utcString } from './dates.js';
import { cents, rescale, toNumber } from './money.js';
import type {
  AccountRecord,
  AllocationRecord,
  ContactRecord,
  DocumentRecord,
  ItemDetails,
  ItemRecord,
  LineRecord,
  PaymentRecord,
  TaxRateRecord,
  TrackingCategoryRecord,
} from './model.js';
import type { Organisation } from './state.js';
import { effectiveRate4 } from './totals.js';

export interface RenderOptions {
  /** 4 when the request asked `unitdp=4`; unit amounts are otherwise shown to 2 places. */
  unitdp: 2 | 4;
  summaryOnly?: boolean;
  /** Lists fetched without `page` omit line items, as Xero does. */
  withLines?: boolean;
}

const DEFAULT_RENDER: RenderOptions = { unitdp: 2, withLines: true };

export function unitNumber(unit4: bigint, unitdp: 2 | 4): number {
  return unitdp === 4 ? toNumber(unit4, 4) : toNumber(rescale(unit4, 4, 2), 2);
}

export function renderAccount(a: AccountRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    AccountID: a.AccountID,
    Code: a.Code,
    Name: a.Name,
    Status: a.Status,
    Type: a.Type,
    TaxType: a.TaxType,
    Class: a.Class,
    EnablePaymentsToAccount: a.EnablePaymentsToAccount,
    ShowInExpenseClaims: a.ShowInExpenseClaims,
    ReportingCode: a.ReportingCode ?? '',
    HasAttachments: false,
    UpdatedDateUTC: msDate(a.updatedAt),
    AddToWatchlist: false,
  };
  if (a.Description !== undefined) out['Description'] = a.Description;
  if (a.BankAccountNumber !== undefined) out['BankAccountNumber'] = a.BankAccountNumber;
  if (a.BankAccountType !== undefined) out['BankAccountType'] = a.BankAccountType;
  if (a.CurrencyCode !== undefined) out['CurrencyCode'] = a.CurrencyCode;
  if (a.SystemAccount !== undefined) out['SystemAccount'] = a.SystemAccount;
  return out;
}

export function renderTaxRate(t: TaxRateRecord): Record<string, unknown> {
  const rate = toNumber(effectiveRate4(t.components.map((c) => ({ rate4: c.rate4, isCompound: c.IsCompound }))), 4);
  return {
    Name: t.Name,
    TaxType: t.TaxType,
    ReportTaxType: t.ReportTaxType,
    CanApplyToAssets: t.CanApplyToAssets,
    CanApplyToEquity: t.CanApplyToEquity,
    CanApplyToExpenses: t.CanApplyToExpenses,
    CanApplyToLiabilities: t.CanApplyToLiabilities,
    CanApplyToRevenue: t.CanApplyToRevenue,
    DisplayTaxRate: rate,
    EffectiveRate: rate,
    Status: t.Status,
    TaxComponents: t.components.map((c) => ({
      Name: c.Name,
      Rate: toNumber(c.rate4, 4),
      IsCompound: c.IsCompound,
      IsNonRecoverable: c.IsNonRecoverable,
    })),
  };
}

export function renderTracking(t: TrackingCategoryRecord): Record<string, unknown> {
  return {
    Name: t.Name,
    Status: t.Status,
    TrackingCategoryID: t.TrackingCategoryID,
    Options: t.Options.map((o) => ({
      TrackingOptionID: o.TrackingOptionID,
      Name: o.Name,
      Status: o.Status,
      TrackingCategoryID: t.TrackingCategoryID,
    })),
  };
}

export function renderContact(c: ContactRecord, options: RenderOptions = DEFAULT_RENDER): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ContactID: c.ContactID,
    ContactStatus: c.ContactStatus,
    Name: c.Name,
    ...c.fields,
    UpdatedDateUTC: msDate(c.updatedAt),
    IsSupplier: c.fields['IsSupplier'] === true,
    IsCustomer: c.fields['IsCustomer'] === true,
    HasAttachments: false,
    HasValidationErrors: false,
  };
  if (!options.summaryOnly) {
    out['Addresses'] = c.Addresses;
    out['Phones'] = c.Phones;
    out['ContactGroups'] = [];
    out['ContactPersons'] = [];
  }
  return out;
}

/** The short contact Xero embeds in documents. */
export function contactSummary(c: ContactRecord | undefined): Record<string, unknown> {
  if (!c) return {};
  const out: Record<string, unknown> = {
    ContactID: c.ContactID,
    Name: c.Name,
    ContactStatus: c.ContactStatus,
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
  const n = c.fields['ContactNumber'];
  if (typeof n === 'string') out['ContactNumber'] = n;
  const e = c.fields['EmailAddress'];
  if (typeof e === 'string') out['EmailAddress'] = e;
  return out;
}

function renderDetails(d: ItemDetails, unitdp: 2 | 4): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (d.unit4 !== undefined) out['UnitPrice'] = unitNumber(d.unit4, unitdp);
  if (d.AccountCode !== undefined) out['AccountCode'] = d.AccountCode;
  if (d.COGSAccountCode !== undefined) out['COGSAccountCode'] = d.COGSAccountCode;
  if (d.TaxType !== undefined) out['TaxType'] = d.TaxType;
  return out;
}

export function renderItem(i: ItemRecord, options: RenderOptions = DEFAULT_RENDER): Record<string, unknown> {
  const out: Record<string, unknown> = { ItemID: i.ItemID, Code: i.Code };
  if (i.Name !== undefined) out['Name'] = i.Name;
  if (i.Description !== undefined) out['Description'] = i.Description;
  if (i.PurchaseDescription !== undefined) out['PurchaseDescription'] = i.PurchaseDescription;
  out['IsSold'] = i.IsSold;
  out['IsPurchased'] = i.IsPurchased;
  out['IsTrackedAsInventory'] = i.IsTrackedAsInventory;
  if (i.InventoryAssetAccountCode !== undefined) out['InventoryAssetAccountCode'] = i.InventoryAssetAccountCode;
  if (i.IsTrackedAsInventory) {
    out['TotalCostPool'] = 0;
    out['QuantityOnHand'] = 0;
  }
  out['SalesDetails'] = renderDetails(i.SalesDetails, options.unitdp);
  out['PurchaseDetails'] = renderDetails(i.PurchaseDetails, options.unitdp);
  out['UpdatedDateUTC'] = msDate(i.updatedAt);
  return out;
}

export function renderLine(org: Organisation, l: LineRecord, unitdp: 2 | 4): Record<string, unknown> {
  const out: Record<string, unknown> = { LineItemID: l.LineItemID };
  if (l.Description !== undefined) out['Description'] = l.Description;
  out['Quantity'] = toNumber(l.quantity4, 4);
  out['UnitAmount'] = unitNumber(l.unit4, unitdp);
  if (l.ItemCode !== undefined) {
    out['ItemCode'] = l.ItemCode;
    const item = org.itemByCode(l.ItemCode);
    if (item) out['Item'] = { ItemID: item.ItemID, Name: item.Name ?? '', Code: item.Code };
  }
  if (l.AccountCode !== undefined) {
    out['AccountCode'] = l.AccountCode;
    const account = org.accountByCode(l.AccountCode);
    if (account) out['AccountID'] = account.AccountID;
  }
  if (l.TaxType !== undefined) out['TaxType'] = l.TaxType;
  out['TaxAmount'] = cents(l.taxCents);
  out['LineAmount'] = cents(l.lineCents);
  if (l.discountRate4 !== undefined) out['DiscountRate'] = toNumber(l.discountRate4, 4);
  if (l.discountCents !== undefined) out['DiscountAmount'] = cents(l.discountCents);
  out['Tracking'] = l.Tracking;
  return out;
}

function paymentSummary(p: PaymentRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    PaymentID: p.PaymentID,
    Date: msDate(p.date),
    Amount: cents(p.amount),
    CurrencyRate: p.currencyRate,
    HasAccount: false,
    HasValidationErrors: false,
  };
  if (p.Reference !== undefined) out['Reference'] = p.Reference;
  return out;
}

export function renderDocument(
  org: Organisation,
  d: DocumentRecord,
  options: RenderOptions = DEFAULT_RENDER,
): Record<string, unknown> {
  const isInvoice = d.kind === 'invoice';
  const out: Record<string, unknown> = { Type: d.Type };
  if (isInvoice) {
    out['InvoiceID'] = d.id;
    out['InvoiceNumber'] = d.number;
  } else {
    out['CreditNoteID'] = d.id;
    out['CreditNoteNumber'] = d.number;
  }
  out['Reference'] = d.Reference ?? '';
  const payments = d.paymentIds
    .map((id) => org.payments.get(id))
    .filter((p): p is PaymentRecord => p !== undefined && p.Status === 'AUTHORISED');
  const allocations = d.allocationIds
    .map((id) => org.allocations.get(id))
    .filter((a): a is AllocationRecord => a !== undefined && !a.isDeleted);
  if (!options.summaryOnly) {
    out['Payments'] = payments.map(paymentSummary);
    if (isInvoice) {
      out['CreditNotes'] = allocations.map((a) => {
        const cn = org.creditNotes.get(a.creditNoteId);
        return {
          CreditNoteID: a.creditNoteId,
          CreditNoteNumber: cn?.number ?? '',
          ID: a.AllocationID,
          AppliedAmount: cents(a.amount),
          DateString: dateString(a.date),
          Date: msDate(a.date),
          LineItems: [],
          Total: cn ? cents(cn.total) : 0,
        };
      });
      out['Prepayments'] = [];
      out['Overpayments'] = [];
    } else {
      out['Allocations'] = allocations.map((a) => ({
        AllocationID: a.AllocationID,
        Amount: cents(a.amount),
        Date: msDate(a.date),
        Invoice: { InvoiceID: a.invoiceId, InvoiceNumber: org.invoices.get(a.invoiceId)?.number ?? '', Payments: [], CreditNotes: [], Prepayments: [], Overpayments: [], HasErrors: false, IsDiscounted: false, HasAttachments: false, LineItems: [] },
        IsDeleted: false,
      }));
    }
  }
  const outstanding = d.total - d.paid - d.credited;
  if (isInvoice) {
    out['AmountDue'] = cents(outstanding);
    out['AmountPaid'] = cents(d.paid);
    out['AmountCredited'] = cents(d.credited);
    out['IsDiscounted'] = d.totalDiscount !== 0n;
  } else {
    out['RemainingCredit'] = cents(outstanding);
    out['AppliedAmount'] = cents(d.credited + d.paid);
  }
  out['CurrencyRate'] = d.currencyRate;
  out['HasErrors'] = false;
  out['HasAttachments'] = false;
  out['Contact'] = contactSummary(org.contacts.get(d.contactId));
  out['DateString'] = dateString(d.date);
  out['Date'] = msDate(d.date);
  if (d.dueDate !== undefined) {
    out['DueDateString'] = dateString(d.dueDate);
    out['DueDate'] = msDate(d.dueDate);
  }
  out['Status'] = d.status;
  out['LineAmountTypes'] = d.lineAmountTypes;
  if (options.withLines !== false && !options.summaryOnly) {
    out['LineItems'] = d.lines.map((l) => renderLine(org, l, options.unitdp));
  }
  out['SubTotal'] = cents(d.subTotal);
  out['TotalTax'] = cents(d.totalTax);
  out['Total'] = cents(d.total);
  if (isInvoice && d.totalDiscount !== 0n) out['TotalDiscount'] = cents(d.totalDiscount);
  out['UpdatedDateUTC'] = msDate(d.updatedAt);
  out['UpdatedDateUTCString'] = utcString(d.updatedAt);
  out['CurrencyCode'] = d.currencyCode;
  if (d.fullyPaidOn !== undefined) out['FullyPaidOnDate'] = msDate(d.fullyPaidOn);
  for (const [k, v] of Object.entries(d.extra)) out[k] = v;
  return out;
}

export function renderPayment(org: Organisation, p: PaymentRecord): Record<string, unknown> {
  const account = org.accounts.get(p.accountId);
  const doc = org.documents(p.documentKind).get(p.documentId);
  const out: Record<string, unknown> = {
    PaymentID: p.PaymentID,
    Date: msDate(p.date),
    BankAmount: cents(p.amount),
    Amount: cents(p.amount),
    CurrencyRate: p.currencyRate,
    PaymentType: p.PaymentType,
    Status: p.Status,
    UpdatedDateUTC: msDate(p.updatedAt),
    UpdatedDateUTCString: utcString(p.updatedAt),
    HasAccount: true,
    IsReconciled: p.IsReconciled,
    Account: account ? { AccountID: account.AccountID, Code: account.Code, Name: account.Name } : {},
    HasValidationErrors: false,
  };
  if (p.Reference !== undefined) out['Reference'] = p.Reference;
  if (doc) {
    const embedded = {
      Type: doc.Type,
      ...(doc.kind === 'invoice'
        ? { InvoiceID: doc.id, InvoiceNumber: doc.number }
        : { CreditNoteID: doc.id, CreditNoteNumber: doc.number }),
      Contact: { ContactID: doc.contactId, Name: org.contacts.get(doc.contactId)?.Name ?? '' },
      CurrencyCode: doc.currencyCode,
      Payments: [],
      LineItems: [],
    };
    out[doc.kind === 'invoice' ? 'Invoice' : 'CreditNote'] = embedded;
  }
  return out;
}

export function renderAllocation(org: Organisation, a: AllocationRecord): Record<string, unknown> {
  const invoice = org.invoices.get(a.invoiceId);
  const cn = org.creditNotes.get(a.creditNoteId);
  return {
    AllocationID: a.AllocationID,
    Amount: cents(a.amount),
    Date: msDate(a.date),
    Invoice: { InvoiceID: a.invoiceId, InvoiceNumber: invoice?.number ?? '', LineItems: [], Payments: [] },
    CreditNote: { CreditNoteID: a.creditNoteId, CreditNoteNumber: cn?.number ?? '', LineItems: [] },
    IsDeleted: a.isDeleted,
  };
}

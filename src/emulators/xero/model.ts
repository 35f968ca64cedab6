/** Records as the emulator keeps them: money as scaled integers, dates as epoch ms; rendered to Xero's JSON on the way out. */
import type { LineAmountTypes } from './totals.js';

export type AccountClass = 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';

export interface AccountRecord {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  TaxType: string;
  Description?: string;
  BankAccountNumber?: string;
  BankAccountType?: string;
  CurrencyCode?: string;
  EnablePaymentsToAccount: boolean;
  ShowInExpenseClaims: boolean;
  Class: AccountClass;
  SystemAccount?: string;
  ReportingCode?: string;
  updatedAt: number;
}

export interface TaxComponentRecord {
  Name: string;
  rate4: bigint;
  IsCompound: boolean;
  IsNonRecoverable: boolean;
}

export interface TaxRateRecord {
  TaxType: string;
  Name: string;
  components: TaxComponentRecord[];
  Status: 'ACTIVE' | 'DELETED' | 'ARCHIVED';
  ReportTaxType: string;
  CanApplyToAssets: boolean;
  CanApplyToEquity: boolean;
  CanApplyToExpenses: boolean;
  CanApplyToLiabilities: boolean;
  CanApplyToRevenue: boolean;
}

export interface TrackingOptionRecord {
  TrackingOptionID: string;
  Name: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
}

export interface TrackingCategoryRecord {
  TrackingCategoryID: string;
  Name: string;
  Status: 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  Options: TrackingOptionRecord[];
}

export interface AddressRecord {
  AddressType?: string;
  AddressLine1?: string;
  AddressLine2?: string;
  AddressLine3?: string;
  AddressLine4?: string;
  City?: string;
  Region?: string;
  PostalCode?: string;
  Country?: string;
  AttentionTo?: string;
}

export interface PhoneRecord {
  PhoneType?: string;
  PhoneNumber?: string;
  PhoneAreaCode?: string;
  PhoneCountryCode?: string;
}

export interface ContactRecord {
  ContactID: string;
  ContactStatus: 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';
  Name: string;
  /** Other string / boolean fields the client set (ContactNumber, EmailAddress, FirstName, ...), kept as sent. */
  fields: Record<string, string | boolean>;
  Addresses: AddressRecord[];
  Phones: PhoneRecord[];
  updatedAt: number;
}

export interface ItemDetails {
  unit4?: bigint;
  AccountCode?: string;
  COGSAccountCode?: string;
  TaxType?: string;
}

export interface ItemRecord {
  ItemID: string;
  Code: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold: boolean;
  IsPurchased: boolean;
  IsTrackedAsInventory: boolean;
  InventoryAssetAccountCode?: string;
  SalesDetails: ItemDetails;
  PurchaseDetails: ItemDetails;
  updatedAt: number;
}

export interface LineTracking {
  TrackingCategoryID: string;
  TrackingOptionID: string;
  Name: string;
  Option: string;
}

export interface LineRecord {
  LineItemID: string;
  Description?: string;
  quantity4: bigint;
  unit4: bigint;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  taxCents: bigint;
  lineCents: bigint;
  discountRate4?: bigint;
  discountCents?: bigint;
  Tracking: LineTracking[];
}

export type DocumentStatus = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'AUTHORISED' | 'PAID' | 'VOIDED';
export type DocumentKind = 'invoice' | 'creditNote';

/** An invoice (ACCREC/ACCPAY) or a credit note (ACCRECCREDIT/ACCPAYCREDIT): the same arithmetic and life cycle. */
export interface DocumentRecord {
  kind: DocumentKind;
  id: string;
  Type: string;
  number: string;
  Reference?: string;
  contactId: string;
  date: number;
  dueDate?: number;
  status: DocumentStatus;
  lineAmountTypes: LineAmountTypes;
  currencyCode: string;
  currencyRate: number;
  lines: LineRecord[];
  subTotal: bigint;
  totalTax: bigint;
  total: bigint;
  totalDiscount: bigint;
  /** Invoice: paid by payments. Credit note: refunded by payments. */
  paid: bigint;
  /** Invoice: credited by allocations. Credit note: allocated to invoices. */
  credited: bigint;
  fullyPaidOn?: number;
  paymentIds: string[];
  allocationIds: string[];
  extra: Record<string, string | boolean>;
  updatedAt: number;
}

export interface PaymentRecord {
  PaymentID: string;
  date: number;
  amount: bigint;
  currencyRate: number;
  Reference?: string;
  accountId: string;
  documentKind: DocumentKind;
  documentId: string;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: string;
  IsReconciled: boolean;
  updatedAt: number;
}

export interface AllocationRecord {
  AllocationID: string;
  creditNoteId: string;
  invoiceId: string;
  amount: bigint;
  date: number;
  isDeleted: boolean;
}

// Xero Accounting API payloads, field names exactly as xero_accounting.yaml (16.1.0). Payload interfaces describe what
// the connector sends; zod schemas validate what Xero returns (loose: Xero adds fields, and dates stay "/Date(ms)/"
// strings, parsed with parseXeroDate / xeroDateToIsoDate in dates.ts).
import { z } from 'zod';
import { InvalidPayloadError } from './errors.js';

const optString = z.string().nullish();
const optNumber = z.number().nullish();
const optBool = z.boolean().nullish();

export const LINE_AMOUNT_TYPES = ['Exclusive', 'Inclusive', 'NoTax'] as const;
export type LineAmountTypes = (typeof LINE_AMOUNT_TYPES)[number];

export const INVOICE_STATUSES = ['DRAFT', 'SUBMITTED', 'DELETED', 'AUTHORISED', 'PAID', 'VOIDED'] as const;
export type XeroInvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const ACCOUNT_TYPES = [
  'BANK', 'CURRENT', 'CURRLIAB', 'DEPRECIATN', 'DIRECTCOSTS', 'EQUITY', 'EXPENSE', 'FIXED', 'INVENTORY',
  'LIABILITY', 'NONCURRENT', 'OTHERINCOME', 'OVERHEADS', 'PREPAYMENT', 'REVENUE', 'SALES', 'TERMLIAB', 'PAYG',
] as const;
export type XeroAccountType = (typeof ACCOUNT_TYPES)[number];

export const PAYMENT_TYPES = ['ACCRECPAYMENT', 'ARCREDITPAYMENT'] as const;

// ---------- validation results shared by every element ----------
export const xeroValidationErrorSchema = z.looseObject({ Message: z.string() });
export type XeroValidationError = z.infer<typeof xeroValidationErrorSchema>;

const elementStatus = {
  HasErrors: optBool,
  HasValidationErrors: optBool,
  StatusAttributeString: optString,
  ValidationErrors: z.array(xeroValidationErrorSchema).nullish(),
  Warnings: z.array(xeroValidationErrorSchema).nullish(),
};

/** Messages of an element's ValidationErrors (empty when it was accepted). */
export function validationMessages(element: { ValidationErrors?: readonly XeroValidationError[] | null | undefined }): string[] {
  return (element.ValidationErrors ?? []).map((e) => e.Message);
}

// ---------- payloads we send ----------
export interface XeroAddress {
  AddressType: 'POBOX' | 'STREET';
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

export interface XeroPhone {
  PhoneType: 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX' | 'OFFICE';
  PhoneNumber?: string;
  PhoneAreaCode?: string;
  PhoneCountryCode?: string;
}

export interface XeroContactPayload {
  ContactID?: string;
  ContactNumber: string;
  Name: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  TaxNumber?: string;
  Addresses?: XeroAddress[];
  Phones?: XeroPhone[];
  IsCustomer?: boolean;
}

export interface XeroItemPayload {
  Code: string;
  Name: string;
  Description?: string;
  IsSold: boolean;
  IsPurchased?: boolean;
  SalesDetails: { UnitPrice?: number; AccountCode?: string; TaxType?: string };
  PurchaseDetails?: { UnitPrice?: number; AccountCode?: string; COGSAccountCode?: string; TaxType?: string };
  IsTrackedAsInventory?: boolean;
  InventoryAssetAccountCode?: string;
}

export interface XeroTracking {
  Name: string;
  Option: string;
}

export interface XeroLineItem {
  Description: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode?: string;
  TaxType?: string;
  TaxAmount?: number;
  DiscountAmount?: number;
  DiscountRate?: number;
  LineAmount?: number;
  Tracking?: XeroTracking[];
}

/** A reference to a contact by id or by our stable ContactNumber. */
export type XeroContactRef = { ContactID: string } | { ContactNumber: string };

export interface XeroInvoicePayload {
  Type: 'ACCREC';
  InvoiceID?: string;
  Contact: XeroContactRef;
  InvoiceNumber: string;
  Reference?: string;
  Date: string;
  DueDate: string;
  Status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'VOIDED' | 'DELETED';
  LineAmountTypes: LineAmountTypes;
  CurrencyCode: string;
  CurrencyRate?: number;
  LineItems: XeroLineItem[];
}

export interface XeroCreditNotePayload {
  Type: 'ACCRECCREDIT';
  CreditNoteID?: string;
  Contact: XeroContactRef;
  CreditNoteNumber: string;
  Reference?: string;
  Date: string;
  Status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'VOIDED' | 'DELETED';
  LineAmountTypes: LineAmountTypes;
  CurrencyCode: string;
  CurrencyRate?: number;
  LineItems: XeroLineItem[];
}

export type XeroAccountRef = { Code: string } | { AccountID: string };

export interface XeroPaymentPayload {
  Invoice?: { InvoiceID: string } | { InvoiceNumber: string };
  CreditNote?: { CreditNoteID: string } | { CreditNoteNumber: string };
  Account: XeroAccountRef;
  Date: string;
  Amount: number;
  Reference?: string;
  CurrencyRate?: number;
}

export interface XeroAllocationPayload {
  Invoice: { InvoiceID: string };
  Amount: number;
  Date: string;
}

export interface XeroAccountPayload {
  Code: string;
  Name: string;
  Type: XeroAccountType;
  Description?: string;
  TaxType?: string;
  BankAccountNumber?: string;
  CurrencyCode?: string;
  EnablePaymentsToAccount?: boolean;
}

export interface XeroTaxComponent {
  Name: string;
  Rate: number;
  IsCompound: boolean;
  IsNonRecoverable?: boolean;
}

export interface XeroTaxRatePayload {
  Name: string;
  TaxComponents: XeroTaxComponent[];
  ReportTaxType?: string;
}

// ---------- what Xero returns ----------
export const xeroContactSchema = z.looseObject({
  ContactID: z.string(),
  ContactNumber: optString,
  ContactStatus: optString,
  Name: optString,
  FirstName: optString,
  LastName: optString,
  EmailAddress: optString,
  IsCustomer: optBool,
  UpdatedDateUTC: optString,
  ...elementStatus,
});
export type XeroContact = z.infer<typeof xeroContactSchema>;

export const xeroItemSchema = z.looseObject({
  ItemID: z.string(),
  Code: z.string(),
  Name: optString,
  Description: optString,
  IsSold: optBool,
  IsTrackedAsInventory: optBool,
  InventoryAssetAccountCode: optString,
  SalesDetails: z.looseObject({ UnitPrice: optNumber, AccountCode: optString, TaxType: optString }).nullish(),
  PurchaseDetails: z
    .looseObject({ UnitPrice: optNumber, AccountCode: optString, COGSAccountCode: optString, TaxType: optString })
    .nullish(),
  UpdatedDateUTC: optString,
  ...elementStatus,
});
export type XeroItem = z.infer<typeof xeroItemSchema>;

export const xeroLineItemSchema = z.looseObject({
  LineItemID: optString,
  Description: optString,
  Quantity: optNumber,
  UnitAmount: optNumber,
  ItemCode: optString,
  AccountCode: optString,
  TaxType: optString,
  TaxAmount: optNumber,
  LineAmount: optNumber,
  DiscountRate: optNumber,
  DiscountAmount: optNumber,
  Tracking: z.array(z.looseObject({ Name: optString, Option: optString })).nullish(),
});
export type XeroLineItemRead = z.infer<typeof xeroLineItemSchema>;

const paymentSummarySchema = z.looseObject({ PaymentID: optString, Amount: optNumber, Date: optString });
const allocationSummarySchema = z.looseObject({ AllocationID: optString, Amount: optNumber, Date: optString });

export const xeroInvoiceSchema = z.looseObject({
  InvoiceID: z.string(),
  Type: optString,
  InvoiceNumber: optString,
  Reference: optString,
  Contact: z.looseObject({ ContactID: optString, ContactNumber: optString, Name: optString }).nullish(),
  Date: optString,
  DueDate: optString,
  Status: z.enum(INVOICE_STATUSES).nullish(),
  LineAmountTypes: z.enum(LINE_AMOUNT_TYPES).nullish(),
  CurrencyCode: optString,
  CurrencyRate: optNumber,
  LineItems: z.array(xeroLineItemSchema).nullish(),
  SubTotal: optNumber,
  TotalTax: optNumber,
  Total: optNumber,
  TotalDiscount: optNumber,
  AmountDue: optNumber,
  AmountPaid: optNumber,
  AmountCredited: optNumber,
  Payments: z.array(paymentSummarySchema).nullish(),
  CreditNotes: z.array(z.looseObject({ CreditNoteID: optString, AppliedAmount: optNumber })).nullish(),
  UpdatedDateUTC: optString,
  ...elementStatus,
});
export type XeroInvoice = z.infer<typeof xeroInvoiceSchema>;

export const xeroCreditNoteSchema = z.looseObject({
  CreditNoteID: z.string(),
  Type: optString,
  CreditNoteNumber: optString,
  Reference: optString,
  Contact: z.looseObject({ ContactID: optString, ContactNumber: optString, Name: optString }).nullish(),
  Date: optString,
  Status: z.enum(INVOICE_STATUSES).nullish(),
  LineAmountTypes: z.enum(LINE_AMOUNT_TYPES).nullish(),
  CurrencyCode: optString,
  CurrencyRate: optNumber,
  LineItems: z.array(xeroLineItemSchema).nullish(),
  SubTotal: optNumber,
  TotalTax: optNumber,
  Total: optNumber,
  RemainingCredit: optNumber,
  Allocations: z.array(allocationSummarySchema).nullish(),
  Payments: z.array(paymentSummarySchema).nullish(),
  UpdatedDateUTC: optString,
  ...elementStatus,
});
export type XeroCreditNote = z.infer<typeof xeroCreditNoteSchema>;

export const xeroPaymentSchema = z.looseObject({
  PaymentID: z.string(),
  Invoice: z.looseObject({ InvoiceID: optString, InvoiceNumber: optString }).nullish(),
  CreditNote: z.looseObject({ CreditNoteID: optString, CreditNoteNumber: optString }).nullish(),
  Account: z.looseObject({ AccountID: optString, Code: optString }).nullish(),
  Date: optString,
  Amount: optNumber,
  Reference: optString,
  Status: optString,
  PaymentType: optString,
  UpdatedDateUTC: optString,
  ...elementStatus,
});
export type XeroPayment = z.infer<typeof xeroPaymentSchema>;

export const xeroAllocationSchema = z.looseObject({
  AllocationID: optString,
  Invoice: z.looseObject({ InvoiceID: optString }).nullish(),
  Amount: optNumber,
  Date: optString,
  ...elementStatus,
});
export type XeroAllocation = z.infer<typeof xeroAllocationSchema>;

export const xeroAccountSchema = z.looseObject({
  AccountID: optString,
  Code: optString,
  Name: optString,
  Type: optString,
  Status: optString,
  Class: optString,
  TaxType: optString,
  CurrencyCode: optString,
  EnablePaymentsToAccount: optBool,
  SystemAccount: optString,
  BankAccountNumber: optString,
  ...elementStatus,
});
export type XeroAccount = z.infer<typeof xeroAccountSchema>;

export const xeroTaxComponentSchema = z.looseObject({
  Name: optString,
  Rate: optNumber,
  IsCompound: optBool,
  IsNonRecoverable: optBool,
});

export const xeroTaxRateSchema = z.looseObject({
  Name: optString,
  TaxType: z.string(),
  TaxComponents: z.array(xeroTaxComponentSchema).nullish(),
  Status: optString,
  ReportTaxType: optString,
  CanApplyToRevenue: optBool,
  DisplayTaxRate: optNumber,
  EffectiveRate: optNumber,
  ...elementStatus,
});
export type XeroTaxRate = z.infer<typeof xeroTaxRateSchema>;

export const xeroOrganisationSchema = z.looseObject({
  OrganisationID: optString,
  Name: optString,
  ShortCode: optString,
  BaseCurrency: optString,
  CountryCode: optString,
  PeriodLockDate: optString,
  EndOfYearLockDate: optString,
  Timezone: optString,
  Version: optString,
});
export type XeroOrganisation = z.infer<typeof xeroOrganisationSchema>;

export const xeroCurrencySchema = z.looseObject({ Code: z.string(), Description: optString });
export type XeroCurrency = z.infer<typeof xeroCurrencySchema>;

export const xeroTrackingOptionSchema = z.looseObject({
  TrackingOptionID: optString,
  Name: optString,
  Status: optString,
});
export const xeroTrackingCategorySchema = z.looseObject({
  TrackingCategoryID: optString,
  Name: optString,
  Status: optString,
  Options: z.array(xeroTrackingOptionSchema).nullish(),
});
export type XeroTrackingCategory = z.infer<typeof xeroTrackingCategorySchema>;

export const xeroPaginationSchema = z.looseObject({
  page: optNumber,
  pageSize: optNumber,
  pageCount: optNumber,
  itemCount: optNumber,
});

const envelopeBase = {
  Id: optString,
  Status: optString,
  ProviderName: optString,
  DateTimeUTC: optString,
  pagination: xeroPaginationSchema.nullish(),
  Warnings: z.array(xeroValidationErrorSchema).nullish(),
};

/** `{Id, Status, ProviderName, DateTimeUTC, <Plural>: [...], pagination?, Warnings?}` */
export function xeroEnvelopeSchema<K extends string, T extends z.ZodType>(plural: K, element: T) {
  const shape = { ...envelopeBase, [plural]: z.array(element).nullish() } as typeof envelopeBase &
    Record<K, z.ZodOptional<z.ZodNullable<z.ZodArray<T>>>>;
  return z.looseObject(shape);
}

/** The 400 body: `{ErrorNumber, Type, Message, Elements:[{..., ValidationErrors}]}`. */
export const xeroApiErrorSchema = z.looseObject({
  ErrorNumber: optNumber,
  Type: optString,
  Message: optString,
  Elements: z.array(z.looseObject({ ...elementStatus })).nullish(),
});
export type XeroApiError = z.infer<typeof xeroApiErrorSchema>;

/** 401/403 problem body: `{Title, Status, Detail}`. */
export const xeroProblemSchema = z.looseObject({ Title: optString, Status: optNumber, Detail: optString, Type: z.unknown() });

/** All validation messages in an error body, element by element. */
export function apiErrorMessages(error: XeroApiError): string[] {
  const fromElements = (error.Elements ?? []).flatMap((e) => validationMessages(e));
  return fromElements.length > 0 ? fromElements : error.Message ? [error.Message] : [];
}

export function parseXero<T extends z.ZodType>(schema: T, data: unknown, what: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new InvalidPayloadError(
    'xero',
    what,
    result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  );
}

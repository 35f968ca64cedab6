// The numbers and ids a document sent to Xero (or answered by it) is known by, so that a record's page can find its own
// exchanges: a Magento order's invoice by its InvoiceNumber or InvoiceID, a payment by its PaymentID or the invoice it
// pays, a credit note's allocation by the credit note and the invoice.

const OWN_KEYS = ['InvoiceNumber', 'InvoiceID', 'CreditNoteNumber', 'CreditNoteID', 'ContactNumber', 'ContactID', 'ItemID', 'Code', 'PaymentID', 'AllocationID'] as const;
const NESTED = ['Invoice', 'CreditNote', 'Prepayment', 'Overpayment'] as const;

function ownKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const keys: string[] = [];
  for (const k of OWN_KEYS) {
    const v = record[k];
    if (typeof v === 'string' && v !== '' && v !== '00000000-0000-0000-0000-000000000000') keys.push(v);
  }
  return keys;
}

/** Identifying values of a document and of the documents it names (a payment's invoice, an allocation's credit note). */
export function exchangeKeys(...documents: unknown[]): string[] {
  const keys = new Set<string>();
  for (const doc of documents) {
    for (const k of ownKeys(doc)) keys.add(k);
    if (typeof doc !== 'object' || doc === null) continue;
    for (const n of NESTED) for (const k of ownKeys((doc as Record<string, unknown>)[n])) keys.add(k);
  }
  return [...keys];
}

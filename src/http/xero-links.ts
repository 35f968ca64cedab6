/**
 * "View on Xero" deep links, in the form Xero documents: log in to the organisation by its short code, then open the
 * document. A payment has no page of its own that the API's PaymentID opens, so it links to nothing.
 */
const PATHS: Record<string, (id: string) => string> = {
  invoice: (id) => `/AccountsReceivable/View.aspx?InvoiceID=${id}`,
  creditnote: (id) => `/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${id}`,
  contact: (id) => `/Contacts/View/${id}`,
  item: (id) => `/Accounts/Inventory/${id}`,
};

/** Xero ids are GUIDs; anything else is not put in a link. */
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function xeroDeepLink(xeroKind: string, xeroId: string, shortCode: string | undefined, base = 'https://go.xero.com'): string | undefined {
  const path = PATHS[xeroKind];
  if (!path || !shortCode || !GUID.test(xeroId)) return undefined;
  return `${base}/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${path(xeroId)}`;
}

/** Which Xero document to show for a Magento record, best first. */
export const PREFERRED_KINDS: Record<string, readonly string[]> = {
  customer: ['contact'],
  product: ['item'],
  order: ['invoice'],
  invoice: ['invoice', 'payment'],
  creditmemo: ['creditnote', 'refund', 'allocation'],
};

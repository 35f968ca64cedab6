// "View on Xero" links in the form Xero documents: log in to the organisation by its ShortCode, then open the page.
// A payment has no page that its PaymentID opens, so its link is the invoice (or credit note) it was applied to.

const LOGIN = 'https://go.xero.com/organisationlogin/default.aspx';

export type XeroLinkTarget =
  | { kind: 'invoice'; invoiceId: string }
  | { kind: 'creditnote'; creditNoteId: string }
  | { kind: 'contact'; contactId: string }
  | { kind: 'item'; itemId: string }
  | { kind: 'payment'; invoiceId: string }
  | { kind: 'payment'; creditNoteId: string };

/** Xero ids are GUIDs; anything else is not put in a link. */
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function redirectPath(target: XeroLinkTarget): { path: string; id: string } {
  switch (target.kind) {
    case 'invoice':
      return { path: `/AccountsReceivable/View.aspx?InvoiceID=${target.invoiceId}`, id: target.invoiceId };
    case 'creditnote':
      return { path: `/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${target.creditNoteId}`, id: target.creditNoteId };
    case 'contact':
      return { path: `/Contacts/View/${target.contactId}`, id: target.contactId };
    case 'item':
      return { path: `/Accounts/Inventory/${target.itemId}`, id: target.itemId };
    case 'payment':
      return 'invoiceId' in target
        ? redirectPath({ kind: 'invoice', invoiceId: target.invoiceId })
        : redirectPath({ kind: 'creditnote', creditNoteId: target.creditNoteId });
  }
}

/**
 * The deep link, or undefined without a ShortCode or with an id that is not a Xero GUID. `base` replaces Xero's web
 * address (the sandbox's emulator serves these pages itself).
 */
export function xeroLink(shortCode: string | undefined | null, target: XeroLinkTarget, base = 'https://go.xero.com'): string | undefined {
  if (!shortCode) return undefined;
  const { path, id } = redirectPath(target);
  if (!GUID.test(id)) return undefined;
  return `${LOGIN.replace('https://go.xero.com', base)}?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${path}`;
}

/** The page to open for a document the entity map knows by kind ('invoice', 'creditnote', 'contact', 'item'). */
export function linkTarget(kind: string, id: string): XeroLinkTarget | undefined {
  switch (kind) {
    case 'invoice':
      return { kind: 'invoice', invoiceId: id };
    case 'creditnote':
      return { kind: 'creditnote', creditNoteId: id };
    case 'contact':
      return { kind: 'contact', contactId: id };
    case 'item':
      return { kind: 'item', itemId: id };
    default:
      return undefined;
  }
}

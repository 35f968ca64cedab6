import { linkTarget, xeroLink } from '../xero/links.js';

/** "View on Xero" for an entity-map link (kind and id); none for kinds without a page of their own (payments). */
export function xeroDeepLink(xeroKind: string, xeroId: string, shortCode: string | undefined, base = 'https://go.xero.com'): string | undefined {
  const target = linkTarget(xeroKind, xeroId);
  return target ? xeroLink(shortCode, target, base) : undefined;
}

/** Which Xero document to show for a Magento record, best first. */
export const PREFERRED_KINDS: Record<string, readonly string[]> = {
  customer: ['contact'],
  product: ['item'],
  order: ['invoice'],
  invoice: ['invoice', 'payment'],
  creditmemo: ['creditnote', 'refund', 'allocation'],
};

import type { XeroContact } from '../domain/xero.js';
import type { XeroAccounting } from '../xero/accounting.js';

/**
 * What the directory keeps of a Xero contact: the fields adoption, reuse and the name check read, nothing else. A whole
 * contact (addresses, phones, dates) held for every contact of the organisation was the connector's largest growing
 * memory in a backfill: about 940 bytes a contact, 4.4 MB of the 8.6 MB the live heap grew between 20,000 and 55,000
 * records of a 30,000-order `sync --all` (heap snapshots, bench/RESULTS.md section 4), and a 100,000-order store makes
 * tens of thousands of contacts.
 */
export type KnownContact = Pick<XeroContact, 'ContactID' | 'ContactNumber' | 'ContactStatus' | 'Name' | 'EmailAddress'>;

export function knownContact(contact: XeroContact): KnownContact {
  const known: KnownContact = { ContactID: contact.ContactID };
  if (contact.ContactNumber != null) known.ContactNumber = contact.ContactNumber;
  if (contact.ContactStatus != null) known.ContactStatus = contact.ContactStatus;
  if (contact.Name != null) known.Name = contact.Name;
  if (contact.EmailAddress != null) known.EmailAddress = contact.EmailAddress;
  return known;
}

/**
 * The organisation's existing contacts, read once per tenant a page of a thousand at a time, so that adopting an existing
 * contact (by ContactNumber, then email) and avoiding name clashes costs a call per thousand contacts, not one per customer.
 */
export class ContactDirectory {
  private readonly byNumber = new Map<string, KnownContact>();
  private readonly byEmail = new Map<string, KnownContact>();
  private readonly byName = new Map<string, KnownContact>();
  private loaded = false;

  async load(xero: XeroAccounting, signal?: AbortSignal): Promise<void> {
    if (this.loaded) return;
    for (let page = 1; ; page++) {
      const contacts = await xero.getContacts({ page, pageSize: 1000, summaryOnly: true, includeArchived: true, ...(signal ? { signal } : {}) });
      for (const c of contacts) this.add(c);
      if (contacts.length < 1000) break;
    }
    this.loaded = true;
  }

  /** Re-reads the given numbers from Xero (an earlier attempt may have created them without our knowing). */
  async refresh(xero: XeroAccounting, contactNumbers: readonly string[], signal?: AbortSignal): Promise<void> {
    for (let i = 0; i < contactNumbers.length; i += 50) {
      const found = await xero.getContacts({
        contactNumbers: contactNumbers.slice(i, i + 50),
        includeArchived: true,
        ...(signal ? { signal } : {}),
      });
      for (const c of found) this.add(c);
    }
  }

  add(contact: XeroContact): void {
    const known = knownContact(contact);
    if (known.ContactNumber) this.byNumber.set(known.ContactNumber, known);
    const email = known.EmailAddress?.trim().toLowerCase();
    if (email && !this.byEmail.has(email)) this.byEmail.set(email, known);
    if (known.Name && known.ContactStatus !== 'ARCHIVED') this.byName.set(known.Name.trim().toLowerCase(), known);
  }

  find(contactNumber: string, email: string | undefined): KnownContact | undefined {
    return this.byNumber.get(contactNumber) ?? (email ? this.byEmail.get(email.trim().toLowerCase()) : undefined);
  }

  /** The active contact that already has this name, if any. */
  named(name: string): KnownContact | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }
}

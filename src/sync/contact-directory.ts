import type { XeroContact } from '../domain/xero.js';
import type { XeroAccounting } from '../xero/accounting.js';

/**
 * The organisation's existing contacts, read once per tenant a page of a thousand at a time, so that adopting an existing
 * contact (by ContactNumber, then email) and avoiding name clashes costs a call per thousand contacts, not one per customer.
 */
export class ContactDirectory {
  private readonly byNumber = new Map<string, XeroContact>();
  private readonly byEmail = new Map<string, XeroContact>();
  private readonly byName = new Map<string, XeroContact>();
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
    if (contact.ContactNumber) this.byNumber.set(contact.ContactNumber, contact);
    const email = contact.EmailAddress?.trim().toLowerCase();
    if (email && !this.byEmail.has(email)) this.byEmail.set(email, contact);
    if (contact.Name && contact.ContactStatus !== 'ARCHIVED') this.byName.set(contact.Name.trim().toLowerCase(), contact);
  }

  find(contactNumber: string, email: string | undefined): XeroContact | undefined {
    return this.byNumber.get(contactNumber) ?? (email ? this.byEmail.get(email.trim().toLowerCase()) : undefined);
  }

  /** The active contact that already has this name, if any. */
  named(name: string): XeroContact | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }
}

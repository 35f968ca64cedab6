// Guest orders have no customer record: one contact per email, or one generic contact per store (setting), because
// Xero advises against very large contact lists.
import type { MagentoOrder } from '../domain/magento.js';
import { isGuestOrder } from '../domain/magento.js';
import type { XeroContactPayload } from '../domain/xero.js';
import { contactName, phoneFrom, toXeroAddress } from './contact.js';
import { customerContactNumber, genericGuestContactNumber, guestContactNumber } from './numbers.js';
import { contactPrefix, storeContext, type MappingSettings } from './settings.js';
import { cutOnWord, nonEmpty, singleLine } from './text.js';

export function guestToContact(order: MagentoOrder, settings: MappingSettings): XeroContactPayload {
  const ctx = storeContext(settings, order.store_id, { entity: 'order', id: order.increment_id });
  const prefix = contactPrefix(ctx);
  if (settings.guestStrategy === 'generic_per_store') {
    // The merchant's name for it with the store code after it, so two stores' shared contacts in one organisation never
    // clash (Xero wants contact names unique), cut so the whole fits Xero's 255 (Contact Name, xero_accounting.yaml).
    const store = ` (${ctx.code})`;
    return { ContactNumber: genericGuestContactNumber(prefix), Name: `${cutOnWord(settings.guestContactName, 255 - store.length)}${store}`, IsCustomer: true };
  }
  const billing = order.billing_address ?? undefined;
  const email = order.customer_email.trim();
  // A blank name on the order falls back to the billing address's, for the Name as for FirstName and LastName, so the
  // three agree (a blank customer_firstname once gave Name "Lee" beside FirstName "Ann").
  const first = nonEmpty(order.customer_firstname, billing?.firstname);
  const last = nonEmpty(order.customer_lastname, billing?.lastname);
  const contact: XeroContactPayload = {
    ContactNumber: guestContactNumber(prefix, email),
    Name: contactName({ firstname: first, lastname: last, company: billing?.company, email }, settings.useCompanyName),
    EmailAddress: email,
    IsCustomer: true,
  };
  if (first) contact.FirstName = singleLine(first).slice(0, 255);
  if (last) contact.LastName = singleLine(last).slice(0, 255);
  if (billing) contact.Addresses = [toXeroAddress(billing, 'POBOX')];
  const shipping = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address;
  if (shipping) (contact.Addresses ??= []).push(toXeroAddress(shipping, 'STREET'));
  const phones = phoneFrom(billing?.telephone);
  if (phones.length > 0) contact.Phones = phones;
  return contact;
}

/** The ContactNumber an order's invoice points at: the customer's, or the guest contact's. */
export function orderContactNumber(order: MagentoOrder, settings: MappingSettings): string {
  const ctx = storeContext(settings, order.store_id, { entity: 'order', id: order.increment_id });
  const prefix = contactPrefix(ctx);
  const customerId = isGuestOrder(order) ? undefined : order.customer_id;
  if (customerId != null) return customerContactNumber(prefix, customerId);
  if (settings.guestStrategy === 'generic_per_store') return genericGuestContactNumber(prefix);
  return guestContactNumber(prefix, order.customer_email);
}

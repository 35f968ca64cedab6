// Magento customer → Xero contact.
import { MappingError, type RecordRef } from '../domain/errors.js';
import type { MagentoCustomer, MagentoCustomerAddress, MagentoOrderAddress } from '../domain/magento.js';
import type { XeroAddress, XeroContact, XeroContactPayload, XeroPhone } from '../domain/xero.js';
import { customerContactNumber } from './numbers.js';
import { contactPrefix, storeContext, type MappingSettings } from './settings.js';
import { cutOnWord, nonEmpty, singleLine } from './text.js';

const NAME_MAX = 255;

export interface NameParts {
  firstname?: string | null | undefined;
  lastname?: string | null | undefined;
  company?: string | null | undefined;
  email: string;
}

/**
 * Xero's contact Name: the company when the setting says so and there is one, else "First Last"; a nameless customer
 * falls back to the company, then the email, so the Name is never empty.
 */
export function contactName(parts: NameParts, useCompanyName: boolean): string {
  const person = [parts.firstname, parts.lastname].map((p) => p?.trim() ?? '').filter(Boolean).join(' ');
  const company = parts.company?.trim();
  // The email needs no trim of its own: cutOnWord makes the name one trimmed line.
  const name = (useCompanyName && company) || person || company || parts.email;
  return cutOnWord(name, NAME_MAX);
}

/** The name to retry with when Xero reports the name belongs to another contact: "First Last (email)". */
export function clashFallbackName(name: string, email: string): string {
  const suffix = ` (${email.trim()})`;
  return `${cutOnWord(name, NAME_MAX - suffix.length)}${suffix}`;
}

/** Whether a Xero validation message is the "name already assigned to another contact" clash. */
export function isContactNameClash(message: string): boolean {
  return /contact name .* is already assigned to another contact/i.test(message);
}

type AnyAddress = MagentoCustomerAddress | MagentoOrderAddress;

export function toXeroAddress(address: AnyAddress, type: XeroAddress['AddressType']): XeroAddress {
  const street = (address.street ?? []).map((s) => s.trim()).filter(Boolean);
  const region = typeof address.region === 'string' ? address.region : (address.region?.region ?? address.region?.region_code);
  const out: XeroAddress = { AddressType: type };
  const lines = [street[0], street[1], street[2], street.slice(3).join(', ')];
  lines.forEach((line, i) => {
    if (line) out[`AddressLine${i + 1}` as 'AddressLine1'] = line.slice(0, 500);
  });
  const city = nonEmpty(address.city);
  if (city) out.City = city.slice(0, 255);
  const reg = nonEmpty(region);
  if (reg) out.Region = reg.slice(0, 255);
  const postcode = nonEmpty(address.postcode);
  if (postcode) out.PostalCode = postcode.slice(0, 50);
  const country = nonEmpty(address.country_id);
  if (country) out.Country = country.slice(0, 50);
  const attention = nonEmpty(address.company);
  if (attention) out.AttentionTo = attention.slice(0, 255);
  return out;
}

export function phoneFrom(telephone: string | null | undefined): XeroPhone[] {
  const number = nonEmpty(telephone);
  return number ? [{ PhoneType: 'DEFAULT', PhoneNumber: number.slice(0, 50) }] : [];
}

/** The customer's default billing or shipping address: the address flagged so, else the one whose id the customer names. */
function findDefault(customer: MagentoCustomer, flag: 'default_billing' | 'default_shipping'): MagentoCustomerAddress | undefined {
  const addresses = customer.addresses ?? [];
  const byFlag = addresses.find((a) => a[flag] === true);
  if (byFlag) return byFlag;
  const id = customer[flag];
  return id === null || id === undefined ? undefined : addresses.find((a) => String(a.id) === String(id));
}

/**
 * `storeId` is the store whose Xero organisation the contact goes to (e.g. the store of the order being posted); it
 * defaults to the store the customer was created in, which is 0 (admin) for customers created in the back office.
 */
export function customerToContact(
  customer: MagentoCustomer,
  settings: MappingSettings,
  storeId: number | null | undefined = customer.store_id,
): XeroContactPayload {
  const ctx = storeContext(settings, storeId, { entity: 'customer', id: String(customer.id) });
  const billing = findDefault(customer, 'default_billing');
  const shipping = findDefault(customer, 'default_shipping');
  const contact: XeroContactPayload = {
    ContactNumber: customerContactNumber(contactPrefix(ctx), customer.id),
    Name: contactName(
      { firstname: customer.firstname, lastname: customer.lastname, company: billing?.company, email: customer.email },
      settings.useCompanyName,
    ),
    EmailAddress: customer.email.trim(),
    IsCustomer: true,
  };
  const first = nonEmpty(customer.firstname);
  if (first) contact.FirstName = singleLine(first).slice(0, 255);
  const last = nonEmpty(customer.lastname);
  if (last) contact.LastName = singleLine(last).slice(0, 255);
  const addresses: XeroAddress[] = [];
  if (billing) addresses.push(toXeroAddress(billing, 'POBOX'));
  if (shipping) addresses.push(toXeroAddress(shipping, 'STREET'));
  if (addresses.length > 0) contact.Addresses = addresses;
  const phones = phoneFrom(billing?.telephone ?? shipping?.telephone);
  if (phones.length > 0) contact.Phones = phones;
  const vat = nonEmpty(customer.taxvat, billing?.vat_id);
  if (vat) contact.TaxNumber = vat.slice(0, 50);
  return contact;
}

export type ContactAdoption = { kind: 'adopt'; contactId: string; matchedBy: 'number' | 'email' } | { kind: 'create' };

/**
 * Before creating a contact, adopt an existing one: by ContactNumber first, then by email. An archived match is an
 * error that says so, because Xero cannot edit archived contacts over the API.
 */
export function chooseContactToAdopt(
  byNumber: readonly XeroContact[],
  byEmail: readonly XeroContact[],
  record: RecordRef,
): ContactAdoption {
  for (const [matches, matchedBy] of [[byNumber, 'number'], [byEmail, 'email']] as const) {
    const active = matches.find((c) => (c.ContactStatus ?? 'ACTIVE') === 'ACTIVE');
    if (active) return { kind: 'adopt', contactId: active.ContactID, matchedBy };
    const archived = matches.find((c) => c.ContactStatus === 'ARCHIVED');
    if (archived) {
      throw new MappingError(
        'archived_contact',
        `the matching Xero contact "${archived.Name ?? archived.ContactNumber ?? archived.ContactID}" is archived. Archived contacts cannot currently be edited via the API.`,
        'Restore the contact in Xero (Contacts → Archived → Restore), then retry.',
        { record, details: { contactId: archived.ContactID, matchedBy } },
      );
    }
  }
  return { kind: 'create' };
}

// Rule by rule: the guest order → Xero contact mapping (guest-contact.ts), each expected value worked by hand. Xero's
// field limits (FirstName, LastName 255) are from the Contact schema of Xero's Accounting OpenAPI spec
// (xero_accounting.yaml). The guest contact numbers: the store's prefix "M1-", "G-" and the first 16 hex digits of the
// SHA-256 of the trimmed, lower-cased email, worked with `printf '%s' guest@example.com | sha256sum` (513935c4d2db2d2d).
import { describe, expect, it } from 'vitest';
import type { MagentoOrder } from '../domain/magento.js';
import { guestToContact, orderContactNumber } from './guest-contact.js';
import { adobeCreditMemoOrder, testSettings, thrownMappingError } from './test-support.js';

const GUEST_NUMBER = 'M1-G-513935c4d2db2d2d';

/** A guest order of store 1 by guest@example.com (adobeCreditMemoOrder) with the fields a test sets. */
const guestOrder = (more: object = {}): MagentoOrder => adobeCreditMemoOrder(more);

const shippingTo = (address: object): object => ({
  extension_attributes: { shipping_assignments: [{ shipping: { address } }] },
});

describe('guestToContact, one contact per email', () => {
  it('an order with only an email: number from the email, the email as name', () => {
    expect(guestToContact(guestOrder({ customer_email: '  Guest@Example.com ' }), testSettings())).toEqual({
      ContactNumber: GUEST_NUMBER, Name: 'Guest@Example.com', EmailAddress: 'Guest@Example.com', IsCustomer: true,
    });
  });

  it('names from the order, one line each, cut to 255', () => {
    const contact = guestToContact(guestOrder({ customer_firstname: ' Ann\t Marie ', customer_lastname: 'L'.repeat(256) }), testSettings());
    expect(contact.FirstName).toBe('Ann Marie');
    expect(contact.LastName).toBe('L'.repeat(255));
    expect(guestToContact(guestOrder({ customer_firstname: 'F'.repeat(256) }), testSettings()).FirstName).toBe('F'.repeat(255));
  });

  it('names from the billing address when the order has none, or blank ones', () => {
    const billing = { billing_address: { firstname: 'Ann', lastname: 'Lee', city: 'Albany' } };
    expect(guestToContact(guestOrder(billing), testSettings())).toEqual({
      ContactNumber: GUEST_NUMBER, Name: 'Ann Lee', EmailAddress: 'guest@example.com', IsCustomer: true, FirstName: 'Ann', LastName: 'Lee',
      Addresses: [{ AddressType: 'POBOX', City: 'Albany' }],
    });
    const blank = guestToContact(guestOrder({ ...billing, customer_firstname: ' ', customer_lastname: '' }), testSettings());
    expect([blank.Name, blank.FirstName, blank.LastName]).toEqual(['Ann Lee', 'Ann', 'Lee']);
  });

  it('the order\'s own names win over the billing address\'s', () => {
    const order = guestOrder({ customer_firstname: 'Bea', customer_lastname: 'Ray', billing_address: { firstname: 'Ann', lastname: 'Lee' } });
    const contact = guestToContact(order, testSettings());
    expect([contact.Name, contact.FirstName, contact.LastName]).toEqual(['Bea Ray', 'Bea', 'Ray']);
  });

  it('the billing company as name when the setting is on', () => {
    const order = guestOrder({ customer_firstname: 'Ann', billing_address: { company: 'Lee Imports' } });
    expect(guestToContact(order, testSettings({ useCompanyName: true })).Name).toBe('Lee Imports');
    expect(guestToContact(order, testSettings()).Name).toBe('Ann');
  });

  it('billing address as POBOX with its telephone, shipping address as STREET', () => {
    const order = guestOrder({ billing_address: { city: 'Albany', telephone: ' 111 ' }, ...shippingTo({ city: 'Buffalo', telephone: '222' }) });
    expect(guestToContact(order, testSettings())).toMatchObject({
      Addresses: [{ AddressType: 'POBOX', City: 'Albany' }, { AddressType: 'STREET', City: 'Buffalo' }],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '111' }],
    });
  });

  it('only a shipping address: STREET alone and no phone (the telephone is read from the billing address only)', () => {
    const contact = guestToContact(guestOrder(shippingTo({ city: 'Buffalo', telephone: '222' })), testSettings());
    expect(contact.Addresses).toEqual([{ AddressType: 'STREET', City: 'Buffalo' }]);
    expect(contact).not.toHaveProperty('Phones');
  });

  it('no addresses when the order has none (an empty shipping assignment too)', () => {
    for (const extension_attributes of [{}, { shipping_assignments: [] }, { shipping_assignments: [{}] }, { shipping_assignments: [{ shipping: {} }] }]) {
      expect(guestToContact(guestOrder({ extension_attributes }), testSettings())).not.toHaveProperty('Addresses');
    }
  });

  it('the contact number carries the store\'s own prefix', () => {
    const settings = testSettings();
    settings.stores['1'] = { ...(settings.stores['1'] as NonNullable<(typeof settings.stores)['1']>), contactPrefix: 'EU-' };
    expect(guestToContact(guestOrder(), settings).ContactNumber).toBe('EU-G-513935c4d2db2d2d');
  });

  it('an order of a store not connected to Xero is refused, naming the order', () => {
    const error = thrownMappingError(() => guestToContact(guestOrder({ store_id: 5, increment_id: '000000042' }), testSettings()));
    expect(error.code).toBe('missing_store_context');
    expect(error.record).toEqual({ entity: 'order', id: '000000042', storeId: 5 });
  });
});

describe('guestToContact, one shared contact per store', () => {
  it('is the store\'s generic contact, named after its store code, whoever the guest is', () => {
    const settings = testSettings({ guestStrategy: 'generic_per_store' });
    const order = guestOrder({ customer_firstname: 'Ann', billing_address: { city: 'Albany', telephone: '111' } });
    expect(guestToContact(order, settings)).toEqual({ ContactNumber: 'M1-GUESTS', Name: 'Guest customers (default)', IsCustomer: true });
  });

  it('takes the merchant\'s name for it (Configuration → Shared guest contact name), the store code after it', () => {
    const named = testSettings({ guestStrategy: 'generic_per_store', guestContactName: ' Web shop guests ' });
    expect(guestToContact(guestOrder(), named).Name).toBe('Web shop guests (default)');
    // " (default)" is 10 characters, so a 255-character name keeps 245 (no space: a hard cut) and the whole is 255.
    const long = testSettings({ guestStrategy: 'generic_per_store', guestContactName: 'g'.repeat(255) });
    expect(guestToContact(guestOrder(), long).Name).toBe(`${'g'.repeat(245)} (default)`);
  });
});

describe('orderContactNumber', () => {
  it('a customer\'s order points at the customer\'s contact: prefix, "C" and the customer id', () => {
    expect(orderContactNumber(guestOrder({ customer_is_guest: 0, customer_id: 5 }), testSettings())).toBe('M1-C5');
    expect(orderContactNumber(guestOrder({ customer_is_guest: 0, customer_id: 5 }), testSettings({ guestStrategy: 'generic_per_store' }))).toBe('M1-C5');
  });

  it('a guest\'s order points at the email\'s contact, or the shared one', () => {
    expect(orderContactNumber(guestOrder({ customer_email: ' GUEST@example.com' }), testSettings())).toBe(GUEST_NUMBER);
    expect(orderContactNumber(guestOrder(), testSettings({ guestStrategy: 'generic_per_store' }))).toBe('M1-GUESTS');
  });

  it('an order flagged as a guest\'s is one even with a customer id, and one without a customer id is a guest\'s', () => {
    expect(orderContactNumber(guestOrder({ customer_is_guest: 1, customer_id: 5 }), testSettings())).toBe(GUEST_NUMBER);
    expect(orderContactNumber(guestOrder({ customer_is_guest: 0 }), testSettings())).toBe(GUEST_NUMBER);
  });

  it('refuses a store not connected to Xero, naming the order', () => {
    const error = thrownMappingError(() => orderContactNumber(guestOrder({ store_id: 5, increment_id: '000000042' }), testSettings()));
    expect(error.record).toEqual({ entity: 'order', id: '000000042', storeId: 5 });
  });
});

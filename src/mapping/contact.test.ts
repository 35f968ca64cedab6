import { describe, expect, it } from 'vitest';
import { magentoCustomerSchema, magentoOrderSchema, parseMagento, type MagentoCustomer } from '../domain/magento.js';
import { chooseContactToAdopt, clashFallbackName, contactName, customerToContact, isContactNameClash } from './contact.js';
import { guestToContact, orderContactNumber } from './guest-contact.js';
import { fixture, testSettings } from './test-support.js';

const jane = (): MagentoCustomer => parseMagento(magentoCustomerSchema, fixture('customer-get.adobedocs-orders-tutorial.json'), 'customer');

describe('customer → contact', () => {
  it('maps the Adobe example customer', () => {
    expect(customerToContact(jane(), testSettings())).toEqual({
      ContactNumber: 'M1-C2',
      Name: 'Jane Doe',
      EmailAddress: 'jdoe@example.com',
      FirstName: 'Jane',
      LastName: 'Doe',
      IsCustomer: true,
      Addresses: [
        { AddressType: 'POBOX', AddressLine1: '123 Oak Ave', City: 'Purchase', Region: 'New York', PostalCode: '10755', Country: 'US' },
        { AddressType: 'STREET', AddressLine1: '123 Oak Ave', City: 'Purchase', Region: 'New York', PostalCode: '10755', Country: 'US' },
      ],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '512-555-1111' }],
    });
  });

  it('uses the billing company only when the setting is on', () => {
    const c = jane();
    const withCompany = { ...c, addresses: c.addresses?.map((a) => ({ ...a, company: 'Doe Widgets Ltd' })) };
    expect(customerToContact(withCompany, testSettings()).Name).toBe('Jane Doe');
    expect(customerToContact(withCompany, testSettings({ useCompanyName: true })).Name).toBe('Doe Widgets Ltd');
  });

  it('never sends an empty name', () => {
    expect(contactName({ firstname: ' ', lastname: null, email: 'x@example.com' }, false)).toBe('x@example.com');
    expect(contactName({ firstname: '', lastname: '', company: 'Acme', email: 'x@example.com' }, false)).toBe('Acme');
    expect(contactName({ firstname: 'Ann', email: 'a@example.com' }, true)).toBe('Ann');
  });

  it('falls back to "First Last (email)" on a name clash', () => {
    const msg = 'The contact name Buzz Lightyear is already assigned to another contact. The contact name must be unique across all active contacts.';
    expect(isContactNameClash(msg)).toBe(true);
    expect(isContactNameClash('Invoice # must be unique.')).toBe(false);
    expect(clashFallbackName('Jane Doe', 'jdoe@example.com')).toBe('Jane Doe (jdoe@example.com)');
    expect(clashFallbackName('x'.repeat(300), 'a@b.co').length).toBeLessThanOrEqual(255);
  });

  it('finds default addresses by id when the flags are absent, and scopes numbers by store prefix', () => {
    const c = jane();
    const noFlags = { ...c, addresses: c.addresses?.map(({ default_billing: _b, default_shipping: _s, ...a }) => a) };
    expect(customerToContact(noFlags, testSettings()).Addresses).toHaveLength(2);
    const s = testSettings();
    s.stores['1'] = { ...(s.stores['1'] as NonNullable<(typeof s.stores)['1']>), contactPrefix: 'EU-' };
    expect(customerToContact(c, s).ContactNumber).toBe('EU-C2');
  });

  it('posts to the store it is told, since back-office customers belong to store 0', () => {
    const adminCreated = { ...jane(), store_id: 0 };
    expect(() => customerToContact(adminCreated, testSettings())).toThrowError(/store 0 is not connected/);
    expect(customerToContact(adminCreated, testSettings(), 1).ContactNumber).toBe('M1-C2');
  });
});

describe('guest → contact', () => {
  const order = () =>
    parseMagento(magentoOrderSchema, { ...(fixture('order-get.adobedocs-orders-tutorial.json') as object), customer_is_guest: 1, customer_id: undefined, customer_email: 'Guest@Example.com ' }, 'order');

  it('one contact per email with a stable number derived from the email', () => {
    const a = guestToContact(order(), testSettings());
    const b = guestToContact({ ...order(), customer_email: 'guest@example.com' }, testSettings());
    expect(a.ContactNumber).toBe(b.ContactNumber);
    expect(a.ContactNumber).toMatch(/^M1-G-[0-9a-f]{16}$/);
    expect(a.Name).toBe('Jane Doe');
    expect(a.Addresses?.map((x) => x.AddressType)).toEqual(['POBOX', 'STREET']);
    expect(orderContactNumber(order(), testSettings())).toBe(a.ContactNumber);
    const other = guestToContact({ ...order(), customer_email: 'someone@example.com' }, testSettings());
    expect(other.ContactNumber).not.toBe(a.ContactNumber);
  });

  it('or one generic contact per store', () => {
    const s = testSettings({ guestStrategy: 'generic_per_store' });
    expect(guestToContact(order(), s)).toEqual({ ContactNumber: 'M1-GUESTS', Name: 'Guest customers (default)', IsCustomer: true });
    expect(orderContactNumber(order(), s)).toBe('M1-GUESTS');
  });
});

describe('adopting an existing contact', () => {
  const rec = { entity: 'customer', id: '2' };
  it('prefers the ContactNumber match, then email, else create', () => {
    const a = { ContactID: 'a', ContactStatus: 'ACTIVE' };
    const b = { ContactID: 'b' };
    expect(chooseContactToAdopt([a], [b], rec)).toEqual({ kind: 'adopt', contactId: 'a', matchedBy: 'number' });
    expect(chooseContactToAdopt([], [b], rec)).toEqual({ kind: 'adopt', contactId: 'b', matchedBy: 'email' });
    expect(chooseContactToAdopt([], [], rec)).toEqual({ kind: 'create' });
  });
  it('refuses an archived match with a remedy', () => {
    expect(() => chooseContactToAdopt([], [{ ContactID: 'z', ContactStatus: 'ARCHIVED', Name: 'Jane Doe' }], rec)).toThrowError(
      /Jane Doe" is archived.*Restore the contact in Xero/,
    );
  });
});

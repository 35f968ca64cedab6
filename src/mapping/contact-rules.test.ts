// Rule by rule: the customer → Xero contact mapping (contact.ts). Every expected value is worked by hand in the comment
// beside it. Xero's field limits are from the Contact, Address and Phone schemas of Xero's Accounting OpenAPI spec
// (xero_accounting.yaml): Name, FirstName, LastName, EmailAddress 255; TaxNumber 50; AddressLine1-4 500; City, Region,
// AttentionTo 255; PostalCode, Country 50; PhoneNumber 50. ContactStatus is ACTIVE, ARCHIVED or GDPRREQUEST (same spec).
import { describe, expect, it } from 'vitest';
import type { MagentoCustomer, MagentoCustomerAddress } from '../domain/magento.js';
import type { XeroContact } from '../domain/xero.js';
import { chooseContactToAdopt, clashFallbackName, contactName, customerToContact, isContactNameClash, phoneFrom, toXeroAddress } from './contact.js';
import { testSettings, thrownMappingError } from './test-support.js';

const a = (n: number): string => 'a'.repeat(n);

describe('contactName', () => {
  it('joins first and last name with one space, each trimmed', () => {
    expect(contactName({ firstname: '  Ann ', lastname: ' Lee  ', email: 'ann@example.com' }, false)).toBe('Ann Lee');
  });

  it('uses whichever of first and last name there is', () => {
    expect(contactName({ firstname: null, lastname: 'Lee', email: 'ann@example.com' }, false)).toBe('Lee');
    expect(contactName({ firstname: 'Ann', lastname: '   ', email: 'ann@example.com' }, false)).toBe('Ann');
  });

  it('prefers the trimmed company only when the setting is on', () => {
    const parts = { firstname: 'Ann', lastname: 'Lee', company: ' Lee Imports ', email: 'ann@example.com' };
    expect(contactName(parts, true)).toBe('Lee Imports');
    expect(contactName(parts, false)).toBe('Ann Lee');
  });

  it('ignores a blank company even with the setting on', () => {
    expect(contactName({ firstname: 'Ann', lastname: 'Lee', company: '   ', email: 'ann@example.com' }, true)).toBe('Ann Lee');
  });

  it('falls back to the trimmed company, then the trimmed email', () => {
    expect(contactName({ company: ' Lee Imports ', email: 'ann@example.com' }, false)).toBe('Lee Imports');
    expect(contactName({ company: '  ', email: '  ann@example.com ' }, false)).toBe('ann@example.com');
  });

  it('keeps a name of exactly 255 characters and cuts a longer one on the last space (Xero: Name max 255)', () => {
    // 127 + 1 + 127 = 255 characters: kept whole.
    expect(contactName({ firstname: a(127), lastname: 'b'.repeat(127), email: 'x@example.com' }, false)).toBe(`${a(127)} ${'b'.repeat(127)}`);
    // 200 + 1 + 100 = 301 characters; the last space within the first 256 is at index 200 (>= 255 / 2): the first 200.
    expect(contactName({ firstname: a(200), lastname: 'b'.repeat(100), email: 'x@example.com' }, false)).toBe(a(200));
  });
});

describe('clashFallbackName', () => {
  it('appends the trimmed email in brackets', () => {
    expect(clashFallbackName('Ann Lee', '  ann@example.com ')).toBe('Ann Lee (ann@example.com)');
  });

  it('cuts the name so the whole stays within 255 characters', () => {
    // " (a@b.co)" is 9 characters, so the name keeps 255 - 9 = 246 (no space to cut on: a hard cut).
    const out = clashFallbackName(a(300), 'a@b.co');
    expect(out).toBe(`${a(246)} (a@b.co)`);
    expect(out).toHaveLength(255);
  });
});

describe('isContactNameClash', () => {
  it('recognises Xero\'s message in any case and nothing else', () => {
    // Xero's validation message for a duplicate contact name (recorded in contact.test.ts).
    expect(isContactNameClash('THE CONTACT NAME Ann Lee IS ALREADY ASSIGNED TO ANOTHER CONTACT.')).toBe(true);
    expect(isContactNameClash('The contact name Ann Lee is already assigned to another contact.')).toBe(true);
    // The name between "contact name " and " is already" must be there.
    expect(isContactNameClash('contact name is already assigned to another contact')).toBe(false);
    expect(isContactNameClash('The contact name Ann Lee is not valid.')).toBe(false);
  });
});

describe('toXeroAddress', () => {
  it('puts street lines 1-3 in AddressLine1-3 and the rest, comma-joined, in AddressLine4; blanks dropped, lines trimmed', () => {
    const address: MagentoCustomerAddress = { street: [' 1 Main St ', '', 'Unit 2', '  ', 'Floor 3', 'Wing 4', 'Door 5'] };
    expect(toXeroAddress(address, 'POBOX')).toEqual({
      AddressType: 'POBOX',
      AddressLine1: '1 Main St',
      AddressLine2: 'Unit 2',
      AddressLine3: 'Floor 3',
      AddressLine4: 'Wing 4, Door 5',
    });
  });

  it('leaves out the lines there are none for', () => {
    expect(toXeroAddress({ street: ['1 Main St', 'Unit 2'] }, 'STREET')).toEqual({ AddressType: 'STREET', AddressLine1: '1 Main St', AddressLine2: 'Unit 2' });
    expect(toXeroAddress({ street: null }, 'STREET')).toEqual({ AddressType: 'STREET' });
    expect(toXeroAddress({}, 'STREET')).toEqual({ AddressType: 'STREET' });
  });

  it('maps city, region, postcode, country and company (AttentionTo), trimmed; blanks left out', () => {
    const address: MagentoCustomerAddress = {
      city: ' Purchase ', region: { region: ' New York ', region_code: 'NY' }, postcode: ' 10755 ', country_id: ' US ', company: ' Doe Widgets ',
    };
    expect(toXeroAddress(address, 'POBOX')).toEqual({
      AddressType: 'POBOX', City: 'Purchase', Region: 'New York', PostalCode: '10755', Country: 'US', AttentionTo: 'Doe Widgets',
    });
    const blanks: MagentoCustomerAddress = { city: ' ', region: { region: ' ' }, postcode: '', country_id: null, company: '  ' };
    expect(toXeroAddress(blanks, 'POBOX')).toEqual({ AddressType: 'POBOX' });
  });

  it('reads the region as the order address\'s string, the customer address\'s name, else its code', () => {
    expect(toXeroAddress({ region: 'Texas' }, 'STREET').Region).toBe('Texas');
    expect(toXeroAddress({ region: { region: null, region_code: 'TX' } }, 'STREET').Region).toBe('TX');
    expect(toXeroAddress({ region: null }, 'STREET')).toEqual({ AddressType: 'STREET' });
  });

  it('cuts each field to Xero\'s limit (lines 500, city, region and attention 255, postcode and country 50)', () => {
    const address: MagentoCustomerAddress = {
      street: [a(501), 'b'.repeat(501), 'c'.repeat(501), 'd'.repeat(300), 'e'.repeat(300)],
      city: a(256), region: { region: a(256) }, postcode: a(51), country_id: a(51), company: a(256),
    };
    expect(toXeroAddress(address, 'STREET')).toEqual({
      AddressType: 'STREET',
      AddressLine1: a(500),
      AddressLine2: 'b'.repeat(500),
      AddressLine3: 'c'.repeat(500),
      // 300 + ", " + 300 = 602 characters, the first 500: 300 d, the comma and space, 198 e.
      AddressLine4: `${'d'.repeat(300)}, ${'e'.repeat(198)}`,
      City: a(255), Region: a(255), PostalCode: a(50), Country: a(50), AttentionTo: a(255),
    });
  });
});

describe('phoneFrom', () => {
  it('one DEFAULT phone, trimmed and cut to 50; none for a blank or missing number', () => {
    expect(phoneFrom(' 512-555-1111 ')).toEqual([{ PhoneType: 'DEFAULT', PhoneNumber: '512-555-1111' }]);
    expect(phoneFrom('9'.repeat(51))).toEqual([{ PhoneType: 'DEFAULT', PhoneNumber: '9'.repeat(50) }]);
    expect(phoneFrom('  ')).toEqual([]);
    expect(phoneFrom(null)).toEqual([]);
    expect(phoneFrom(undefined)).toEqual([]);
  });
});

describe('customerToContact', () => {
  const base = (more: Partial<MagentoCustomer> = {}): MagentoCustomer => ({ id: 7, email: 'ann@example.com', store_id: 1, ...more });

  it('a customer with nothing but an email: number, name and email only', () => {
    // Contact number: the store's prefix "M1-", "C" and the customer id 7.
    expect(customerToContact(base({ email: ' ann@example.com ' }), testSettings())).toEqual({
      ContactNumber: 'M1-C7', Name: 'ann@example.com', EmailAddress: 'ann@example.com', IsCustomer: true,
    });
  });

  it('first and last name made one line, cut to 255', () => {
    const contact = customerToContact(base({ firstname: ' Ann\tMarie\u0007 ', lastname: a(256) }), testSettings());
    expect(contact.FirstName).toBe('Ann Marie');
    expect(contact.LastName).toBe(a(255));
    expect(customerToContact(base({ firstname: a(256) }), testSettings()).FirstName).toBe(a(255));
    expect(customerToContact(base({ firstname: '  ', lastname: null }), testSettings())).not.toHaveProperty('FirstName');
    expect(customerToContact(base({ firstname: '  ', lastname: null }), testSettings())).not.toHaveProperty('LastName');
  });

  it('billing address by its flag as POBOX, shipping address by its flag as STREET', () => {
    const customer = base({
      default_billing: '1',
      default_shipping: '1',
      addresses: [
        { id: 1, city: 'Albany', default_billing: false, default_shipping: true, telephone: '111' },
        { id: 2, city: 'Buffalo', default_billing: true, default_shipping: false, telephone: '222' },
      ],
    });
    // The flags win over the ids (both ids say address 1).
    expect(customerToContact(customer, testSettings())).toMatchObject({
      Addresses: [{ AddressType: 'POBOX', City: 'Buffalo' }, { AddressType: 'STREET', City: 'Albany' }],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '222' }],
    });
  });

  it('without flags, the default address ids, numbers or strings alike', () => {
    const customer = base({
      default_billing: 2,
      default_shipping: '1',
      addresses: [{ id: 1, city: 'Albany' }, { id: 2, city: 'Buffalo' }],
    });
    expect(customerToContact(customer, testSettings()).Addresses).toEqual([
      { AddressType: 'POBOX', City: 'Buffalo' },
      { AddressType: 'STREET', City: 'Albany' },
    ]);
  });

  it('no default address when neither flag nor id names one', () => {
    const customer = base({ default_billing: null, addresses: [{ id: 1, city: 'Albany', default_billing: false }] });
    expect(customerToContact(customer, testSettings())).not.toHaveProperty('Addresses');
    expect(customerToContact(base({ default_billing: '3', addresses: [{ id: 1, city: 'Albany' }] }), testSettings())).not.toHaveProperty('Addresses');
  });

  it('no default address when the customer names none, even with addresses that have no id', () => {
    expect(customerToContact(base({ addresses: [{ city: 'Albany' }] }), testSettings())).not.toHaveProperty('Addresses');
    expect(customerToContact(base({ default_billing: null, default_shipping: null, addresses: [{ id: null, city: 'Albany' }] }), testSettings())).not.toHaveProperty('Addresses');
  });

  it('a customer of a store not connected to Xero is refused, naming the customer', () => {
    const error = thrownMappingError(() => customerToContact(base({ store_id: 5 }), testSettings()));
    expect(error.code).toBe('missing_store_context');
    expect(error.record).toEqual({ entity: 'customer', id: '7', storeId: 5 });
  });

  it('only a shipping address: STREET alone, and its telephone', () => {
    const customer = base({ default_shipping: 1, addresses: [{ id: 1, city: 'Albany', telephone: ' 333 ' }] });
    expect(customerToContact(customer, testSettings())).toMatchObject({
      Addresses: [{ AddressType: 'STREET', City: 'Albany' }],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '333' }],
    });
  });

  it('no phone without a telephone', () => {
    const customer = base({ default_billing: 1, addresses: [{ id: 1, city: 'Albany', telephone: ' ' }] });
    expect(customerToContact(customer, testSettings())).not.toHaveProperty('Phones');
  });

  it('the name uses the billing address company when the setting is on', () => {
    const customer = base({ firstname: 'Ann', default_billing: 1, addresses: [{ id: 1, company: 'Lee Imports' }] });
    expect(customerToContact(customer, testSettings({ useCompanyName: true })).Name).toBe('Lee Imports');
  });

  it('tax number: the customer\'s taxvat, else the billing address VAT id, cut to 50', () => {
    const withVatId = base({ default_billing: 1, addresses: [{ id: 1, vat_id: ' GB123 ' }] });
    expect(customerToContact(withVatId, testSettings()).TaxNumber).toBe('GB123');
    expect(customerToContact({ ...withVatId, taxvat: 'DE999' }, testSettings()).TaxNumber).toBe('DE999');
    expect(customerToContact({ ...withVatId, taxvat: '  ' }, testSettings()).TaxNumber).toBe('GB123');
    expect(customerToContact(base({ taxvat: '9'.repeat(51) }), testSettings()).TaxNumber).toBe('9'.repeat(50));
    expect(customerToContact(base(), testSettings())).not.toHaveProperty('TaxNumber');
  });

  it('goes to the customer\'s own store unless told another', () => {
    const settings = testSettings({
      stores: {
        '1': { code: 'default', timezone: 'UTC', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' } },
        '2': { code: 'eu', timezone: 'UTC', baseCurrency: 'USD', xeroBaseCurrency: 'USD', tax: { region: 'US', country: 'US' }, contactPrefix: 'EU-' },
      },
    });
    expect(customerToContact(base({ store_id: 2 }), settings).ContactNumber).toBe('EU-C7');
    expect(customerToContact(base({ store_id: 2 }), settings, 1).ContactNumber).toBe('M1-C7');
  });
});

describe('chooseContactToAdopt', () => {
  const rec = { entity: 'customer', id: '7' };
  const c = (ContactID: string, more: Partial<XeroContact> = {}): XeroContact => ({ ContactID, ...more });

  it('an active ContactNumber match wins over an archived one and over an email match', () => {
    expect(chooseContactToAdopt([c('old', { ContactStatus: 'ARCHIVED' }), c('n1', { ContactStatus: 'ACTIVE' })], [c('e1')], rec)).toEqual({
      kind: 'adopt', contactId: 'n1', matchedBy: 'number',
    });
  });

  it('a contact without a status counts as active', () => {
    expect(chooseContactToAdopt([c('n1')], [], rec)).toEqual({ kind: 'adopt', contactId: 'n1', matchedBy: 'number' });
  });

  it('a GDPR-request match is neither adopted nor refused: the email match, else a new contact', () => {
    expect(chooseContactToAdopt([c('g', { ContactStatus: 'GDPRREQUEST' })], [c('e1', { ContactStatus: 'ACTIVE' })], rec)).toEqual({
      kind: 'adopt', contactId: 'e1', matchedBy: 'email',
    });
    expect(chooseContactToAdopt([c('g', { ContactStatus: 'GDPRREQUEST' })], [c('h', { ContactStatus: 'GDPRREQUEST' })], rec)).toEqual({ kind: 'create' });
  });

  it('an archived ContactNumber match is refused before any email match is looked at', () => {
    const error = thrownMappingError(() => chooseContactToAdopt([c('z', { ContactStatus: 'ARCHIVED', Name: 'Ann Lee' })], [c('e1')], rec));
    expect(error.code).toBe('archived_contact');
    expect(error.message).toBe(
      'Magento customer 7: the matching Xero contact "Ann Lee" is archived. Archived contacts cannot currently be edited via the API. ' +
        'Restore the contact in Xero (Contacts → Archived → Restore), then retry.',
    );
    expect(error.details).toEqual({ contactId: 'z', matchedBy: 'number' });
    expect(error.record).toEqual(rec);
  });

  it('an archived email match names the contact by its number, else its id', () => {
    const byNumber = thrownMappingError(() => chooseContactToAdopt([], [c('z', { ContactStatus: 'ARCHIVED', ContactNumber: 'M1-C7' })], rec));
    expect(byNumber.message).toContain('the matching Xero contact "M1-C7" is archived.');
    expect(byNumber.details).toEqual({ contactId: 'z', matchedBy: 'email' });
    const byId = thrownMappingError(() => chooseContactToAdopt([], [c('z', { ContactStatus: 'ARCHIVED' })], rec));
    expect(byId.message).toContain('the matching Xero contact "z" is archived.');
  });
});

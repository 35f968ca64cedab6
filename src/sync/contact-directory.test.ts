import { describe, expect, it } from 'vitest';
import { ContactDirectory } from './contact-directory.js';
import type { XeroContact } from '../domain/xero.js';

// A contact as Xero's GET /Contacts answers it (fields as in the Xero emulator's answers and Xero's Contacts docs):
// addresses, phones and dates besides the fields adoption and the name check read.
const jane: XeroContact = {
  ContactID: 'c0ffee00-0000-4000-8000-000000000001',
  ContactNumber: 'M1-C3',
  ContactStatus: 'ACTIVE',
  Name: 'Jane Doe',
  FirstName: 'Jane',
  LastName: 'Doe',
  EmailAddress: 'JDoe@Example.com',
  IsCustomer: true,
  UpdatedDateUTC: '/Date(1764547200000+0000)/',
  Addresses: [{ AddressType: 'POBOX', AddressLine1: '1 Market St', City: 'San Francisco', Region: 'CA', PostalCode: '94105', Country: 'US' }],
  Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '415-555-0100' }],
} as XeroContact;

describe('ContactDirectory', () => {
  it('keeps the id, number, status, name and email of a contact, and nothing else (memory grows with contacts)', () => {
    const directory = new ContactDirectory();
    directory.add(jane);
    const kept = {
      ContactID: 'c0ffee00-0000-4000-8000-000000000001',
      ContactNumber: 'M1-C3',
      ContactStatus: 'ACTIVE',
      Name: 'Jane Doe',
      EmailAddress: 'JDoe@Example.com',
    };
    expect(directory.find('M1-C3', undefined)).toStrictEqual(kept);
    // By email, whatever its case and spaces; by name, whatever its case.
    expect(directory.find('M1-C999', ' jdoe@example.COM ')).toStrictEqual(kept);
    expect(directory.named('JANE DOE')).toStrictEqual(kept);
    expect(directory.find('M1-C999', 'someone@example.com')).toBeUndefined();
  });

  it('leaves out of a contact what Xero did not send, and does not offer an archived contact\'s name', () => {
    const directory = new ContactDirectory();
    directory.add({ ContactID: 'c0ffee00-0000-4000-8000-000000000002', ContactNumber: 'M1-C4', ContactStatus: 'ARCHIVED', Name: 'Old Name' } as XeroContact);
    expect(directory.find('M1-C4', undefined)).toStrictEqual({ ContactID: 'c0ffee00-0000-4000-8000-000000000002', ContactNumber: 'M1-C4', ContactStatus: 'ARCHIVED', Name: 'Old Name' });
    expect(directory.named('Old Name')).toBeUndefined();
  });
});

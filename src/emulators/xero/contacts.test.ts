import { describe, expect, it } from 'vitest';
import { testEmulator } from './testing.js';

describe('Xero emulator: envelope and contacts', () => {
  it('answers in Xero envelope with /Date()/ stamps', async () => {
    const x = testEmulator();
    const r = await x.call('GET', '/Organisation');
    expect(r.statusCode).toBe(200);
    expect(r.data).toMatchObject({ Status: 'OK', DateTimeUTC: expect.stringMatching(/^\/Date\(\d+\)\/$/) });
    expect(r.data.Organisations[0]).toMatchObject({ BaseCurrency: 'NZD', CountryCode: 'NZ', Version: 'NZ' });
  });

  it('creates a contact and finds it by id, number, email and where', async () => {
    const x = testEmulator();
    const put = await x.call('PUT', '/Contacts', {
      Contacts: [{ Name: 'Veronica Costello', ContactNumber: 'm1-c-1', EmailAddress: 'roni_cost@example.com', Addresses: [{ AddressType: 'POBOX', City: 'Calder' }] }],
    });
    expect(put.statusCode).toBe(200);
    const contact = put.data.Contacts[0];
    expect(contact).toMatchObject({ Name: 'Veronica Costello', ContactStatus: 'ACTIVE', UpdatedDateUTC: expect.stringMatching(/^\/Date\(\d+\+0000\)\/$/) });
    expect((await x.call('GET', `/Contacts/${contact.ContactID}`)).data.Contacts[0].ContactNumber).toBe('m1-c-1');
    expect((await x.call('GET', '/Contacts/m1-c-1')).data.Contacts[0].ContactID).toBe(contact.ContactID);
    const byEmail = await x.call('GET', `/Contacts?where=${encodeURIComponent('EmailAddress=="ROni_cost@example.com"')}`);
    expect(byEmail.data.Contacts.map((c: { ContactID: string }) => c.ContactID)).toEqual([contact.ContactID]);
    const byNumbers = await x.call('GET', '/Contacts?ContactNumbers=m1-c-1,nope');
    expect(byNumbers.data.Contacts).toHaveLength(1);
  });

  it('refuses a second active contact with the same name, with Xero message', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Buzz Lightyear' }] });
    const r = await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'buzz lightyear', EmailAddress: 'b@example.com' }] });
    expect(r.statusCode).toBe(400);
    expect(r.data).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred' });
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe(
      'The contact name buzz lightyear is already assigned to another contact. The contact name must be unique across all active contacts.',
    );
  });

  it('answers 400 for a batch with one bad element yet saves the good ones, as Xero does; 200 per element with summarizeErrors=false', async () => {
    const x = testEmulator();
    const batch = { Contacts: [{ Name: 'Ann' }, { Name: 'Ann' }, { Name: 'Bob' }] };
    const summarized = await x.call('PUT', '/Contacts', batch);
    expect(summarized.statusCode).toBe(400);
    // Only the refused element comes back, with the zero GUID as its id; the saved ones' ids are not in the answer.
    expect(summarized.data.Elements).toHaveLength(1);
    expect(summarized.data.Elements[0]).toMatchObject({ Name: 'Ann', ContactID: '00000000-0000-0000-0000-000000000000', HasValidationErrors: true });
    expect((await x.call('GET', '/Contacts')).data.Contacts.map((c: { Name: string }) => c.Name).sort()).toEqual(['Ann', 'Bob']);
    const fresh = testEmulator();
    const r = await fresh.call('PUT', '/Contacts?summarizeErrors=false', batch);
    expect(r.statusCode).toBe(200);
    expect(r.data.Contacts.map((c: { StatusAttributeString: string }) => c.StatusAttributeString)).toEqual(['OK', 'ERROR', 'OK']);
    expect(r.data.Contacts[1].ValidationErrors[0].Message).toMatch(/already assigned/);
    expect(r.data.Contacts[1].ContactID).toBe('00000000-0000-0000-0000-000000000000');
    expect((await fresh.call('GET', '/Contacts')).data.Contacts).toHaveLength(2);
  });

  it('updates by ContactNumber on POST and refuses edits to an archived contact', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Carol', ContactNumber: 'c-9' }] });
    const updated = await x.call('POST', '/Contacts', { Contacts: [{ ContactNumber: 'c-9', EmailAddress: 'carol@example.com' }] });
    expect(updated.data.Contacts[0]).toMatchObject({ Name: 'Carol', EmailAddress: 'carol@example.com' });
    const id = updated.data.Contacts[0].ContactID;
    await x.call('POST', `/Contacts/${id}`, { Contacts: [{ ContactStatus: 'ARCHIVED' }] });
    const r = await x.call('POST', `/Contacts/${id}`, { Contacts: [{ Name: 'Carol B' }] });
    expect(r.statusCode).toBe(400);
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe(
      'The specified contact details matched an archived contact. Archived contacts cannot currently be edited via the API.',
    );
    expect((await x.call('GET', '/Contacts')).data.Contacts).toHaveLength(0);
    expect((await x.call('GET', '/Contacts?includeArchived=true')).data.Contacts).toHaveLength(1);
  });

  it('pages with a pagination object', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: Array.from({ length: 5 }, (_, i) => ({ Name: `P${i}` })) });
    const r = await x.call('GET', '/Contacts?page=2&pageSize=2&order=Name%20DESC');
    expect(r.data.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 3, itemCount: 5 });
    expect(r.data.Contacts.map((c: { Name: string }) => c.Name)).toEqual(['P2', 'P1']);
  });

  it('filters on If-Modified-Since', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Old' }] });
    x.now.value += 60_000;
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'New' }] });
    const since = new Date(x.now.value - 30_000).toISOString();
    const r = await x.call('GET', '/Contacts', undefined, { 'if-modified-since': since });
    expect(r.data.Contacts.map((c: { Name: string }) => c.Name)).toEqual(['New']);
  });

  it('answers an unknown where field with a QueryParseException and bad JSON with 400', async () => {
    const x = testEmulator();
    const r = await x.call('GET', `/Contacts?where=${encodeURIComponent('Colour=="red"')}`);
    expect(r.statusCode).toBe(400);
    expect(r.data).toMatchObject({ Type: 'QueryParseException', Message: "No property or field 'Colour' exists in type 'Contact'" });
    const bad = await x.call('PUT', '/Contacts', '{"Contacts": [');
    expect(bad.statusCode).toBe(400);
  });

  it('404s a missing contact with Xero plain text', async () => {
    const x = testEmulator();
    const r = await x.call('GET', '/Contacts/7ef31b20-de17-4312-8382-412f869b1510');
    expect(r.statusCode).toBe(404);
    expect(r.body).toBe("The resource you're looking for cannot be found");
  });
});

describe('Xero emulator: look-ups by several numbers', () => {
  it('answers an OR chain of numbers, ANDed with other conditions, with exactly the matching records', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'A', ContactNumber: 'n-1' }, { Name: 'B', ContactNumber: 'n-2' }, { Name: 'C', ContactNumber: 'n-3' }] });
    const where = encodeURIComponent('(ContactStatus=="ACTIVE") AND (ContactNumber=="n-1" OR ContactNumber=="N-3" OR ContactNumber=="n-9")');
    const r = await x.call('GET', `/Contacts?where=${where}`);
    expect(r.data.Contacts.map((c: { Name: string }) => c.Name).sort()).toEqual(['A', 'C']);
    const none = encodeURIComponent('(Name=="B") AND (ContactNumber=="n-1" OR ContactNumber=="n-3")');
    expect((await x.call('GET', `/Contacts?where=${none}`)).data.Contacts).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { testEmulator } from './testing.js';

describe('Xero emulator: items', () => {
  it('creates an item and finds it by Code, with 4-place prices only under unitdp=4', async () => {
    const x = testEmulator();
    const r = await x.call('PUT', '/Items?unitdp=4', {
      Items: [{ Code: 'MH01-XS-Black', Name: 'Chaz Kangeroo Hoodie', SalesDetails: { UnitPrice: 52.1234, AccountCode: '200', TaxType: 'OUTPUT2' } }],
    });
    expect(r.statusCode).toBe(200);
    expect(r.data.Items[0].SalesDetails.UnitPrice).toBe(52.1234);
    expect((await x.call('GET', '/Items/mh01-xs-black')).data.Items[0].SalesDetails.UnitPrice).toBe(52.12);
    expect((await x.call('GET', '/Items/MH01-XS-Black?unitdp=4')).data.Items[0].SalesDetails.UnitPrice).toBe(52.1234);
  });

  it('refuses a duplicate Code with the message of the spec', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Items', { Items: [{ Code: 'abc' }] });
    const r = await x.call('PUT', '/Items', { Items: [{ Code: 'abc', Name: 'again' }] });
    expect(r.statusCode).toBe(400);
    expect(r.data.Elements[0].ValidationErrors[0].Message).toBe("Price List Item with Code ''abc'' already exists");
  });

  it('updates an existing item on POST by Code', async () => {
    const x = testEmulator();
    await x.call('PUT', '/Items', { Items: [{ Code: 'abc', Name: 'first' }] });
    const r = await x.call('POST', '/Items', { Items: [{ Code: 'abc', Name: 'second' }] });
    expect(r.data.Items[0].Name).toBe('second');
    expect((await x.call('GET', '/Items')).data.Items).toHaveLength(1);
  });

  it('limits Code to 30 and Name to 50 characters', async () => {
    const x = testEmulator();
    const r = await x.call('PUT', '/Items', { Items: [{ Code: 'x'.repeat(31), Name: 'n'.repeat(51) }] });
    expect(r.statusCode).toBe(400);
    expect(r.data.Elements[0].ValidationErrors.map((e: { Message: string }) => e.Message)).toEqual([
      'Item Code must not be more than 30 characters long.',
      'Item Name must not be more than 50 characters long.',
    ]);
  });

  it('needs an inventory asset account and a COGS account for a tracked item', async () => {
    const x = testEmulator();
    const bad = await x.call('PUT', '/Items', { Items: [{ Code: 'T1', IsTrackedAsInventory: true }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.Elements[0].ValidationErrors).toHaveLength(2);
    const good = await x.call('PUT', '/Items', {
      Items: [{ Code: 'T1', InventoryAssetAccountCode: '630', PurchaseDetails: { COGSAccountCode: '310' } }],
    });
    expect(good.data.Items[0]).toMatchObject({ IsTrackedAsInventory: true, InventoryAssetAccountCode: '630', QuantityOnHand: 0 });
  });

  it('checks account codes and tax types on item details', async () => {
    const x = testEmulator();
    const r = await x.call('PUT', '/Items', { Items: [{ Code: 'Z', SalesDetails: { AccountCode: '999', TaxType: 'NOPE' } }] });
    expect(r.data.Elements[0].ValidationErrors.map((e: { Message: string }) => e.Message)).toEqual([
      "Account code '999' is not a valid code for this document.",
      'The TaxType code NOPE does not exist or cannot be used for this type of transaction.',
    ]);
  });
});

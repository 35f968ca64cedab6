import { describe, expect, it } from 'vitest';
import { buildXeroEmulator, xeroEmulatorOf } from './index.js';
import { parseSnapshot, serializeSnapshot } from './snapshot.js';
import { testEmulator } from './testing.js';

describe('snapshot and restore', () => {
  it('brings back contacts, invoices and payments, with their look-ups by number', async () => {
    const x = testEmulator({ tenants: [{ name: 'Shop', region: 'NZ', tenantId: '11111111-2222-3333-4444-555555555555' }] });
    await x.call('PUT', '/Contacts', { Contacts: [{ Name: 'Ann Lee', ContactNumber: 'C1' }] });
    const inv = await x.call('PUT', '/Invoices', {
      Invoices: [{ Type: 'ACCREC', Contact: { ContactNumber: 'C1' }, InvoiceNumber: 'S-1', Status: 'AUTHORISED', Date: '2025-06-01', DueDate: '2025-06-01', LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 10, AccountCode: '200', TaxType: 'NONE' }] }],
    });
    expect(inv.statusCode).toBe(200);
    const snapshot = parseSnapshot(serializeSnapshot(xeroEmulatorOf(x.app).snapshot()));

    const again = buildXeroEmulator({ tenants: [{ name: 'Shop', region: 'NZ', tenantId: '11111111-2222-3333-4444-555555555555' }] });
    const handles = xeroEmulatorOf(again);
    handles.restore(snapshot);
    const org = handles.state.get('11111111-2222-3333-4444-555555555555')!;
    expect(org.contactByNumber('C1')?.Name).toBe('Ann Lee');
    expect(org.documentByAnyNumber('invoice', 'S-1')).toBeDefined();
    expect(org.invoices.size).toBe(1);
  });
});

// The settings a fresh install starts from, and the error of a store that is not connected, written out in full.
import { describe, expect, it } from 'vitest';
import { defaultMappingSettings, storeContext } from './settings.js';
import { testSettings, thrownMappingError } from './test-support.js';

describe('default mapping settings', () => {
  it("start from Xero's standard chart of accounts, post per order, refuse unexplained differences, and know no store", () => {
    const settings = defaultMappingSettings();
    // 090 Business Bank Account, 200 Sales, 260 Other Revenue, 310 Cost of Goods Sold, 630 Inventory, 860 Rounding: the
    // codes of Xero's default chart of accounts.
    expect(settings.accounts).toMatchObject({ bank: '090', sales: '200', otherCharges: '260', cogs: '310', inventory: '630', rounding: '860' });
    expect(settings.postingMode).toBe('orders');
    expect(settings.unexplainedDifference).toEqual({ post: false, limitCents: 500 });
    expect(settings.roundingToleranceCentsPerLine).toBe(1);
    expect(settings.stores).toEqual({});
  });
});

describe('store context', () => {
  it('of a store not connected to a Xero organisation is an error that says where to connect it', () => {
    const error = thrownMappingError(() => storeContext(testSettings(), 7, { entity: 'order', id: '000000009' }));
    expect([error.code, error.record, error.message]).toEqual([
      'missing_store_context',
      { entity: 'order', id: '000000009', storeId: 7 },
      'Magento order 000000009 (store 7): store 7 is not connected to a Xero organisation. Open the Stores page (/stores), press "Refresh from Magento" and choose the Xero organisation for this store (or `magento-xero stores`).',
    ]);
    // No store id reads as store 0 (Magento's admin store), which testSettings does not connect either.
    expect(thrownMappingError(() => storeContext(testSettings(), undefined, { entity: 'order', id: '1' })).record).toEqual({ entity: 'order', id: '1', storeId: 0 });
    expect(storeContext(testSettings(), 1, { entity: 'order', id: '1' })).toMatchObject({ storeId: 1, code: 'default', timezone: 'America/New_York' });
  });
});

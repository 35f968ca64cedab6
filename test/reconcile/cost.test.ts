import { describe, expect, it } from 'vitest';
import { measureReconcileCost } from './cost.js';

const large = Number(process.env['RECONCILE_COST_ORDERS'] ?? 0);

describe('what a reconciliation costs in Xero calls', () => {
  it('reads a month of a small store in three calls, and again in three when nothing changed', async () => {
    const cost = await measureReconcileCost({ orders: 120, days: 30 });
    expect(cost.issues).toBe(0);
    expect(cost.xeroDocuments).toBeGreaterThan(100);
    expect(cost.fullCalls).toBe(cost.fullCallsLogged);
    expect(cost.fullCalls).toBe(3);
    expect(cost.incrementalCalls).toBe(3);
  }, 120_000);

  it.skipIf(!large)(`a month of RECONCILE_COST_ORDERS=${large || 'N'} orders (set it to measure; skipped otherwise)`, async () => {
    const cost = await measureReconcileCost({ orders: large, days: 30 });
    process.stdout.write(`reconcile cost: ${JSON.stringify(cost)}\n`);
    expect(cost.fullCalls).toBe(cost.fullCallsLogged);
    // Organisation, then a page per thousand invoices and per thousand credit notes.
    expect(cost.fullCalls).toBeLessThanOrEqual(1 + Math.ceil(cost.xeroDocuments / 1000) + 2);
  }, 1_800_000);
});

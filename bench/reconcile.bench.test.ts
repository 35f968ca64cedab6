import { expect, it } from 'vitest';
import { measureReconcileCost } from '../test/reconcile/cost.js';
import { writeResult } from './support.js';

// 6. What checking the books costs: a month of orders synced to Xero, then reconciled in full and again incrementally.
const ORDERS = Number(process.env['BENCH_RECONCILE_ORDERS'] ?? 10_000);

it(`reconciliation of a month of ${ORDERS} orders: Xero calls, Magento searches, wall time`, async () => {
  const cost = await measureReconcileCost({ orders: ORDERS, days: 30 });
  writeResult('reconcile', { ...cost, wallSeconds: +(cost.fullMs / 1000).toFixed(1) });
  // A synced store has nothing to report; a difference here is a bug in the sync or the reconciliation.
  expect(cost.issues).toBe(0);
});

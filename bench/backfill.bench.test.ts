import { expect, it } from 'vitest';
import { SimulatedClock } from '../src/domain/clock.js';
import { BATCH, UNLIMITED, XERO_REAL, backfill, benchStack, callsByEndpoint, callsByKind, documentsByKind, writeResult, type Kind } from './support.js';

// 1. API calls per document, batched vs one by one, against the floor (documents / batch size per kind).
// 2. The same backfill under Xero's real limits on the simulated clock: simulated minutes vs the floor, and 429s.
const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 10_000);
const ONE_BY_ONE_ORDERS = Number(process.env['BENCH_ONE_BY_ONE_ORDERS'] ?? 1_000);

it(`backfill of ${ORDERS} orders under Xero's real limits: calls per document and simulated time`, async () => {
  const clock = new SimulatedClock(Date.now());
  const stack = await benchStack(ORDERS, clock, XERO_REAL);
  try {
    const run = await backfill(stack, clock, { limits: XERO_REAL });
    const docs = await documentsByKind(stack.xero.url);
    const { calls, status429, total } = await callsByKind(stack.xero.url);
    const kinds = Object.keys(BATCH) as Kind[];
    const perKind = Object.fromEntries(
      kinds.map((k) => [k, { documents: docs[k], calls: calls[k], floor: Math.ceil(docs[k] / BATCH[k]), callsPerDocument: docs[k] ? +(calls[k] / docs[k]).toFixed(4) : 0 }]),
    );
    const documents = kinds.reduce((s, k) => s + docs[k], 0);
    const floor = kinds.reduce((s, k) => s + Math.ceil(docs[k] / BATCH[k]), 0);
    writeResult('backfill-real-limits', {
      orders: ORDERS,
      queued: run.queued,
      left: run.left,
      documents,
      calls: total,
      setupCalls: calls.setup,
      callsPerDocument: +(total / documents).toFixed(4),
      floorCalls: floor,
      // Every call, set-up included, against the floor.
      ratioToFloor: +(total / floor).toFixed(3),
      perKind,
      simulatedMinutes: +(run.simulatedMs / 60_000).toFixed(1),
      floorMinutes: +(floor / 60).toFixed(1),
      responses429: status429,
      wallSeconds: +(run.wallMs / 1000).toFixed(1),
      byEndpoint: await callsByEndpoint(stack.xero.url),
    });
    expect(run.left).toBe(0);
  } finally {
    await stack.close();
  }
});

it(`one by one (batch size 1), ${ONE_BY_ONE_ORDERS} orders, no limits: calls per document`, async () => {
  const results: Record<string, unknown> = {};
  for (const batchSize of [undefined, 1]) {
    const clock = new SimulatedClock(Date.now());
    const stack = await benchStack(ONE_BY_ONE_ORDERS, clock, UNLIMITED);
    try {
      const run = await backfill(stack, clock, { limits: UNLIMITED, ...(batchSize ? { batchSize } : {}) });
      const docs = await documentsByKind(stack.xero.url);
      const { total } = await callsByKind(stack.xero.url);
      const documents = Object.values(docs).reduce((s, n) => s + n, 0);
      results[batchSize ? 'oneByOne' : 'batched'] = { documents, calls: total, callsPerDocument: +(total / documents).toFixed(4), wallSeconds: +(run.wallMs / 1000).toFixed(1), left: run.left };
    } finally {
      await stack.close();
    }
  }
  writeResult('one-by-one', { orders: ONE_BY_ONE_ORDERS, ...results });
});

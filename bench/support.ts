import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Runtime } from '../src/runtime/runtime.js';
import type { TenantLimits } from '../src/storage/rate-limit-repository.js';
import { openStorage } from '../src/storage/storage.js';
import { SimulatedClock } from '../src/domain/clock.js';
import { ENTITY_TYPES } from '../src/domain/entity-types.js';
import type { EntityHandler } from '../src/sync/handler.js';
import { Worker } from '../src/sync/worker.js';
import { memoryLogger } from '../test/support/quiet-logger.js';
import { startStack, type Stack } from '../test/support/stack.js';
import { xeroRequests } from '../test/support/xero-state.js';
import { US_TENANT, xeroBooks } from '../test/resilience/support.js';

export const UNLIMITED: TenantLimits = { perMinute: 1_000_000_000, concurrent: 1_000, perDay: 1_000_000_000 };
export const XERO_REAL: TenantLimits = { perMinute: 60, concurrent: 5, perDay: 5_000 };

/** A generated store of `orders` orders (customers and products in proportion) against a Xero emulator on `clock`. */
export async function benchStack(orders: number, clock: SimulatedClock, xeroLimits: TenantLimits, databaseUrl?: string): Promise<Stack> {
  const stack = await startStack({
    ...(databaseUrl ? { databaseUrl } : {}),
    magento: { customers: Math.max(20, Math.round(orders / 4)), products: Math.max(20, Math.round(Math.sqrt(orders) * 4)), orders },
    xero: { tenants: [US_TENANT], limits: xeroLimits, clock: () => clock.now() },
  });
  await stack.connectXero();
  return stack;
}

/**
 * Runs the whole backfill in this process on the simulated clock: queue everything, then work the queue, letting
 * simulated time jump over every wait (rate limits, retries). Returns simulated and wall milliseconds.
 */
export async function backfill(
  stack: Stack,
  clock: SimulatedClock,
  options: { limits: TenantLimits; batchSize?: number },
): Promise<{ simulatedMs: number; wallMs: number; queued: number; left: number }> {
  const config = stack.config();
  const runtime = new Runtime({ config, storage: await openStorage(config.databaseUrl), logger: memoryLogger(), clock, limits: options.limits });
  const wallStart = Date.now();
  const simStart = clock.now();
  try {
    await runtime.ensureReady();
    const queued = await runtime.capture!.enqueueAll(ENTITY_TYPES);
    const handlers: EntityHandler[] = options.batchSize
      ? runtime.handlers.map((h) => ({ entityType: h.entityType, batchSize: options.batchSize!, process: (e, s) => h.process(e, s) }))
      : runtime.handlers;
    const worker = new Worker({ storage: runtime.storage, handlers, clock, logger: runtime.logger, random: () => 0.5 });
    for (let round = 0; round < 10_000; round++) {
      await worker.runUntilIdle();
      const next = await runtime.storage.queue.nextDueAt();
      if (next === undefined) break;
      clock.advance(Math.max(0, next - clock.now()));
    }
    const left = await runtime.storage.queue.outstanding();
    return { simulatedMs: clock.now() - simStart, wallMs: Date.now() - wallStart, queued, left };
  } finally {
    await runtime.close();
  }
}

// Allocations first: their path also names CreditNotes.
const KINDS = ['Contacts', 'Items', 'Invoices', 'Payments', 'Allocations', 'CreditNotes'] as const;
export type Kind = (typeof KINDS)[number];

/** API calls by document kind (tax rates, accounts, organisation as "setup"). */
export async function callsByKind(url: string): Promise<{ calls: Record<Kind | 'setup', number>; status429: number; total: number }> {
  const calls = { Contacts: 0, Items: 0, Invoices: 0, Payments: 0, Allocations: 0, CreditNotes: 0, setup: 0 };
  let status429 = 0;
  const requests = (await xeroRequests(url)).filter((r) => String(r['path']).includes('/api.xro/'));
  for (const r of requests) {
    if (r['status'] === 429) status429++;
    const kind = KINDS.find((k) => String(r['path']).includes(`/${k}`));
    calls[kind ?? 'setup']++;
  }
  return { calls, status429, total: requests.length };
}

export async function documentsByKind(url: string): Promise<Record<Kind, number>> {
  const b = await xeroBooks(url);
  // An allocation is its own record: Xero takes them one credit note per call (`PUT /CreditNotes/{id}/Allocations`).
  const allocations = b.creditNotes.reduce((n, c) => n + ((c['Allocations'] as unknown[] | undefined)?.length ?? 0), 0);
  return { Contacts: b.contacts.length, Items: b.items.length, Invoices: b.invoices.length, Payments: b.payments.length, Allocations: allocations, CreditNotes: b.creditNotes.length };
}

/** Xero's batch size per kind: documents per call (allocations: one credit note's per call, and ours have one each). */
export const BATCH: Record<Kind, number> = { Contacts: 50, Items: 100, Invoices: 50, Payments: 50, Allocations: 1, CreditNotes: 50 };

export function machine(): Record<string, string | number> {
  return { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), loadAverage: loadavg().map((l) => +l.toFixed(1)).join(' '), date: new Date().toISOString() };
}

export function writeResult(name: string, result: unknown): void {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify({ machine: machine(), ...(result as object) }, null, 2)}\n`);
  console.log(name, JSON.stringify(result, null, 2));
}

/**
 * API calls grouped by what they did: method, path with ids as `{id}`, and the query's parameter names (so a read by
 * `where` shows apart from a write with `summarizeErrors`). Shows where calls above the floor go.
 */
export async function callsByEndpoint(url: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await xeroRequests(url)) {
    const full = String(r['path']);
    if (!full.includes('/api.xro/')) continue;
    const [path = '', query = ''] = full.split('?');
    const shape = path
      .replace(/^.*\/api\.xro\/2\.0/, '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}');
    const params = [...new URLSearchParams(query).keys()].sort().join('&');
    const key = `${String(r['method'])} ${shape}${params ? `?${params}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

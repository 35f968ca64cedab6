// Shared set-up for the sales handler tests: real SQLite storage, a simulated clock, a fake Magento and a fake Xero, and
// real-shaped Magento documents built from the Adobe example order.
import { fixture, testSettings } from '../../../src/mapping/test-support.js';
import type { MappingSettings, MappingSettingsInput } from '../../../src/mapping/settings.js';
import { openStorage, type Storage } from '../../../src/storage/storage.js';
import { SimulatedClock } from '../../../src/domain/clock.js';
import { ContactWriter } from '../../../src/sync/contact-writer.js';
import { MAGENTO_SCOPE, type MagentoSource, type SyncContext } from '../../../src/sync/context.js';
import type { EntityType } from '../../../src/domain/entity-types.js';
import type { EntityHandler } from '../../../src/sync/handler.js';
import { Worker } from '../../../src/sync/worker.js';
import { creditMemosHandler } from '../../../src/sync/handlers/creditmemos.js';
import { invoicesHandler } from '../../../src/sync/handlers/invoices.js';
import { ordersHandler } from '../../../src/sync/handlers/orders.js';
import { memoryLogger } from '../../support/quiet-logger.js';
import { FakeXero } from './fake-xero.js';

export type Raw = Record<string, unknown>;

export class FakeMagento implements MagentoSource {
  readonly records = new Map<string, Map<string, unknown>>();
  readonly fetches: Array<{ entity: EntityType; ids: readonly string[] }> = [];
  put(entity: EntityType, id: string, record: unknown): void {
    if (!this.records.has(entity)) this.records.set(entity, new Map());
    this.records.get(entity)!.set(id, record);
  }
  /** Customer group → tax class and class names, as GET /V1/customerGroups/search and /V1/taxClasses/search give them. */
  classes = { groups: { '0': '3', '1': '3' } as Record<string, string>, names: { '2': 'Taxable Goods', '3': 'Retail Customer' } as Record<string, string> };
  classLookups = 0;
  async taxClasses(): Promise<{ groups: Record<string, string>; names: Record<string, string> }> {
    this.classLookups++;
    return { groups: { ...this.classes.groups }, names: { ...this.classes.names } };
  }
  async fetch(entity: EntityType, ids: readonly string[]): Promise<Map<string, unknown>> {
    this.fetches.push({ entity, ids });
    const all = this.records.get(entity) ?? new Map();
    return new Map(ids.filter((id) => all.has(id)).map((id) => [id, all.get(id)]));
  }
}

const pad = (n: number) => String(n).padStart(9, '0');

/** The Adobe example order, with totals that match its one remaining item (22.00 + 5.00 shipping), as order `n`. */
export function order(n: number, overrides: Raw = {}): Raw {
  const raw = fixture('order-get.adobedocs-orders-tutorial.json') as Raw;
  const items = (raw.items as Raw[]).map((i) => ({ ...i, order_id: n }));
  return {
    ...raw,
    entity_id: n,
    increment_id: pad(n),
    subtotal: 22,
    base_subtotal: 22,
    subtotal_incl_tax: 22,
    grand_total: 27,
    base_grand_total: 27,
    total_due: 27,
    items,
    ...overrides,
  };
}

export function guestOrder(n: number, email: string, overrides: Raw = {}): Raw {
  return order(n, { customer_id: null, customer_is_guest: 1, customer_email: email, ...overrides });
}

/** A Magento invoice for all of order `n` (the tee and shipping). */
export function invoice(n: number, orderId: number, overrides: Raw = {}): Raw {
  return {
    entity_id: n,
    increment_id: pad(n),
    order_id: orderId,
    state: 2,
    store_id: 1,
    created_at: '2017-08-22 10:00:00',
    order_currency_code: 'USD',
    base_currency_code: 'USD',
    base_to_order_rate: 1,
    grand_total: 27,
    subtotal: 22,
    tax_amount: 0,
    shipping_amount: 5,
    shipping_incl_tax: 5,
    discount_amount: 0,
    items: [{ order_item_id: 3, sku: 'WS12-M-Orange', name: 'Radiant Tee-M-Orange', qty: 1, price: 22, price_incl_tax: 22, row_total: 22, row_total_incl_tax: 22, tax_amount: 0, discount_amount: 0 }],
    ...overrides,
  };
}

/** A credit memo refunding the tee (22.00) of order `orderId`; online (a transaction id) unless told otherwise. */
export function creditMemo(n: number, orderId: number, overrides: Raw = {}): Raw {
  return {
    entity_id: n,
    increment_id: pad(n),
    order_id: orderId,
    state: 2,
    store_id: 1,
    created_at: '2017-08-25 10:00:00',
    order_currency_code: 'USD',
    base_currency_code: 'USD',
    base_to_order_rate: 1,
    grand_total: 22,
    subtotal: 22,
    tax_amount: 0,
    shipping_amount: 0,
    discount_amount: 0,
    adjustment_positive: 0,
    adjustment_negative: 0,
    transaction_id: 'txn-1',
    items: [{ order_item_id: 3, sku: 'WS12-M-Orange', name: 'Radiant Tee-M-Orange', qty: 1, price: 22, price_incl_tax: 22, row_total: 22, row_total_incl_tax: 22, tax_amount: 0, discount_amount: 0 }],
    ...overrides,
  };
}

export interface Harness {
  storage: Storage;
  clock: SimulatedClock;
  xero: FakeXero;
  magento: FakeMagento;
  ctx: SyncContext;
  settings: MappingSettings;
  writer: ContactWriter;
  handlers: { orders: EntityHandler; invoices: EntityHandler; creditmemos: EntityHandler };
  /** Links a customer's contact and products' items, as the customers and products handlers would have. */
  linkCustomer(customerId: number | string): Promise<void>;
  linkItems(...skus: string[]): Promise<void>;
  enqueue(entity: EntityType, records: Raw[]): Promise<void>;
  /** Runs the worker until nothing is left to do, moving the clock past retry delays (at most `rounds` times). */
  drain(rounds?: number): Promise<void>;
  worker: Worker;
  entry(entity: EntityType, id: string | number): Promise<{ state: string; last_error: string | null; attempts: number } | undefined>;
  link(entity: string, id: string | number, kind: string): Promise<{ xero_id: string; xero_number: string | null; content_hash: string | null } | undefined>;
  close(): Promise<void>;
}

export async function harness(overrides: Partial<MappingSettingsInput> = {}): Promise<Harness> {
  const storage = await openStorage('sqlite::memory:');
  const clock = new SimulatedClock(Date.UTC(2026, 10, 25, 12));
  const xero = new FakeXero();
  const magento = new FakeMagento();
  const settings = testSettings(overrides);
  const logger = memoryLogger();
  const ctx: SyncContext = {
    storage,
    clock,
    logger,
    magento,
    settings: async () => settings,
    tenantFor: async () => xero.tenantId,
    xero: () => xero.api,
  };
  const writer = new ContactWriter();
  const handlers = { orders: ordersHandler(ctx, writer), invoices: invoicesHandler(ctx, writer), creditmemos: creditMemosHandler(ctx, writer) };
  const worker = new Worker({ storage, handlers: Object.values(handlers), clock, logger, random: () => 0.5 });
  const now = () => clock.now();
  const h: Harness = {
    storage,
    clock,
    xero,
    magento,
    ctx,
    settings,
    writer,
    handlers,
    worker,
    async linkCustomer(customerId) {
      await storage.entityMap.put([
        { store_id: MAGENTO_SCOPE, entity_type: 'customer', magento_id: String(customerId), xero_kind: 'contact', tenant_id: xero.tenantId, xero_id: `contact-of-${customerId}`, xero_number: `M1-C${customerId}`, content_hash: 'h', updated_at: now() },
      ]);
    },
    async linkItems(...skus) {
      await storage.entityMap.put(
        skus.map((sku) => ({ store_id: MAGENTO_SCOPE, entity_type: 'product', magento_id: sku, xero_kind: 'item', tenant_id: xero.tenantId, xero_id: `item-${sku}`, xero_number: sku, content_hash: 'h', updated_at: now() })),
      );
    },
    async enqueue(entity, records) {
      for (const r of records) magento.put(entity, String(r.entity_id), r);
      await storage.queue.enqueue(records.map((r) => ({ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: String(r.entity_id) })), now());
    },
    async drain(rounds = 10) {
      for (let i = 0; i < rounds; i++) {
        await worker.runUntilIdle();
        const next = await storage.queue.nextDueAt();
        if (next === undefined) return;
        clock.advance(Math.max(0, next - clock.now()));
      }
    },
    async entry(entity, id) {
      return storage.queue.find(MAGENTO_SCOPE, entity, String(id));
    },
    async link(entity, id, kind) {
      return storage.entityMap.get({ store_id: MAGENTO_SCOPE, entity_type: entity, magento_id: String(id), xero_kind: kind });
    },
    close: () => storage.close(),
  };
  return h;
}

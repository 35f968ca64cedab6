// Everything a request handler needs: the store, the generator's world, the store's clock and the collaborators.
import { NonceLedger } from './auth.js';
import { generateStore, type World } from './generator/index.js';
import { FaultInjector } from './faults.js';
import type { MagentoEmulatorOptions, ResolvedOptions } from './options.js';
import { resolveOptions } from './options.js';
import type { MagentoStore, MagentoRecord } from './store.js';
import { webhookBody, WebhookSender, type Change } from './webhooks.js';

/** The store's time: the caller's clock (or the wall clock) plus however far activity has moved it on. */
export class StoreClock {
  private offset = 0;
  constructor(private readonly base: () => number) {}
  now(): number {
    return this.base() + this.offset;
  }
  /** Wall time for authentication: OAuth timestamps come from the client's real clock. */
  wall(): number {
    return this.base();
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface EmulatorContext {
  options: MagentoEmulatorOptions;
  resolved: ResolvedOptions;
  store: MagentoStore;
  world: World;
  clock: StoreClock;
  ledger: NonceLedger;
  webhooks: WebhookSender;
  faults: FaultInjector;
  requests: number;
}

export function buildStore(options: MagentoEmulatorOptions, now: number): { store: MagentoStore; world: World } {
  return generateStore({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.customers !== undefined ? { customers: options.customers } : {}),
    ...(options.products !== undefined ? { products: options.products } : {}),
    ...(options.orders !== undefined ? { orders: options.orders } : {}),
    ...(options.empty !== undefined ? { empty: options.empty } : {}),
    ...(options.catalogue !== undefined ? { catalogue: options.catalogue } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.commerce !== undefined ? { commerce: options.commerce } : {}),
    now,
  });
}

export function createContext(options: MagentoEmulatorOptions): EmulatorContext {
  const clock = new StoreClock(options.clock ?? Date.now);
  const resolved = resolveOptions(options);
  const { store, world } = buildStore(options, clock.now());
  return {
    options,
    resolved,
    store,
    world,
    clock,
    ledger: new NonceLedger(),
    webhooks: new WebhookSender(resolved.webhookUrl, resolved.webhookSecret),
    faults: new FaultInjector(),
    requests: 0,
  };
}

const COLLECTION = { customer: 'customers', product: 'products', order: 'orders', invoice: 'invoices', creditmemo: 'creditmemos' } as const;

/** Sends webhooks for changed records (a no-op without webhookUrl). */
export async function announce(ctx: EmulatorContext, changes: Change[]): Promise<void> {
  const bodies = changes.map((change) => {
    const record: MagentoRecord | undefined = ctx.store.collection(COLLECTION[change.entity_type]).get(change.entity_id);
    return webhookBody(change, record);
  });
  await ctx.webhooks.deliver(bodies);
}

/**
 * The organisations' books as plain JSON, and back: so a long-lived emulator (the sandbox) can stop and start again on the
 * same books. Tenants are matched by id; records go back through the organisation's own put methods so its indexes
 * (by number, code, name, email) are rebuilt.
 */
import type { EmulatorState, Organisation } from './state.js';

export interface OrganisationSnapshot {
  tenantId: string;
  currencies: string[];
  periodLockDate: number | undefined;
  endOfYearLockDate: number | undefined;
  sequence: unknown;
  accounts: unknown[];
  taxRates: unknown[];
  tracking: unknown[];
  contacts: unknown[];
  items: unknown[];
  invoices: unknown[];
  creditNotes: unknown[];
  payments: unknown[];
  allocations: unknown[];
}

export interface StateSnapshot {
  version: 1;
  organisations: OrganisationSnapshot[];
}

const sequenceOf = (org: Organisation) => org as unknown as { sequence: unknown };

export function snapshotState(state: EmulatorState): StateSnapshot {
  return {
    version: 1,
    organisations: [...state.organisations.values()].map((org) => ({
      tenantId: org.tenantId,
      currencies: org.currencies,
      periodLockDate: org.periodLockDate,
      endOfYearLockDate: org.endOfYearLockDate,
      sequence: sequenceOf(org).sequence,
      accounts: [...org.accounts.values()],
      taxRates: [...org.taxRates.values()],
      tracking: [...org.tracking.values()],
      contacts: [...org.contacts.values()],
      items: [...org.items.values()],
      invoices: [...org.invoices.values()],
      creditNotes: [...org.creditNotes.values()],
      payments: [...org.payments.values()],
      allocations: [...org.allocations.values()],
    })),
  };
}

/** Loads a snapshot into organisations with the same tenant ids; others are left as they are. */
export function restoreState(state: EmulatorState, snapshot: StateSnapshot): void {
  if (snapshot.version !== 1) throw new Error(`unknown snapshot version ${String(snapshot.version)}`);
  for (const saved of snapshot.organisations) {
    const org = state.get(saved.tenantId);
    if (!org) continue;
    org.currencies = saved.currencies;
    org.periodLockDate = saved.periodLockDate ?? undefined;
    org.endOfYearLockDate = saved.endOfYearLockDate ?? undefined;
    sequenceOf(org).sequence = saved.sequence;
    org.accounts.clear();
    for (const a of saved.accounts) org.putAccount(a as Parameters<Organisation['putAccount']>[0]);
    org.taxRates.clear();
    for (const r of saved.taxRates as Array<{ TaxType: string }>) org.taxRates.set(r.TaxType, r as never);
    org.tracking.clear();
    for (const t of saved.tracking as Array<{ TrackingCategoryID: string }>) org.tracking.set(t.TrackingCategoryID, t as never);
    for (const c of saved.contacts) org.putContact(c as Parameters<Organisation['putContact']>[0]);
    for (const i of saved.items) org.putItem(i as Parameters<Organisation['putItem']>[0]);
    for (const d of [...saved.invoices, ...saved.creditNotes]) org.putDocument(d as Parameters<Organisation['putDocument']>[0]);
    for (const p of saved.payments as Array<{ PaymentID: string }>) org.payments.set(p.PaymentID, p as never);
    for (const a of saved.allocations as Array<{ AllocationID: string }>) org.allocations.set(a.AllocationID, a as never);
  }
}

/** JSON text of a snapshot; amounts held as bigint survive as {"$bigint": "..."}. */
export function serializeSnapshot(snapshot: StateSnapshot): string {
  return JSON.stringify(snapshot, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

export function parseSnapshot(text: string): StateSnapshot {
  return JSON.parse(text, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && typeof (v as { $bigint?: unknown }).$bigint === 'string' ? BigInt((v as { $bigint: string }).$bigint) : v,
  ) as StateSnapshot;
}

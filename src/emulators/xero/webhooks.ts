/**
 * Xero's webhooks, as an app's subscription receives them (developer.xero.com/documentation/webhooks/configuring-your-
 * server and overview; the Webhooks OpenAPI spec, xero-webhooks.yaml):
 * - Subscribing starts "intent to receive": a series of POSTs of `{"events":[],"firstEventSequence":0,"lastEventSequence":0,
 *   "entropy":"..."}`, some signed with the webhook key and some not; the endpoint must answer 200 to each correctly signed
 *   one and 401 to each other one, within 5 seconds and with no body. Only then does the subscription deliver events.
 * - Every delivery carries `x-xero-signature`: base64 HMAC-SHA256 of the raw body with the webhook key.
 * - An event per changed record: resourceUrl, resourceId, tenantId, tenantType ORGANISATION, eventCategory (INVOICE,
 *   CONTACT, CREDITNOTE), eventType CREATE or UPDATE, eventDateUtc; the body numbers the events (first/lastEventSequence)
 *   and adds an entropy string. An invoice changes, and so has an event, when a payment is recorded against it.
 * - A delivery not answered 200 is sent again, less and less often (Xero: for up to 24 hours, then the subscription is
 *   disabled; the emulator: a few times, seconds apart, then it gives up and says so in its log).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { DocumentRecord } from './model.js';
import type { EmulatorState, Organisation } from './state.js';

export const WEBHOOK_CATEGORIES = ['INVOICE', 'CONTACT', 'CREDITNOTE'] as const;
export type WebhookCategory = (typeof WEBHOOK_CATEGORIES)[number];

export interface WebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: WebhookCategory;
  tenantId: string;
  tenantType: 'ORGANISATION';
}

export interface DeliveryRecord {
  at: number;
  kind: 'intent-to-receive' | 'events';
  signed: boolean;
  status: number;
  events: number;
  firstEventSequence: number;
  lastEventSequence: number;
  error?: string;
}

interface Subscription {
  url: string;
  key: string;
  categories: Set<WebhookCategory>;
  status: 'OK' | 'INTENT_TO_RECEIVE_FAILED';
}

const RETRY_MS = [1_000, 5_000, 20_000] as const;
const TIMEOUT_MS = 5_000;
const API = 'https://api.xero.com/api.xro/2.0';
const COLLECTION: Record<WebhookCategory, string> = { INVOICE: 'Invoices', CONTACT: 'Contacts', CREDITNOTE: 'CreditNotes' };

/** What a change of a document shows in: its status and money (a payment changes what is paid), and its update time. */
function documentPrint(d: DocumentRecord): { id: string; updatedAt: number; print: string } {
  return { id: d.id, updatedAt: d.updatedAt, print: `${d.updatedAt}:${d.status}:${d.total}:${d.paid}:${d.credited}:${d.lines.length}` };
}

function sign(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64');
}

/** Xero's eventDateUtc reads like 2025-12-02T00:44:09.923 (UTC, no zone letter). */
function eventDate(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '');
}

export class WebhookDispatcher {
  private subscription: Subscription | undefined;
  private sequence = 0;
  /**
   * Per organisation: each record's state when last told (a change of it is an event; an id not in here is a CREATE).
   * A fingerprint rather than the update time alone: two changes can fall on one millisecond of the emulator's clock.
   */
  private readonly seen = new Map<string, Map<string, string>>();
  private queue: WebhookEvent[] = [];
  private sending: Promise<void> | undefined;
  readonly deliveries: DeliveryRecord[] = [];

  constructor(
    private readonly state: EmulatorState,
    private readonly now: () => number,
  ) {}

  describe(): { url: string; categories: string[]; status: string } | undefined {
    const s = this.subscription;
    return s ? { url: s.url, categories: [...s.categories], status: s.status } : undefined;
  }

  /** Subscribes and runs intent to receive; events flow only when every check answered as Xero expects. */
  async subscribe(url: string, key: string, categories: readonly WebhookCategory[] = ['INVOICE']): Promise<{ status: string; checks: DeliveryRecord[] }> {
    this.subscription = undefined;
    const checks: DeliveryRecord[] = [];
    // Correctly and incorrectly signed requests, mixed, as Xero's series is.
    for (const signed of [true, false, true, false, false, true]) {
      const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: randomBytes(10).toString('hex').toUpperCase() });
      const signature = signed ? sign(body, key) : sign(body, `${key}-not-the-key`);
      const record = await this.post(url, body, signature, 'intent-to-receive', signed, 0, 0, 0);
      checks.push(record);
    }
    const ok = checks.every((c) => c.status === (c.signed ? 200 : 401) && c.error === undefined);
    this.subscription = { url, key, categories: new Set(categories), status: ok ? 'OK' : 'INTENT_TO_RECEIVE_FAILED' };
    // Changes from now on are told; what exists already is known.
    for (const org of this.state.organisations.values()) this.seen.set(org.tenantId, this.prints(org));
    return { status: this.subscription.status, checks };
  }

  unsubscribe(): void {
    this.subscription = undefined;
    this.queue = [];
  }

  /** After a write (by the API or by hand): an event for every record of a subscribed category that changed. */
  changed(org: Organisation): void {
    const s = this.subscription;
    if (!s || s.status !== 'OK') return;
    const told = this.seen.get(org.tenantId) ?? new Map<string, string>();
    this.seen.set(org.tenantId, told);
    const collect = (category: WebhookCategory, records: Iterable<{ id: string; updatedAt: number; print: string }>) => {
      if (!s.categories.has(category)) return;
      for (const r of records) {
        const before = told.get(r.id);
        if (before === r.print) continue;
        told.set(r.id, r.print);
        this.queue.push({
          resourceUrl: `${API}/${COLLECTION[category]}/${r.id}`,
          resourceId: r.id,
          eventDateUtc: eventDate(r.updatedAt),
          eventType: before === undefined ? 'CREATE' : 'UPDATE',
          eventCategory: category,
          tenantId: org.tenantId,
          tenantType: 'ORGANISATION',
        });
      }
    };
    collect('INVOICE', [...org.invoices.values()].map(documentPrint));
    collect('CREDITNOTE', [...org.creditNotes.values()].map(documentPrint));
    collect('CONTACT', [...org.contacts.values()].map((c) => ({ id: c.ContactID, updatedAt: c.updatedAt, print: `${c.updatedAt}:${c.ContactStatus}:${c.Name}` })));
    if (this.queue.length > 0) this.sending ??= this.flush();
  }

  /** Resolves when what was queued so far has been delivered (or given up on): for tests and the "by hand" edits. */
  async settled(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private prints(org: Organisation): Map<string, string> {
    const m = new Map<string, string>();
    for (const d of [...org.invoices.values(), ...org.creditNotes.values()]) m.set(d.id, documentPrint(d).print);
    for (const c of org.contacts.values()) m.set(c.ContactID, `${c.updatedAt}:${c.ContactStatus}:${c.Name}`);
    return m;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.subscription?.status === 'OK') {
        const events = this.queue.splice(0, this.queue.length);
        const first = this.sequence + 1;
        this.sequence += events.length;
        const body = JSON.stringify({ events, firstEventSequence: first, lastEventSequence: this.sequence, entropy: randomBytes(10).toString('hex').toUpperCase() });
        await this.deliver(body, events.length, first, this.sequence);
      }
    } finally {
      this.sending = undefined;
    }
  }

  /** One delivery, tried again a few times while it is not answered 200. */
  private async deliver(body: string, count: number, first: number, last: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const s = this.subscription;
      if (!s) return;
      const record = await this.post(s.url, body, sign(body, s.key), 'events', true, count, first, last);
      if (record.status === 200) return;
      const wait = RETRY_MS[attempt];
      if (wait === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
  }

  private async post(url: string, body: string, signature: string, kind: DeliveryRecord['kind'], signed: boolean, events: number, first: number, last: number): Promise<DeliveryRecord> {
    const record: DeliveryRecord = { at: this.now(), kind, signed, status: 0, events, firstEventSequence: first, lastEventSequence: last };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      record.status = res.status;
      const text = await res.text();
      // Xero wants no body in the answer (and no cookies); the intent-to-receive check fails on one.
      if (kind === 'intent-to-receive' && text.length > 0) record.error = 'the answer had a body';
      if (kind === 'intent-to-receive' && res.headers.get('set-cookie')) record.error = 'the answer set a cookie';
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push(record);
    return record;
  }
}

import { createHash, createHmac } from 'node:crypto';

/**
 * Alerts: what needs a person, told once. Each alert is raised under a key (the condition: this record, this
 * organisation's budget, the Xero grant, the books check) with a fingerprint (what the condition says now). The same key
 * with the same fingerprint raises nothing until the condition clears (the record is posted, Xero is connected again,
 * the books agree) or changes (another message, another day, other differences). Delivery gathers what came up into one
 * message per channel (a digest), at most one every few minutes, so a backfill with 500 failures is one message.
 */
export const ALERT_KINDS = ['record_failed', 'daily_limit', 'xero_disconnected', 'books_differ', 'test'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The events a merchant switches on or off (settings `alerts.events`); a test alert is always sent. */
export const ALERT_EVENTS = ['recordFailed', 'dailyLimit', 'xeroDisconnected', 'booksDiffer'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
export const EVENT_OF_KIND: Record<AlertKind, AlertEvent | undefined> = {
  record_failed: 'recordFailed',
  daily_limit: 'dailyLimit',
  xero_disconnected: 'xeroDisconnected',
  books_differ: 'booksDiffer',
  test: undefined,
};

export interface BooksDifference {
  day: string;
  /** The Magento number of the document (increment id), as people know it. */
  number: string;
  kind: string;
  advice: string;
  tenantId: string;
}

export type AlertFacts =
  | {
      kind: 'record_failed';
      entityType: string;
      /** Only for the link to the record's page: the text names the record by `number`. */
      magentoId: string;
      number?: string;
      storeId?: number;
      tenantId?: string;
      message: string;
      attempts: number;
      /** Parked: only a person (or a changed record) can fix it; else still retried by itself. */
      parked: boolean;
    }
  | { kind: 'daily_limit'; tenantId: string; day: string; resumeAt: number; detail?: string }
  | { kind: 'xero_disconnected'; reason: string }
  | {
      kind: 'books_differ';
      from: string;
      to: string;
      issues: number;
      repairable: number;
      needsPerson: number;
      /** The first differences (at most MAX_EXAMPLES), for the message. */
      examples: BooksDifference[];
    }
  | { kind: 'test'; by: string };

export interface NewAlert {
  key: string;
  fingerprint: string;
  facts: AlertFacts;
  at: number;
}

/** An alert as kept in the outbox. */
export interface StoredAlert {
  id: number;
  at: number;
  facts: AlertFacts;
}

/** A record that keeps failing by itself (not parked) is worth a person's look after this many attempts in a row. */
export const FAILED_ATTEMPTS_BEFORE_ALERT = 8;
const MAX_EXAMPLES = 10;
const MAX_MESSAGE = 1_000;

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export const recordAlertKey = (entityType: string, storeId: number, magentoId: string) => `record:${entityType}:${storeId}:${magentoId}`;
export const XERO_CONNECTION_KEY = 'xero-connection';
export const BOOKS_KEY = 'books';
export const dailyLimitKey = (tenantId: string) => `daily-limit:${tenantId}`;

/**
 * A record that failed, as an alert, or undefined when it is not one yet: a parked record needs a person at once; a record
 * that failed transiently (Xero busy, Magento down) is tried again by itself and alerts only once it has failed
 * FAILED_ATTEMPTS_BEFORE_ALERT times in a row. Waiting and skipped records are never alerts.
 */
export function recordFailedAlert(
  record: { entityType: string; queueStoreId: number; magentoId: string; number?: string | undefined; storeId?: number | undefined; tenantId?: string | null | undefined },
  outcome: { parked: boolean; message: string; attempts: number },
  at: number,
): NewAlert | undefined {
  if (!outcome.parked && outcome.attempts < FAILED_ATTEMPTS_BEFORE_ALERT) return undefined;
  const message = outcome.message.length > MAX_MESSAGE ? `${outcome.message.slice(0, MAX_MESSAGE)}…` : outcome.message;
  return {
    key: recordAlertKey(record.entityType, record.queueStoreId, record.magentoId),
    // The same failure again (a retry that fails the same way) is not news; another message is.
    fingerprint: digest(`${outcome.parked ? 'parked' : 'failing'}\u0000${message}`),
    facts: {
      kind: 'record_failed',
      entityType: record.entityType,
      magentoId: record.magentoId,
      ...(record.number ? { number: record.number } : {}),
      ...(record.storeId !== undefined ? { storeId: record.storeId } : {}),
      ...(record.tenantId ? { tenantId: record.tenantId } : {}),
      message,
      attempts: outcome.attempts,
      parked: outcome.parked,
    },
    at,
  };
}

/** Xero's daily call budget of an organisation ran out: once per organisation and UTC day. */
export function dailyLimitAlert(tenantId: string, resumeAt: number, at: number, detail?: string): NewAlert {
  const day = new Date(at).toISOString().slice(0, 10);
  return { key: dailyLimitKey(tenantId), fingerprint: day, facts: { kind: 'daily_limit', tenantId, day, resumeAt, ...(detail ? { detail } : {}) }, at };
}

/** Xero refused the refresh token (expired, revoked): once, until Xero is connected again. */
export function xeroDisconnectedAlert(reason: string, at: number): NewAlert {
  return { key: XERO_CONNECTION_KEY, fingerprint: 'reconnect_needed', facts: { kind: 'xero_disconnected', reason }, at };
}

/**
 * The books check found differences: once for a set of differences; the same set found again the next day is not news,
 * a new or a changed one is. Undefined when the books agree (the caller clears BOOKS_KEY then).
 */
export function booksDifferAlert(
  run: { from: string; to: string; issues: ReadonlyArray<BooksDifference & { action: 'queue' | 'person'; key: string }> },
  at: number,
): NewAlert | undefined {
  if (run.issues.length === 0) return undefined;
  const repairable = run.issues.filter((i) => i.action === 'queue').length;
  return {
    key: BOOKS_KEY,
    fingerprint: digest(run.issues.map((i) => i.key).sort().join('\n')),
    facts: {
      kind: 'books_differ',
      from: run.from,
      to: run.to,
      issues: run.issues.length,
      repairable,
      needsPerson: run.issues.length - repairable,
      examples: run.issues.slice(0, MAX_EXAMPLES).map(({ day, number, kind, advice, tenantId }) => ({ day, number, kind, advice, tenantId })),
    },
    at,
  };
}

export function testAlert(by: string, at: number): NewAlert {
  return { key: `test:${at}`, fingerprint: String(at), facts: { kind: 'test', by }, at };
}

// --- Words -----------------------------------------------------------------------------------------------------------

/** Names the message uses: organisations and Magento store views by name, and the address of the admin UI if public. */
export interface AlertNames {
  organisation(tenantId: string): string | undefined;
  store(storeId: number): string | undefined;
  /** PUBLIC_URL when it is set: links go there. Without it the message has no links. */
  baseUrl?: string | undefined;
}

export interface RenderedAlert {
  kind: AlertKind;
  title: string;
  /** What happened. */
  what: string;
  /** What to do. */
  todo: string;
  url?: string;
  organisation?: string;
  store?: string;
  record?: { type: string; number: string };
}

const RECORD_LABELS: Record<string, string> = {
  customer: 'Customer',
  product: 'Product',
  order: 'Order',
  invoice: 'Magento invoice',
  creditmemo: 'Credit memo',
};

const link = (names: AlertNames, path: string) => (names.baseUrl ? `${names.baseUrl.replace(/\/+$/, '')}${path}` : undefined);

/** A record as people know it: its Magento number; the internal id only when the number is not known at all. */
export function recordName(entityType: string, number: string | undefined, magentoId: string): string {
  const label = RECORD_LABELS[entityType] ?? entityType;
  return number ? `${label} ${number}` : `${label} (Magento id ${magentoId}, number not known)`;
}

function orgName(names: AlertNames, tenantId: string): string {
  return names.organisation(tenantId) ?? `the Xero organisation ${tenantId}`;
}

export function renderAlert(facts: AlertFacts, names: AlertNames): RenderedAlert {
  switch (facts.kind) {
    case 'record_failed': {
      const name = recordName(facts.entityType, facts.number, facts.magentoId);
      const organisation = facts.tenantId ? orgName(names, facts.tenantId) : undefined;
      const store = facts.storeId !== undefined ? (names.store(facts.storeId) ?? `store ${facts.storeId}`) : undefined;
      const where = [store ? `store ${store}` : '', organisation ? `Xero organisation ${organisation}` : ''].filter(Boolean).join(', ');
      const url = link(names, `/record/${encodeURIComponent(facts.entityType)}/${encodeURIComponent(facts.magentoId)}`);
      return {
        kind: facts.kind,
        title: `${name} was not posted to Xero`,
        what: `${name}${where ? ` (${where})` : ''}: ${facts.message}`,
        todo: facts.parked
          ? 'Fix what the message names (the record in Magento, or a setting on the Configuration page); the record is tried again when it changes in Magento, or press Retry on the Queue page.'
          : `It failed ${facts.attempts} times in a row and is still tried again by itself, with longer pauses; if the message names something to fix, fix it, otherwise check that Magento and Xero answer.`,
        ...(url ? { url } : {}),
        ...(organisation ? { organisation } : {}),
        ...(store ? { store } : {}),
        record: { type: facts.entityType, number: facts.number ?? `(Magento id ${facts.magentoId})` },
      };
    }
    case 'daily_limit': {
      const organisation = orgName(names, facts.tenantId);
      const url = link(names, '/report');
      return {
        kind: facts.kind,
        title: `Xero's daily API limit is spent for ${organisation}`,
        what: `Nothing more is posted to ${organisation} today (${facts.day}, UTC)${facts.detail ? `: ${facts.detail}` : ''}. Records wait, nothing is lost; posting resumes by itself at ${new Date(facts.resumeAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
        todo: 'Nothing, unless it happens every day: a large backfill spreads over several days; XERO_LIMITS must match your Xero plan.',
        ...(url ? { url } : {}),
        organisation,
      };
    }
    case 'xero_disconnected': {
      const url = link(names, '/configuration#xero');
      return {
        kind: facts.kind,
        title: 'Xero needs to be connected again',
        what: `Xero ended the connection: ${facts.reason}. Nothing is posted until it is connected again; records wait, nothing is lost.`,
        todo: 'Open Configuration and press "Connect to Xero" (someone allowed to connect apps in the Xero organisation).',
        ...(url ? { url } : {}),
      };
    }
    case 'books_differ': {
      const url = link(names, '/reconciliation');
      const lines = facts.examples.map((e) => `${e.day} ${e.number} (${orgName(names, e.tenantId)}): ${e.kind}. ${e.advice}`);
      const more = facts.issues > facts.examples.length ? [`… and ${facts.issues - facts.examples.length} more.`] : [];
      return {
        kind: facts.kind,
        title: `The books check found ${facts.issues} difference${facts.issues === 1 ? '' : 's'} between Magento and Xero (${facts.from} to ${facts.to})`,
        what: [...lines, ...more].join('\n'),
        todo: `Open the Reconciliation page: ${facts.repairable} can be repaired there ("Repair selected" queues the Magento record again), ${facts.needsPerson} need a person in Xero or Magento.`,
        ...(url ? { url } : {}),
      };
    }
    case 'test':
      return {
        kind: facts.kind,
        title: 'Test alert from magento-xero',
        what: `${facts.by} sent this to check the alert settings.`,
        todo: 'Nothing: alerts reach you here.',
        ...(names.baseUrl ? { url: link(names, '/configuration#alerts')! } : {}),
      };
  }
}

// --- Messages (digests) ---------------------------------------------------------------------------------------------

/** A digest names at most this many alerts in full; the rest are counted. */
export const MAX_LISTED = 20;

export interface ComposedMessage {
  subject: string;
  text: string;
  /** The webhook's JSON body (without the delivery's own id and time, added when sent). */
  payload: {
    count: number;
    counts: Partial<Record<AlertKind, number>>;
    alerts: Array<RenderedAlert & { id: number; at: string }>;
    /** How many alerts the message counts but does not list. */
    unlisted: number;
  };
}

const KIND_COUNT: Record<AlertKind, (n: number) => string> = {
  record_failed: (n) => `${n} record${n === 1 ? '' : 's'} not posted`,
  daily_limit: (n) => `daily API limit spent (${n} organisation${n === 1 ? '' : 's'})`,
  xero_disconnected: () => 'Xero needs reconnecting',
  books_differ: () => 'the books check found differences',
  test: () => 'test',
};

/** One message for everything that came up on a channel: a single alert as itself, several as a digest. */
export function composeMessage(alerts: readonly StoredAlert[], names: AlertNames): ComposedMessage {
  if (alerts.length === 0) throw new RangeError('a message needs at least one alert');
  // The connection and the budget first: they explain the rest.
  const order: AlertKind[] = ['xero_disconnected', 'daily_limit', 'books_differ', 'record_failed', 'test'];
  const sorted = [...alerts].sort((a, b) => order.indexOf(a.facts.kind) - order.indexOf(b.facts.kind) || a.id - b.id);
  const counts: Partial<Record<AlertKind, number>> = {};
  for (const a of sorted) counts[a.facts.kind] = (counts[a.facts.kind] ?? 0) + 1;
  const listed = sorted.slice(0, MAX_LISTED).map((a) => ({ id: a.id, at: new Date(a.at).toISOString(), ...renderAlert(a.facts, names) }));
  const unlisted = sorted.length - listed.length;
  const block = (r: RenderedAlert) => [r.title, r.what, `What to do: ${r.todo}`, ...(r.url ? [r.url] : [])].join('\n');
  let subject: string;
  let text: string;
  if (sorted.length === 1) {
    subject = `magento-xero: ${listed[0]!.title}`;
    text = block(listed[0]!);
  } else {
    const summary = order.filter((k) => counts[k]).map((k) => KIND_COUNT[k](counts[k]!));
    subject = `magento-xero: ${sorted.length} alerts (${summary.join(', ')})`;
    const failures = counts.record_failed ?? 0;
    const rest =
      unlisted > 0
        ? [`… and ${unlisted} more not listed here${failures > 0 && names.baseUrl ? `; every failed record: ${link(names, '/queue?state=parked')} and ${link(names, '/log?status=error')}` : '; the Queue and Log pages list them all'}.`]
        : [];
    text = [`${sorted.length} things need a person: ${summary.join(', ')}.`, ...listed.map(block), ...rest].join('\n\n');
  }
  return { subject, text, payload: { count: sorted.length, counts, alerts: listed, unlisted } };
}

// --- When to send ---------------------------------------------------------------------------------------------------

export interface Pacing {
  /** Wait this long after the first pending alert, so what comes up together goes together. */
  gatherMs: number;
  /** At most one message per channel in this long. */
  quietMs: number;
}

/** When the next message of a channel may go (undefined: nothing pending). */
export function nextMessageAt(pending: { oldestAt: number | undefined }, lastMessageAt: number | undefined, pacing: Pacing): number | undefined {
  if (pending.oldestAt === undefined) return undefined;
  return Math.max(pending.oldestAt + pacing.gatherMs, lastMessageAt === undefined ? 0 : lastMessageAt + pacing.quietMs);
}

/** Pause before the next try of a message that could not be delivered: 30 s doubling to an hour. */
export function deliveryRetryDelay(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
/** A message still not delivered after this many tries (about a day) is given up, and says so. */
export const MAX_DELIVERY_ATTEMPTS = 30;

// --- Webhook signature ----------------------------------------------------------------------------------------------

export const SIGNATURE_HEADER = 'x-magento-xero-signature';
export const TIMESTAMP_HEADER = 'x-magento-xero-timestamp';
export const DELIVERY_HEADER = 'x-magento-xero-delivery';

/**
 * The signature a receiver checks: HMAC-SHA256 with the shared secret over "<timestamp>.<body>", hex, after "sha256=".
 * The timestamp (Unix seconds, in TIMESTAMP_HEADER) is signed too, so a receiver can refuse an old delivery replayed.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

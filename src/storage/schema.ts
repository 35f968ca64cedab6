import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Times are integer milliseconds since the epoch (UTC) in both databases, so that
 * comparisons and arithmetic are the same on SQLite and PostgreSQL; money never lives here (it stays in Magento and Xero).
 */
export interface Tables {
  connections: ConnectionRow;
  settings: SettingRow;
  entity_map: EntityMapRow;
  sync_queue: QueueRow;
  sync_payloads: PayloadRow;
  sync_log: LogRow;
  api_usage_day: ApiUsageDayRow;
  api_usage_minute: ApiUsageMinuteRow;
  watermarks: WatermarkRow;
  locks: LockRow;
  rate_state: RateStateRow;
  rate_calls: RateCallRow;
  summary_days: SummaryDayRow;
  summary_entries: SummaryEntryRow;
  webhook_deliveries: WebhookDeliveryRow;
  xero_exchanges: ExchangeRow;
  alert_state: AlertStateRow;
  alerts: AlertRow;
  alert_messages: AlertMessageRow;
}

/** A condition that raised an alert and has not cleared, with what it said (migration 009_i18). */
export interface AlertStateRow {
  key: string;
  fingerprint: string;
  raised_at: number;
}

/** The alerts outbox: one row per alert raised; per channel, the message that carried it (0: not sent there). */
export interface AlertRow {
  id: Generated<number>;
  at: number;
  key: string;
  kind: string;
  facts_json: string;
  webhook_message: number | null;
  email_message: number | null;
}

/** One message (a single alert or a digest) to one channel, delivered with retries. */
export interface AlertMessageRow {
  id: Generated<number>;
  channel: 'webhook' | 'email';
  created_at: number;
  alert_count: number;
  subject: string;
  text: string;
  payload_json: string;
  /** pending (to be tried at next_attempt_at), sent, failed (given up, or the channel was switched off). */
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
}

/** A store's day in daily summary mode: open (documents join it), sealed (being posted, frozen), posted. */
export interface SummaryDayRow {
  store_id: number;
  /** Store-local YYYY-MM-DD. */
  day: string;
  state: 'open' | 'sealed' | 'posted';
  tenant_id: string | null;
  sealed_at: number | null;
  posted_at: number | null;
  /** What was posted (numbers, Xero ids, totals per currency), for the Summary page and `summary show`. */
  result_json: string | null;
  updated_at: number;
}

/**
 * One revision of a Magento invoice or credit memo in a daily summary. Revision 1 is the document as first seen; a change
 * after its day was posted adds the difference as a further revision on the day it happened.
 */
export interface SummaryEntryRow {
  store_id: number;
  entity_type: string;
  magento_id: string;
  revision: number;
  /** The summary day it went into. */
  day: string;
  /** The store-local day of the document itself. */
  document_day: string;
  order_id: string;
  increment_id: string;
  order_increment_id: string;
  currency: string;
  /** Hash of the whole document's contribution when this revision was written: unchanged documents add nothing. */
  content_hash: string;
  /** What this revision adds to its day (src/mapping/summary Contribution), JSON. */
  contribution_json: string;
  created_at: number;
}

export interface ConnectionRow {
  /** 'magento' or 'xero:<tenantId>'. */
  id: string;
  /** 'alerts': the alert webhook's secret and the SMTP password (rows 'alerts.webhook.secret', 'alerts.email.password'). */
  kind: 'magento' | 'xero' | 'alerts';
  tenant_id: string | null;
  name: string;
  status: string;
  /** Credentials and tokens, encrypted with SECRET_KEY (never clear text). */
  secret: string | null;
  /** Non-secret facts shown in the UI: organisation, short code, base currency, lock dates. */
  meta_json: string;
  access_expires_at: number | null;
  /** Bumped on every token rotation: a refresh only commits against the version it read. */
  version: number;
  updated_at: number;
}

export interface SettingRow {
  key: string;
  value_json: string;
  updated_at: number;
}

export interface EntityMapRow {
  store_id: number;
  entity_type: string;
  magento_id: string;
  /** What the Magento record became in Xero: contact, item, invoice, payment, creditnote, allocation, refund. */
  xero_kind: string;
  tenant_id: string;
  xero_id: string;
  xero_number: string | null;
  content_hash: string | null;
  updated_at: number;
  /** The Magento store view a document (invoice, credit note) was posted for; null for other links and older ones. */
  magento_store_id: number | null;
}

export interface QueueRow {
  id: Generated<number>;
  store_id: number;
  entity_type: string;
  magento_id: string;
  tenant_id: string | null;
  state: string;
  priority: number;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** Set when the record is queued again while it is running, so the newer data is posted after this attempt. */
  requeued: number;
  /** No longer written: a queued record's data lives in sync_payloads (migration 005_i20). */
  payload_json: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface PayloadRow {
  entry_id: number;
  payload_json: string;
}

export interface LogRow {
  id: Generated<number>;
  at: number;
  store_id: number;
  tenant_id: string | null;
  entity_type: string;
  magento_id: string;
  action: string;
  /** waiting: for another record, an approval, Xero's limit or the go-live gate; only `error` is an error. */
  status: 'success' | 'error' | 'skipped' | 'waiting';
  message: string | null;
  xero_id: string | null;
  xero_number: string | null;
  duration_ms: number;
  /** The rounding line the document carries, in cents (signed); null when none (migration 008). */
  rounding_cents?: number | null;
  /** Tax moved onto the largest taxed line so the lines' tax equals Magento's, in cents; null when none. */
  tax_moved_cents?: number | null;
}

export interface ApiUsageDayRow {
  tenant_id: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  calls: number;
  errors: number;
  rate_limited: number;
}

export interface ApiUsageMinuteRow {
  tenant_id: string;
  /** Start of the minute, ms since the epoch. */
  minute: number;
  calls: number;
  errors: number;
  rate_limited: number;
}

export interface WatermarkRow {
  store_id: number;
  entity_type: string;
  /** Magento `updated_at` of the newest record seen, as Magento writes it (UTC). */
  updated_at: string;
  changed_at: number;
}

export interface LockRow {
  name: string;
  owner: string;
  expires_at: number;
}

export interface RateStateRow {
  tenant_id: string;
  /** Xero asked us to wait (429 Retry-After), or the daily budget is spent: no call before this time. */
  paused_until: number;
  pause_reason: string | null;
  /** What Xero last said is left (X-DayLimit-Remaining, X-MinLimit-Remaining), and when. */
  day_remaining: number | null;
  minute_remaining: number | null;
  observed_at: number;
}

/** One row per call started in the last two minutes: the sliding minute window and the calls in flight. */
export interface RateCallRow {
  id: string;
  tenant_id: string;
  at: number;
  /** A call not finished by then (a crashed worker) no longer counts as in flight. */
  expires_at: number;
  done: number;
}

/** A signed webhook body seen recently (its SHA-256), so a replay is refused until the row expires. */
export interface WebhookDeliveryRow {
  /** Which receiver took it: 'magento'. */
  source: string;
  digest: string;
  received_at: number;
  expires_at: number;
}

/** One document of a write to Xero: what was sent and what Xero answered for it (migration 007_i18). */
export interface ExchangeRow {
  id: Generated<number>;
  at: number;
  tenant_id: string;
  collection: string;
  method: string;
  /** The document's numbers and ids, space-separated with a space at each end. */
  keys: string;
  ok: number;
  sent_json: string;
  answer_json: string | null;
}

import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/**
 * Alerts (docs/alerts.md). `alert_state`: one row per condition that raised an alert and has not cleared (a record that
 * failed, an organisation's spent budget, the Xero grant, the books check), with the fingerprint of what it said, so the
 * same alert is raised once. `alerts`: the outbox, written in the same transaction as the event; each channel marks the
 * message that carried it (0: not sent on that channel: off, or the event switched off). `alert_messages`: one message
 * per channel and digest, delivered with retries and backoff; its state and last error show on the dashboard.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const big = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('alert_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('raised_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_messages')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('alert_count', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', big)
    .execute();
  await db.schema.createIndex('alert_messages_due').on('alert_messages').columns(['state', 'next_attempt_at']).execute();
  await db.schema
    .createTable('alerts')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('facts_json', 'text', (c) => c.notNull())
    .addColumn('webhook_message', big)
    .addColumn('email_message', big)
    .execute();
  await db.schema.createIndex('alerts_webhook_pending').on('alerts').columns(['webhook_message', 'id']).execute();
  await db.schema.createIndex('alerts_email_pending').on('alerts').columns(['email_message', 'id']).execute();
}

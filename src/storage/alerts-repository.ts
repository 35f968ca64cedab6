import type { Kysely, Selectable } from 'kysely';
import type { AlertFacts, NewAlert, StoredAlert } from '../domain/alerts.js';
import type { AlertMessageRow, AlertRow, Tables } from './schema.js';

export type AlertChannel = 'webhook' | 'email';
export const ALERT_CHANNELS: readonly AlertChannel[] = ['webhook', 'email'];
export type AlertMessage = Selectable<AlertMessageRow>;
export type AlertEntry = Selectable<AlertRow>;

const column = (channel: AlertChannel) => (channel === 'webhook' ? 'webhook_message' : 'email_message');

/**
 * The alerts outbox and what it has delivered. `raise` is meant to run in the transaction that records the event (a
 * record parked, the grant refused), so an alert is never lost to a crash between the two; repositories that write such
 * events take the alerts and call it with their own transaction.
 */
export class AlertsRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /**
   * Raises each alert whose condition is new, had cleared, or says something else now (another fingerprint); the same
   * alert again raises nothing. Returns how many were raised.
   */
  async raise(alerts: readonly NewAlert[]): Promise<number> {
    if (alerts.length === 0) return 0;
    // One row per key (PostgreSQL refuses an upsert that touches a row twice); the last word wins.
    const byKey = new Map(alerts.map((a) => [a.key, a]));
    let raised = 0;
    const list = [...byKey.values()];
    for (let i = 0; i < list.length; i += 200) {
      const chunk = list.slice(i, i + 200);
      const rows = await this.db
        .insertInto('alert_state')
        .values(chunk.map((a) => ({ key: a.key, fingerprint: a.fingerprint, raised_at: a.at })))
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({ fingerprint: eb.ref('excluded.fingerprint'), raised_at: eb.ref('excluded.raised_at') }))
            .where((eb) => eb('alert_state.fingerprint', '!=', eb.ref('excluded.fingerprint'))),
        )
        .returning('key')
        .execute();
      const fresh = new Set(rows.map((r) => r.key));
      const toInsert = chunk.filter((a) => fresh.has(a.key));
      if (toInsert.length === 0) continue;
      await this.db
        .insertInto('alerts')
        .values(toInsert.map((a) => ({ at: a.at, key: a.key, kind: a.facts.kind, facts_json: JSON.stringify(a.facts), webhook_message: null, email_message: null })))
        .execute();
      raised += toInsert.length;
    }
    return raised;
  }

  /** The conditions are over (the record was posted, Xero connected again, the books agree): they may alert again later. */
  async clear(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 500) {
      await this.db.deleteFrom('alert_state').where('key', 'in', keys.slice(i, i + 500)).execute();
    }
  }

  /** Whether any alert waits for a channel, or any message for a try: the dispatcher's look every few seconds. */
  async hasWork(now: number): Promise<boolean> {
    const alert = await this.db
      .selectFrom('alerts')
      .select('id')
      .where((eb) => eb.or([eb('webhook_message', 'is', null), eb('email_message', 'is', null)]))
      .limit(1)
      .executeTakeFirst();
    if (alert) return true;
    const due = await this.nextDueAt();
    return due !== undefined && due <= now;
  }

  /** Alerts not yet handled on a channel, oldest first. */
  async pending(channel: AlertChannel, limit = 10_000): Promise<StoredAlert[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['id', 'at', 'facts_json'])
      .where(column(channel), 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), at: Number(r.at), facts: JSON.parse(r.facts_json) as AlertFacts }));
  }

  /** Alerts that will not go on a channel (it is off, or their event is): marked, so they never go later by surprise. */
  async skip(channel: AlertChannel, ids: readonly number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.updateTable('alerts').set({ [column(channel)]: 0 }).where('id', 'in', ids.slice(i, i + 500)).where(column(channel), 'is', null).execute();
    }
  }

  /** A message for a channel carrying these alerts, in one transaction: from now on it is delivered until it goes. */
  async createMessage(
    channel: AlertChannel,
    ids: readonly number[],
    message: { subject: string; text: string; payload: unknown },
    now: number,
    state: { state: AlertMessage['state']; attempts: number; lastError?: string | null; sentAt?: number | null } = { state: 'pending', attempts: 0 },
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('alert_messages')
        .values({
          channel,
          created_at: now,
          alert_count: ids.length,
          subject: message.subject,
          text: message.text,
          payload_json: JSON.stringify(message.payload),
          state: state.state,
          attempts: state.attempts,
          next_attempt_at: now,
          last_error: state.lastError ?? null,
          sent_at: state.sentAt ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      for (let i = 0; i < ids.length; i += 500) {
        await trx.updateTable('alerts').set({ [column(channel)]: id }).where('id', 'in', ids.slice(i, i + 500)).where(column(channel), 'is', null).execute();
      }
      return id;
    });
  }

  /** When the channel's last message was made (test alerts aside: they do not hold back the next alert). */
  async lastMessageAt(channel: AlertChannel): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('alert_messages')
      .select((eb) => eb.fn.max<number>('created_at').as('at'))
      .where('channel', '=', channel)
      .where('alert_count', '>', 0)
      .executeTakeFirst();
    return row?.at == null ? undefined : Number(row.at);
  }

  /** Messages due for a (first or further) try. */
  async due(now: number): Promise<AlertMessage[]> {
    return this.db.selectFrom('alert_messages').selectAll().where('state', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('id').limit(100).execute();
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db.selectFrom('alert_messages').select((eb) => eb.fn.min<number>('next_attempt_at').as('at')).where('state', '=', 'pending').executeTakeFirst();
    return row?.at == null ? undefined : Number(row.at);
  }

  async markSent(id: number, now: number): Promise<void> {
    await this.db.updateTable('alert_messages').set((eb) => ({ state: 'sent', sent_at: now, attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
  }

  /** A try failed: tried again at `nextAttemptAt`, or given up (`nextAttemptAt` undefined). */
  async markFailed(id: number, error: string, nextAttemptAt: number | undefined): Promise<void> {
    await this.db
      .updateTable('alert_messages')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 1000),
        ...(nextAttemptAt === undefined ? { state: 'failed' as const } : { next_attempt_at: nextAttemptAt }),
      }))
      .where('id', '=', id)
      .execute();
  }

  async message(id: number): Promise<AlertMessage | undefined> {
    return this.db.selectFrom('alert_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The newest messages, for the dashboard and `alerts list`. */
  async messages(limit = 20): Promise<AlertMessage[]> {
    return this.db.selectFrom('alert_messages').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }

  /** The newest alerts raised. */
  async recent(limit = 20): Promise<AlertEntry[]> {
    return this.db.selectFrom('alerts').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }
}

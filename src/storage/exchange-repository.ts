import type { Kysely, Selectable } from 'kysely';
import type { ExchangeRow, Tables } from './schema.js';

export interface NewExchange {
  at: number;
  tenantId: string;
  collection: string;
  method: string;
  /** Numbers and ids the document is known by (invoice number, InvoiceID, PaymentID...). */
  keys: readonly string[];
  ok: boolean;
  sent: unknown;
  answer: unknown;
}

export interface Exchange {
  id: number;
  at: number;
  tenantId: string;
  collection: string;
  method: string;
  ok: boolean;
  sent: unknown;
  answer: unknown;
}

/** Largest JSON kept per side of one document; a longer one is cut (and says so) rather than filling the database. */
const MAX_JSON = 64_000;

function jsonOf(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length <= MAX_JSON ? text : JSON.stringify({ truncated: true, first: text.slice(0, MAX_JSON) });
}

/** What was sent to Xero and what it answered, per document, for the record pages. */
export class ExchangeRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async add(rows: readonly NewExchange[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map((r) => ({
      at: r.at,
      tenant_id: r.tenantId,
      collection: r.collection,
      method: r.method,
      keys: ` ${[...new Set(r.keys.filter((k) => k !== '' && !/\s/.test(k)))].join(' ')} `,
      ok: r.ok ? 1 : 0,
      sent_json: jsonOf(r.sent),
      answer_json: r.answer === undefined ? null : jsonOf(r.answer),
    }));
    for (let i = 0; i < values.length; i += 100) await this.db.insertInto('xero_exchanges').values(values.slice(i, i + 100)).execute();
  }

  /** The exchanges of documents known by any of `keys` (numbers or ids), newest first. */
  async find(keys: readonly string[], limit = 50, collection?: string): Promise<Exchange[]> {
    // Keys with LIKE's wildcards are left out (ids and document numbers have none); a key is matched whole, between spaces.
    const wanted = [...new Set(keys.filter((k) => k !== '' && !/[\s%_\\]/.test(k)))];
    if (wanted.length === 0) return [];
    let query = this.db.selectFrom('xero_exchanges').selectAll();
    if (collection) query = query.where('collection', '=', collection);
    const rows = await query
      .where((eb) => eb.or(wanted.map((k) => eb('keys', 'like', `% ${k} %`))))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toExchange);
  }

  /** Drops exchanges older than `before`; returns how many. */
  async prune(before: number): Promise<number> {
    const r = await this.db.deleteFrom('xero_exchanges').where('at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  }
}

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toExchange(r: Selectable<ExchangeRow>): Exchange {
  return { id: Number(r.id), at: Number(r.at), tenantId: r.tenant_id, collection: r.collection, method: r.method, ok: r.ok === 1, sent: parse(r.sent_json), answer: parse(r.answer_json) };
}

// Change notifications from Adobe Commerce (not Open Source): synchronous Commerce webhooks, signed with
// `x-adobe-commerce-webhook-signature` = base64(HMAC-SHA256(raw body, shared secret)), and Adobe I/O Events CloudEvents
// (entity in data.value). Either way only {entity, id} is taken: the record itself is fetched again over REST, because
// event payloads may lack extension_attributes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const COMMERCE_SIGNATURE_HEADER = 'x-adobe-commerce-webhook-signature';

/**
 * True when the header is the base64 HMAC-SHA256 of the raw body under one of the secrets (a list allows rotation).
 * Compared in constant time; the body must be the bytes received, not re-serialised JSON.
 */
export function verifyCommerceWebhookSignature(
  rawBody: string | Buffer,
  header: string | readonly string[] | undefined,
  secrets: string | readonly string[],
): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return false;
  // A blank header decodes to no bytes and fails the length test below; Node's base64 decoder skips whitespace, and an
  // HMAC reads a string body as UTF-8: no trimming or re-encoding is needed (each would be code no test could tell apart).
  const given = Buffer.from(value, 'base64');
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    if (secret === '') continue;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}

export type MagentoEventEntity = 'customer' | 'product' | 'order' | 'invoice' | 'creditmemo';

export interface MagentoEvent {
  entity: MagentoEventEntity;
  /** entity_id (customer id for customers); for products the SKU when the event carries one (the REST API reads by SKU). */
  id: string;
  /** What `id` is: always entity_id except for a product event that named its SKU. */
  idField: 'entity_id' | 'sku';
  /** The hook or event name as sent, e.g. observer.sales_order_save_after. */
  event: string;
  source: 'webhook' | 'io-event';
}

/** Longest names first: an invoice event name also contains "sales_order". */
const ENTITY_PATTERNS: readonly [RegExp, MagentoEventEntity][] = [
  [/invoice/, 'invoice'],
  [/creditmemo|credit_memo/, 'creditmemo'],
  [/catalog_product|product/, 'product'],
  [/customer/, 'customer'],
  [/sales_order|order/, 'order'],
];

const PAYLOAD_KEYS: Record<MagentoEventEntity, readonly string[]> = {
  invoice: ['invoice', 'data_object'],
  creditmemo: ['creditmemo', 'credit_memo', 'data_object'],
  product: ['product', 'data_object'],
  customer: ['customer', 'data_object'],
  order: ['order', 'data_object'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function entityOfEvent(name: string): MagentoEventEntity | undefined {
  const lower = name.toLowerCase();
  return ENTITY_PATTERNS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** Reads `{entity, id}` from a Commerce webhook body or an I/O Events CloudEvent; undefined when it names neither. */
export function parseMagentoEvent(body: unknown): MagentoEvent | undefined {
  if (!isRecord(body)) return undefined;
  const data = isRecord(body.data) ? body.data : undefined;

  // Adobe I/O Events: {specversion, type: "com.adobe.commerce.observer.<event>", data: {value: {...}}}
  if (typeof body.type === 'string' && data && isRecord(data.value)) {
    const entity = entityOfEvent(body.type);
    return entity ? withId(entity, data.value, body.type, 'io-event') : undefined;
  }

  // Commerce webhooks: {eventName: "sales_order_save_after", data: {order: {...}}} (data_object for generic model events)
  const event = typeof body.eventName === 'string' ? body.eventName : typeof body.event === 'string' ? body.event : undefined;
  if (!event) return undefined;
  // A webhook configured with chosen fields only: {event, entity_type, entity_id[, sku]} (the emulator sends this shape).
  if (!data && (typeof body.entity_id === 'number' || typeof body.entity_id === 'string')) {
    const typed = typeof body.entity_type === 'string' ? ENTITIES.find((e) => e === body.entity_type) : undefined;
    const entity = typed ?? entityOfEvent(event);
    if (!entity) return undefined;
    return withId(entity, body, event, 'webhook');
  }
  if (!data) return undefined;
  const entity = entityOfEvent(event);
  if (!entity) return undefined;
  for (const key of PAYLOAD_KEYS[entity]) {
    const record = data[key];
    if (isRecord(record)) {
      const found = withId(entity, record, event, 'webhook');
      if (found) return found;
    }
  }
  return undefined;
}

const ENTITIES: readonly MagentoEventEntity[] = ['customer', 'product', 'order', 'invoice', 'creditmemo'];

function withId(
  entity: MagentoEventEntity,
  record: Record<string, unknown>,
  event: string,
  source: MagentoEvent['source'],
): MagentoEvent | undefined {
  const pick = (...keys: string[]) => {
    for (const key of keys) {
      const value = record[key];
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
    }
    return undefined;
  };
  if (entity === 'product') {
    const sku = pick('sku');
    if (sku !== undefined) return { entity, id: sku, idField: 'sku', event, source };
  }
  const id = entity === 'customer' ? pick('entity_id', 'id', 'customer_id') : pick('entity_id', 'id');
  return id === undefined ? undefined : { entity, id, idField: 'entity_id', event, source };
}

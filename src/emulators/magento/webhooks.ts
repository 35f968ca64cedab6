// Adobe-Commerce-style webhooks. Each change is POSTed as JSON:
//   { "event": "observer.sales_order_save_after", "entity_type": "order", "entity_id": 12,
//     "store_id": 1, "increment_id": "000000012", "updated_at": "2026-01-01 10:00:00" }
// (store_id / increment_id / updated_at only when the record has them), with the header
//   x-adobe-commerce-webhook-signature: base64(HMAC-SHA256(raw body, webhookSecret)).
// As with real webhooks, receivers should re-fetch the entity by id rather than trust the body.
import { createHmac } from 'node:crypto';
import type { MagentoRecord } from './store.js';

export type ChangedEntity = 'customer' | 'product' | 'order' | 'invoice' | 'creditmemo';

const HOOKS: Record<ChangedEntity, string> = {
  customer: 'observer.customer_save_after',
  product: 'observer.catalog_product_save_after',
  order: 'observer.sales_order_save_after',
  invoice: 'observer.sales_order_invoice_save_after',
  creditmemo: 'observer.sales_order_creditmemo_save_after',
};

export interface Change {
  entity_type: ChangedEntity;
  entity_id: number;
}

export interface WebhookBody {
  event: string;
  entity_type: ChangedEntity;
  entity_id: number;
  store_id?: number;
  increment_id?: string;
  updated_at?: string;
}

export function webhookBody(change: Change, record: MagentoRecord | undefined): WebhookBody {
  const body: WebhookBody = { event: HOOKS[change.entity_type], entity_type: change.entity_type, entity_id: change.entity_id };
  if (typeof record?.['store_id'] === 'number') body.store_id = record['store_id'];
  if (typeof record?.['increment_id'] === 'string') body.increment_id = record['increment_id'];
  if (typeof record?.['updated_at'] === 'string') body.updated_at = record['updated_at'];
  return body;
}

export function signWebhook(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export interface WebhookStats {
  sent: number;
  failed: number;
}

export class WebhookSender {
  readonly stats: WebhookStats = { sent: 0, failed: 0 };
  constructor(
    private readonly url: string | undefined,
    private readonly secret: string,
  ) {}

  /** Delivers one POST per change, in order; failures are counted, never thrown. */
  async deliver(bodies: WebhookBody[]): Promise<void> {
    if (this.url === undefined) return;
    for (const body of bodies) {
      const raw = JSON.stringify(body);
      try {
        const response = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-adobe-commerce-webhook-signature': signWebhook(raw, this.secret) },
          body: raw,
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) this.stats.sent += 1;
        else this.stats.failed += 1;
        await response.body?.cancel();
      } catch {
        this.stats.failed += 1;
      }
    }
  }
}

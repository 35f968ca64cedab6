// Xero's webhook events (developer.xero.com/documentation/webhooks, the Webhooks OpenAPI spec: events with resourceId,
// tenantId, eventCategory CONTACT | INVOICE | CREDITNOTE | SUBSCRIPTION, eventType CREATE | UPDATE). An INVOICE event
// names an invoice that changed (a payment recorded on it included); the orders whose invoices they are are queued to be
// looked at. Other categories, and invoices that are not ours, are ignored.
import { z } from 'zod';
import type { Storage } from '../../storage/storage.js';
import { queueOrdersOfInvoices } from './queue.js';

const eventSchema = z.looseObject({
  resourceId: z.string(),
  tenantId: z.string(),
  eventCategory: z.string(),
  eventType: z.string(),
  eventDateUtc: z.string().optional(),
  resourceUrl: z.string().optional(),
});

export const xeroWebhookSchema = z.looseObject({
  events: z.array(eventSchema),
  firstEventSequence: z.number().int(),
  lastEventSequence: z.number().int(),
  entropy: z.string(),
});
export type XeroWebhook = z.infer<typeof xeroWebhookSchema>;

/** Queues the orders of the invoices the events name; the intent-to-receive request (no events) queues nothing. */
export async function queueFromXeroWebhook(storage: Storage, body: XeroWebhook, now: number): Promise<{ events: number; queued: number }> {
  const byTenant = new Map<string, string[]>();
  for (const e of body.events) {
    if (e.eventCategory !== 'INVOICE') continue;
    byTenant.set(e.tenantId.toLowerCase(), [...(byTenant.get(e.tenantId.toLowerCase()) ?? []), e.resourceId]);
  }
  let queued = 0;
  for (const [tenantId, ids] of byTenant) queued += (await queueOrdersOfInvoices(storage, tenantId, ids, now)).length;
  return { events: body.events.length, queued };
}

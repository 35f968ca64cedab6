import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { COMMERCE_SIGNATURE_HEADER, parseMagentoEvent, verifyCommerceWebhookSignature } from '../magento/webhooks.js';
import type { Logger } from '../observability/logger.js';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';
import { MAGENTO_SCOPE } from '../sync/context.js';
import { queueFromXeroWebhook, xeroWebhookSchema } from '../sync/payment-import/webhook.js';

export interface WebhookOptions {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  magentoSecret: string | undefined;
  xeroKey: string | undefined;
  onQueued: () => void;
  /** Products are queued by SKU; a webhook that names one by entity_id is resolved through Magento. */
  productSku?: (entityId: string) => Promise<string | undefined>;
}

const REPLAY_WINDOW_MS = 10 * 60_000;
const MAGENTO = 'magento';

/**
 * Webhook receivers, outside the admin login (their signatures are the authentication):
 * - POST /webhooks/magento: Adobe Commerce webhooks and I/O events. The record is queued by id and fetched again over
 *   REST (event bodies may lack extension attributes). A body seen in the last ten minutes is refused as a replay: the
 *   bodies seen are kept (as digests) in the database, so neither a restart nor another process forgets them.
 * - POST /webhooks/xero: Xero's webhooks (intent to receive included): 200 with an empty body for a good signature,
 *   401 otherwise, as Xero requires.
 */
export function registerWebhooks(app: FastifyInstance, options: WebhookOptions): void {
  const deliveries = options.storage.webhookDeliveries;
  void app.register(async (scope) => {
    // Signatures are over the bytes received, so these routes keep the raw body.
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    scope.post('/webhooks/magento', async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      if (!options.magentoSecret) return reply.code(404).send({ error: 'Magento webhooks are not configured (MAGENTO_WEBHOOK_SECRET)' });
      if (!verifyCommerceWebhookSignature(raw, req.headers[COMMERCE_SIGNATURE_HEADER], options.magentoSecret)) {
        options.logger.warn('refused a Magento webhook with a bad signature');
        return reply.code(401).send({ error: 'bad signature' });
      }
      const now = options.clock.now();
      const digest = createHash('sha256').update(raw).digest('hex');
      if (!(await deliveries.remember(MAGENTO, digest, now, now + REPLAY_WINDOW_MS))) {
        options.logger.warn('refused a Magento webhook seen before (a replay)');
        return reply.code(409).send({ error: 'replayed webhook' });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return reply.code(400).send({ error: 'the body is not JSON' });
      }
      const event = parseMagentoEvent(body);
      if (!event) return reply.code(202).send({ ignored: true });
      let id = event.id;
      if (event.entity === 'product' && event.idField === 'entity_id') {
        let sku: string | undefined;
        try {
          sku = await options.productSku?.(event.id);
        } catch (error) {
          // Not ours to drop: Magento sends a webhook again when it is not answered with a success.
          await deliveries.forget(MAGENTO, digest);
          options.logger.warn({ err: error, productId: event.id }, 'could not read the SKU of a product named by a webhook');
          return reply.code(503).send({ error: 'Magento could not be asked for the product; send it again' });
        }
        if (sku === undefined) return reply.code(202).send({ ignored: true, reason: `no product with entity_id ${event.id} in Magento` });
        id = sku;
      }
      await options.storage.queue.enqueue([{ store_id: MAGENTO_SCOPE, entity_type: event.entity, magento_id: id }], now);
      options.onQueued();
      return reply.code(200).send({ queued: { entity: event.entity, id } });
    });

    scope.post('/webhooks/xero', async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const given = req.headers['x-xero-signature'];
      if (!options.xeroKey || typeof given !== 'string') return reply.code(401).send();
      const expected = createHmac('sha256', options.xeroKey).update(raw).digest();
      const actual = Buffer.from(given, 'base64');
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return reply.code(401).send();
      options.logger.info({ bytes: raw.length }, 'Xero webhook received');
      // Invoices that changed (a payment recorded on one): the orders behind them are queued, nothing more, so the
      // answer comes within Xero's five seconds. A failure answers 500 and Xero sends the events again.
      let parsed: ReturnType<typeof xeroWebhookSchema.safeParse> | undefined;
      try {
        parsed = xeroWebhookSchema.safeParse(JSON.parse(raw));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success && parsed.data.events.length > 0) {
        const { queued } = await queueFromXeroWebhook(options.storage, parsed.data, options.clock.now());
        if (queued > 0) options.onQueued();
      }
      return reply.code(200).send();
    });
  });
}

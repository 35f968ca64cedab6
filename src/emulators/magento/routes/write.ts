// The writes tests and the store simulation use: invoice an order, refund offline (order) or online (invoice), and the
// status actions cancel / hold / unhold. Bodies are checked with zod; ids come back as JSON numbers.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { announce, type EmulatorContext } from '../context.js';
import { badRequest, customerNotFound, notFound, productNotFound } from '../errors.js';
import { createCreditMemo, type RefundRequest } from '../sales/creditmemo.js';
import { createInvoice } from '../sales/invoice.js';
import { cancelOrder, holdOrder, releaseOrder } from '../sales/status.js';
import type { MagentoRecord } from '../store.js';
import type { Change } from '../webhooks.js';
import { checkStoreCode, requireAuth } from './http.js';

const itemQty = z.object({ order_item_id: z.coerce.number().int(), qty: z.coerce.number().min(0) });
const invoiceBody = z.looseObject({
  capture: z.boolean().optional(),
  items: z.array(itemQty).optional(),
  notify: z.boolean().optional(),
  appendComment: z.boolean().optional(),
  comment: z.looseObject({ comment: z.string(), is_visible_on_front: z.coerce.number().int().optional() }).optional(),
});
const refundBody = z.looseObject({
  items: z.array(itemQty).optional(),
  notify: z.boolean().optional(),
  arguments: z
    .looseObject({
      shipping_amount: z.coerce.number().min(0).optional(),
      adjustment_positive: z.coerce.number().min(0).optional(),
      adjustment_negative: z.coerce.number().min(0).optional(),
    })
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest('The "%fieldName" value is invalid: %message', {
      fieldName: issue?.path.join('.') ?? '',
      message: issue?.message ?? 'invalid',
    });
  }
  return result.data;
}

export function registerWriteRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const guard = (resource: string) => ({ preHandler: [async (request: Parameters<typeof checkStoreCode>[1]) => checkStoreCode(ctx, request), requireAuth(ctx, resource)] });
  const order = (id: string): MagentoRecord => {
    const record = /^\d+$/.test(id) ? ctx.store.orders.get(Number(id)) : undefined;
    if (!record) throw notFound();
    return record;
  };
  const orderChange = (record: MagentoRecord): Change => ({ entity_type: 'order', entity_id: record['entity_id'] as number });

  app.post<{ Params: { orderId: string } }>('/order/:orderId/invoice', guard('Magento_Sales::sales_invoice'), async (request) => {
    const body = parse(invoiceBody, request.body);
    const target = order(request.params.orderId);
    const invoice = createInvoice(ctx.store, target, { capture: body.capture, items: body.items, notify: body.notify, comment: body.comment }, ctx.clock.now());
    await announce(ctx, [{ entity_type: 'invoice', entity_id: invoice['entity_id'] as number }, orderChange(target)]);
    return invoice['entity_id'];
  });

  app.post<{ Params: { orderId: string } }>('/order/:orderId/refund', guard('Magento_Sales::creditmemo'), async (request) => {
    const body = parse(refundBody, request.body);
    const target = order(request.params.orderId);
    const memo = createCreditMemo(ctx.store, target, refundRequest(body), ctx.clock.now());
    await announce(ctx, [{ entity_type: 'creditmemo', entity_id: memo['entity_id'] as number }, orderChange(target)]);
    return memo['entity_id'];
  });

  app.post<{ Params: { invoiceId: string } }>('/invoice/:invoiceId/refund', guard('Magento_Sales::sales_invoice'), async (request) => {
    const body = parse(refundBody, request.body);
    const invoice = /^\d+$/.test(request.params.invoiceId) ? ctx.store.invoices.get(Number(request.params.invoiceId)) : undefined;
    if (!invoice) throw notFound();
    const target = order(String(invoice['order_id']));
    const memo = createCreditMemo(ctx.store, target, refundRequest(body), ctx.clock.now(), invoice);
    await announce(ctx, [
      { entity_type: 'creditmemo', entity_id: memo['entity_id'] as number },
      { entity_type: 'invoice', entity_id: invoice['entity_id'] as number },
      orderChange(target),
    ]);
    return memo['entity_id'];
  });

  // Deletions, as the admin API offers them for customers and products; nothing announces them, as in Magento.
  app.delete<{ Params: { customerId: string } }>('/customers/:customerId', guard('Magento_Customer::delete'), async (request) => {
    const id = /^\d+$/.test(request.params.customerId) ? Number(request.params.customerId) : undefined;
    if (id === undefined || !ctx.store.remove('customers', id)) throw customerNotFound(request.params.customerId);
    return true;
  });
  app.delete<{ Params: { sku: string } }>('/products/:sku', guard('Magento_Catalog::products'), async (request) => {
    const product = ctx.store.productBySku(request.params.sku);
    if (!product) throw productNotFound();
    ctx.store.remove('products', product['id'] as number);
    return true;
  });

  const statusAction = (path: string, action: (o: MagentoRecord, now: number) => void): void => {
    app.post<{ Params: { id: string } }>(path, guard('Magento_Sales::actions_edit'), async (request) => {
      const target = order(request.params.id);
      action(target, ctx.clock.now());
      await announce(ctx, [orderChange(target)]);
      return true;
    });
  };
  statusAction('/orders/:id/cancel', cancelOrder);
  statusAction('/orders/:id/hold', holdOrder);
  statusAction('/orders/:id/unhold', releaseOrder);
}

function refundRequest(body: z.infer<typeof refundBody>): RefundRequest {
  const args = body.arguments;
  return {
    items: body.items,
    notify: body.notify,
    arguments: args && {
      shipping_amount: args.shipping_amount,
      adjustment_positive: args.adjustment_positive,
      adjustment_negative: args.adjustment_negative,
    },
  };
}

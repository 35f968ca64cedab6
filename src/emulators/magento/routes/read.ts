// The GET endpoints the connector reads, registered once under /rest/V1 and once under /rest/:storeCode/V1.
import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { customerNotFound, notFound, productNotFound } from '../errors.js';
import type { Collection, MagentoRecord } from '../store.js';
import { checkStoreCode, requireAuth, searchResponse, shaped } from './http.js';

function entityId(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function registerReadRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const guard = (resource: string) => ({ preHandler: [async (request: Parameters<typeof checkStoreCode>[1]) => checkStoreCode(ctx, request), requireAuth(ctx, resource)] });
  const one = (collection: () => Collection, id: string | undefined) => {
    const n = entityId(id);
    const record = n === undefined ? undefined : collection().get(n);
    if (!record) throw notFound();
    return record;
  };

  app.get('/customers/search', guard('Magento_Customer::customer'), async (request) =>
    searchResponse(ctx, request, ctx.store.customers.all()),
  );
  app.get<{ Params: { customerId: string } }>('/customers/:customerId', guard('Magento_Customer::customer'), async (request) => {
    const n = entityId(request.params.customerId);
    const record = n === undefined ? undefined : ctx.store.customers.get(n);
    if (!record) throw customerNotFound(request.params.customerId);
    return shaped(request, record);
  });

  app.get('/products', guard('Magento_Catalog::products'), async (request) => searchResponse(ctx, request, ctx.store.products.all()));
  app.get<{ Params: { sku: string } }>('/products/:sku', guard('Magento_Catalog::products'), async (request) => {
    const record = ctx.store.productBySku(request.params.sku);
    if (!record) throw productNotFound();
    return shaped(request, record);
  });

  app.get('/orders', guard('Magento_Sales::actions_view'), async (request) => searchResponse(ctx, request, ctx.store.orders.all()));
  app.get<{ Params: { id: string } }>('/orders/:id', guard('Magento_Sales::actions_view'), async (request) =>
    shaped(request, one(() => ctx.store.orders, request.params.id)),
  );

  app.get('/invoices', guard('Magento_Sales::sales_invoice'), async (request) => searchResponse(ctx, request, ctx.store.invoices.all()));
  app.get<{ Params: { id: string } }>('/invoices/:id', guard('Magento_Sales::sales_invoice'), async (request) =>
    shaped(request, one(() => ctx.store.invoices, request.params.id)),
  );

  app.get('/creditmemos', guard('Magento_Sales::sales_creditmemo'), async (request) =>
    searchResponse(ctx, request, ctx.store.creditmemos.all()),
  );
  app.get<{ Params: { id: string } }>('/creditmemo/:id', guard('Magento_Sales::sales_creditmemo'), async (request) =>
    shaped(request, one(() => ctx.store.creditmemos, request.params.id)),
  );

  app.get('/taxRates/search', guard('Magento_Tax::manage_tax'), async (request) => searchResponse(ctx, request, ctx.store.taxRates.all()));
  app.get<{ Params: { id: string } }>('/taxRates/:id', guard('Magento_Tax::manage_tax'), async (request) =>
    shaped(request, one(() => ctx.store.taxRates, request.params.id)),
  );

  app.get('/customerGroups/search', guard('Magento_Customer::group'), async (request) => searchResponse(ctx, request, ctx.store.customerGroups.all()));
  app.get('/taxClasses/search', guard('Magento_Tax::manage_tax'), async (request) => searchResponse(ctx, request, ctx.store.taxClasses.all()));

  // Every order line of every order, as one searchable list.
  app.get('/orders/items', guard('Magento_Sales::actions_view'), async (request) =>
    searchResponse(
      ctx,
      request,
      ctx.store.orders.all().flatMap((o) => (Array.isArray(o['items']) ? (o['items'] as MagentoRecord[]) : [])),
    ),
  );

  // Store structure: plain arrays, not search results.
  app.get('/store/storeViews', guard('Magento_Backend::store'), async (request) => shaped(request, ctx.store.storeViews.all()));
  app.get('/store/websites', guard('Magento_Backend::store'), async (request) => shaped(request, ctx.store.websites.all()));
  app.get('/store/storeConfigs', guard('Magento_Backend::store'), async (request) => {
    // storeCodes[]=uk&storeCodes[]=de (or storeCodes[0]=uk) narrows the list.
    const query = request.query as Record<string, string | string[] | undefined>;
    const codes = Object.entries(query)
      .filter(([k]) => /^storeCodes(\[\d*\])?$/.test(k))
      .flatMap(([, v]) => (Array.isArray(v) ? v : v === undefined ? [] : [v]));
    const configs = ctx.store.storeConfigs.all();
    return shaped(request, codes.length === 0 ? configs : configs.filter((c) => codes.includes(String(c['code']))));
  });

  // Anonymous in Magento too.
  app.get('/directory/currency', { preHandler: async (request) => checkStoreCode(ctx, request) }, async (request) =>
    shaped(request, ctx.store.currency),
  );
}

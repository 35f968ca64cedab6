/** /Items: list (not paged), get by id or Code, create, create-or-update, delete. */
import { runBatch } from '../batch.js';
import { elementsOf, isGuid, notFound, ok, postDataInvalid } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import type { ItemRecord } from '../model.js';
import { renderItem, unitNumber } from '../render.js';
import { prepareItem } from '../validation/item.js';
import type { Route } from './route.js';

export function unitdpOf(request: ApiRequest): 2 | 4 {
  return request.query['unitdp'] === '4' ? 4 : 2;
}

function getItems(request: ApiRequest): ApiResult {
  const { org } = request;
  const unitdp = unitdpOf(request);
  return list(request, org.items.values(), {
    plural: 'Items',
    typeName: 'Item',
    paged: false,
    fields: ['ItemID', 'Code', 'Name', 'Description', 'IsSold', 'IsPurchased', 'IsTrackedAsInventory', 'InventoryAssetAccountCode', 'UpdatedDateUTC', 'SalesDetails', 'PurchaseDetails'],
    view: (i) => ({
      ...i,
      UpdatedDateUTC: i.updatedAt,
      SalesDetails: { ...i.SalesDetails, UnitPrice: i.SalesDetails.unit4 === undefined ? null : unitNumber(i.SalesDetails.unit4, 4) },
      PurchaseDetails: { ...i.PurchaseDetails, UnitPrice: i.PurchaseDetails.unit4 === undefined ? null : unitNumber(i.PurchaseDetails.unit4, 4) },
    }),
    updatedAt: (i) => i.updatedAt,
    render: (i) => renderItem(i, { unitdp }),
    lookup: (field, value) => {
      if (field !== 'Code' || typeof value !== 'string') return undefined;
      return [org.itemByCode(value)].filter((i): i is ItemRecord => i !== undefined);
    },
  });
}

function findItem(request: ApiRequest): ItemRecord | undefined {
  const id = request.params['id'] ?? '';
  return isGuid(id) ? request.org.items.get(id.toLowerCase()) : request.org.itemByCode(id);
}

function getItem(request: ApiRequest): ApiResult {
  const item = findItem(request);
  if (!item) return notFound();
  return ok(request.now, 'Items', [renderItem(item, { unitdp: unitdpOf(request) })]);
}

function writeItems(mode: 'create' | 'upsert') {
  return (request: ApiRequest): ApiResult => {
    const elements = elementsOf(request.body, 'Items');
    if (!elements) return postDataInvalid('the request body is not an element or a list of elements.');
    const pathId = request.params['id'];
    return runBatch(
      request,
      'Items',
      elements,
      (element, batch) =>
        prepareItem(request.org, element, batch, request.now, unitdpOf(request), pathId ? 'upsert' : mode, pathId),
      { errorFlag: 'HasValidationErrors', idField: 'ItemID' },
    );
  };
}

function deleteItem(request: ApiRequest): ApiResult {
  const item = findItem(request);
  if (!item) return notFound();
  request.org.deleteItem(item);
  return { status: 204, body: '', text: true };
}

export const itemRoutes: Route[] = [
  { method: 'GET', path: '/Items', handler: getItems },
  { method: 'GET', path: '/Items/:id', handler: getItem },
  { method: 'PUT', path: '/Items', handler: writeItems('create') },
  { method: 'POST', path: '/Items', handler: writeItems('upsert') },
  { method: 'POST', path: '/Items/:id', handler: writeItems('upsert') },
  { method: 'DELETE', path: '/Items/:id', handler: deleteItem },
];

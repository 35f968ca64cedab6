/** /TrackingCategories and their options (at most two active categories, as in Xero). */
import { randomUUID } from 'node:crypto';
import { elementsOf, isGuid, notFound, ok, postDataInvalid, validationException } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { flag } from '../envelope.js';
import { list } from '../list.js';
import type { TrackingCategoryRecord } from '../model.js';
import { renderTracking } from '../render.js';
import type { Route } from './route.js';

function getCategories(request: ApiRequest): ApiResult {
  const includeArchived = flag(request.query['includeArchived']) ?? false;
  const all = [...request.org.tracking.values()].filter((t) => t.Status !== 'DELETED' && (includeArchived || t.Status === 'ACTIVE'));
  return list(request, all, {
    plural: 'TrackingCategories',
    typeName: 'TrackingCategory',
    paged: false,
    fields: ['TrackingCategoryID', 'Name', 'Status'],
    view: (t) => ({ ...t }),
    updatedAt: () => Number.POSITIVE_INFINITY,
    render: renderTracking,
  });
}

function getCategory(request: ApiRequest): ApiResult {
  const category = find(request);
  if (!category) return notFound();
  return ok(request.now, 'TrackingCategories', [renderTracking(category)]);
}

function find(request: ApiRequest): TrackingCategoryRecord | undefined {
  const id = request.params['id'] ?? '';
  return isGuid(id) ? request.org.tracking.get(id.toLowerCase()) : undefined;
}

function putCategory(request: ApiRequest): ApiResult {
  const element = elementsOf(request.body, 'TrackingCategories')?.[0];
  if (!element) return postDataInvalid('the request body is not an element or a list of elements.');
  const name = typeof element['Name'] === 'string' ? element['Name'].trim() : '';
  const errors: string[] = [];
  const active = [...request.org.tracking.values()].filter((t) => t.Status === 'ACTIVE');
  if (name === '') errors.push('Please enter a Name.');
  else if (name.length > 100) errors.push('Name must not be longer than 100 characters.');
  if (active.some((t) => t.Name.toLowerCase() === name.toLowerCase())) errors.push('Please enter a unique Name.');
  if (active.length >= 2) errors.push('You can only have 2 active tracking categories.');
  if (errors.length > 0) return validationException([{ ...element, ValidationErrors: errors.map((Message) => ({ Message })) }]);
  const record: TrackingCategoryRecord = { TrackingCategoryID: randomUUID(), Name: name, Status: 'ACTIVE', Options: [] };
  request.org.tracking.set(record.TrackingCategoryID, record);
  return ok(request.now, 'TrackingCategories', [renderTracking(record)]);
}

function putOption(request: ApiRequest): ApiResult {
  const category = find(request);
  if (!category) return notFound();
  const elements = elementsOf(request.body, 'Options');
  if (!elements || elements.length === 0) return postDataInvalid('the request body is not an element or a list of elements.');
  const created: Record<string, unknown>[] = [];
  for (const element of elements) {
    const name = typeof element['Name'] === 'string' ? element['Name'].trim() : '';
    if (name === '') return validationException([{ ...element, ValidationErrors: [{ Message: 'Please enter a Name.' }] }]);
    // TrackingOption.Name: maxLength 100 (reference/xero/xero_accounting.yaml, TrackingOption).
    if (name.length > 100) return validationException([{ ...element, ValidationErrors: [{ Message: 'Name must not be longer than 100 characters.' }] }]);
    if (category.Options.some((o) => o.Status !== 'DELETED' && o.Name.toLowerCase() === name.toLowerCase())) {
      return validationException([{ ...element, ValidationErrors: [{ Message: 'Please enter a unique Name.' }] }]);
    }
    const option = { TrackingOptionID: randomUUID(), Name: name, Status: 'ACTIVE' as const };
    category.Options.push(option);
    created.push({ ...option, TrackingCategoryID: category.TrackingCategoryID });
  }
  return ok(request.now, 'Options', created);
}

export const trackingRoutes: Route[] = [
  { method: 'GET', path: '/TrackingCategories', handler: getCategories },
  { method: 'GET', path: '/TrackingCategories/:id', handler: getCategory },
  { method: 'PUT', path: '/TrackingCategories', handler: putCategory },
  { method: 'PUT', path: '/TrackingCategories/:id/Options', handler: putOption },
];

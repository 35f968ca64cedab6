/** /Currencies: the organisation's enabled currencies; PUT subscribes to another. */
import { elementsOf, ok, postDataInvalid, validationException } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import { list } from '../list.js';
import { currencyDescription } from '../seed-accounts.js';
import type { Route } from './route.js';

function getCurrencies(request: ApiRequest): ApiResult {
  return list(request, request.org.currencies, {
    plural: 'Currencies',
    typeName: 'Currency',
    paged: false,
    fields: ['Code', 'Description'],
    view: (code) => ({ Code: code, Description: currencyDescription(code) }),
    updatedAt: () => Number.POSITIVE_INFINITY,
    render: (code) => ({ Code: code, Description: currencyDescription(code) }),
  });
}

function putCurrency(request: ApiRequest): ApiResult {
  const element = elementsOf(request.body, 'Currencies')?.[0];
  if (!element) return postDataInvalid('the request body is not an element or a list of elements.');
  const code = typeof element['Code'] === 'string' ? element['Code'].toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code) || Intl.supportedValuesOf('currency').indexOf(code) < 0) {
    return validationException([{ ...element, ValidationErrors: [{ Message: `The currency code ${code || '(empty)'} is not valid.` }] }]);
  }
  if (!request.org.isCurrencyEnabled(code)) request.org.currencies.push(code);
  return ok(request.now, 'Currencies', [{ Code: code, Description: currencyDescription(code) }]);
}

export const currencyRoutes: Route[] = [
  { method: 'GET', path: '/Currencies', handler: getCurrencies },
  { method: 'PUT', path: '/Currencies', handler: putCurrency },
];

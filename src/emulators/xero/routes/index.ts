import { accountRoutes } from './accounts.js';
import { allocationRoutes } from './allocations.js';
import { contactRoutes } from './contacts.js';
import { currencyRoutes } from './currencies.js';
import { documentRoutes } from './documents.js';
import { itemRoutes } from './items.js';
import { organisationRoutes } from './organisation.js';
import { paymentRoutes } from './payments.js';
import type { Route } from './route.js';
import { taxRateRoutes } from './tax-rates.js';
import { trackingRoutes } from './tracking.js';

export const apiRoutes: Route[] = [
  ...organisationRoutes,
  ...accountRoutes,
  ...taxRateRoutes,
  ...currencyRoutes,
  ...trackingRoutes,
  ...contactRoutes,
  ...itemRoutes,
  ...documentRoutes('invoice'),
  ...documentRoutes('creditNote'),
  ...allocationRoutes,
  ...paymentRoutes,
];

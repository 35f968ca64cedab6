import type { ApiHandler } from '../envelope.js';

/** One API operation under /api.xro/2.0. */
export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  handler: ApiHandler;
}

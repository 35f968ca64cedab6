/** Helpers for the emulator's own tests: an emulator, a connected token, and a terse way to call the API. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildXeroEmulator, xeroEmulatorOf } from './index.js';
import type { XeroEmulatorOptions } from './index.js';

export interface TestEmulator {
  app: FastifyInstance;
  tenantId: string;
  token: string;
  now: { value: number };
  call(
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse & { data: any }>;
}

export const START = Date.UTC(2025, 5, 1, 9, 0, 0);

export function testEmulator(options: XeroEmulatorOptions = {}, start = START): TestEmulator {
  const now = { value: start };
  const app = buildXeroEmulator({ clock: () => now.value, limits: { perMinute: 100_000, perDay: 1_000_000, concurrent: 50 }, appPerMinute: 1_000_000, ...options });
  const handles = xeroEmulatorOf(app);
  const token = handles.issueToken().access_token;
  const tenantId = handles.tenantIds()[0] ?? '';
  return {
    app,
    tenantId,
    token,
    now,
    async call(method, path, body, headers = {}) {
      const response = await app.inject({
        method,
        url: `/api.xro/2.0${path}`,
        headers: {
          authorization: `Bearer ${token}`,
          'xero-tenant-id': tenantId,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      let data: unknown = response.body;
      try {
        data = JSON.parse(response.body);
      } catch {
        // plain text answers (404) stay text
      }
      return Object.assign(response, { data });
    },
  };
}

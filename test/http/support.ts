import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import type { MagentoBrowser, MagentoRecordSummary, Reconciler, XeroConnect } from '../../src/http/ports.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import type { EntityType } from '../../src/domain/entity-types.js';
import type { EnqueueOptions, RecordSyncResult, ServiceStatus, SyncService } from '../../src/sync/service.js';

export const PASSWORD = 'correct horse battery staple';

/** A SyncService that records what the UI asked for and answers plausibly. */
export class FakeSync implements SyncService {
  calls: Array<{ method: string; args: unknown[] }> = [];
  status_: ServiceStatus = {
    magento: { configured: true, status: 'connected' },
    xero: [{ tenantId: 't-1', name: 'Demo Company (NZ)', status: 'connected', shortCode: '!abc12' }],
    queue: [],
    apiToday: [{ tenantId: 't-1', calls: 12, errors: 1, rateLimited: 0, dailyLimit: 5000 }],
    recentErrors: [],
    banners: [],
  };
  recordResult: RecordSyncResult = { status: 'success', xeroNumber: 'INV-100' };
  async enqueue(entity: EntityType | 'all', options?: EnqueueOptions) {
    this.calls.push({ method: 'enqueue', args: [entity, options] });
    return { queued: options?.ids?.length ?? 42 };
  }
  async syncNow(entryIds?: readonly number[]) {
    this.calls.push({ method: 'syncNow', args: [entryIds] });
    return { expedited: entryIds?.length ?? 7 };
  }
  async syncRecord(entity: EntityType, magentoId: string, storeId?: number) {
    this.calls.push({ method: 'syncRecord', args: [entity, magentoId, storeId] });
    return this.recordResult;
  }
  async syncAccounts() {
    this.calls.push({ method: 'syncAccounts', args: [] });
    return { created: ['200'], existing: ['090'] };
  }
  async status() {
    this.calls.push({ method: 'status', args: [] });
    return this.status_;
  }
  called(method: string) {
    return this.calls.filter((c) => c.method === method);
  }
}

export const HOSTILE = '<script>alert("x")</script>&<b>';

export function fakeMagento(records: Partial<Record<EntityType, MagentoRecordSummary[]>> = {}): MagentoBrowser & { queries: unknown[] } {
  const queries: unknown[] = [];
  return {
    queries,
    baseUrl: 'https://shop.example.test',
    async list(entity, query) {
      queries.push({ entity, ...query });
      let items = records[entity] ?? [];
      if (query.search) items = items.filter((i) => `${i.number} ${i.name} ${i.email ?? ''}`.includes(query.search!));
      return { items: items.slice((query.page - 1) * query.pageSize, query.page * query.pageSize), total: items.length };
    },
    async testConnection() {
      return { ok: true, storeName: 'Main Website', baseCurrency: 'NZD', timezone: 'Pacific/Auckland' };
    },
    async taxRates() {
      return [{ code: 'NZ GST', rate: 15, country: 'NZ' }];
    },
    async taxClasses() {
      return [
        { id: '2', name: 'Taxable Goods', type: 'PRODUCT' as const },
        { id: '3', name: 'Retail Customer', type: 'CUSTOMER' as const },
        { id: '5', name: 'Tax Exempt', type: 'CUSTOMER' as const },
      ];
    },
    async paymentMethods() {
      return [{ code: 'checkmo', title: 'Check / Money order' }, { code: 'stripe', title: 'Card <Stripe>' }];
    },
  };
}

export function fakeXero(): XeroConnect & { log: unknown[] } {
  const log: unknown[] = [];
  let startedBy: string | undefined;
  return {
    log,
    async start(redirectUri, session) {
      log.push({ start: redirectUri });
      startedBy = session;
      return { url: 'https://login.example.test/authorize?state=s1' };
    },
    async callback(query, redirectUri, session) {
      log.push({ callback: query, redirectUri });
      if (query['state'] !== 's1') throw new Error('state does not match');
      // As the real port does: the state belongs to the session that pressed Connect.
      if (session !== startedBy) throw new Error('This Xero sign-in was started in another browser session');
      return { tenants: [{ tenantId: 't-1', name: 'Demo Company (NZ)' }] };
    },
    async chooseTenant(tenantId) {
      log.push({ chooseTenant: tenantId });
    },
    async disconnect(tenantId) {
      log.push({ disconnect: tenantId });
    },
    async organisations() {
      return [{ tenantId: 't-1', name: 'Demo <Company>', shortCode: '!abc12', baseCurrency: 'NZD', countryCode: 'NZ', version: 'NZ', status: 'connected' }];
    },
    async accounts() {
      return [
        { code: '090', name: 'Business Bank Account', type: 'BANK' },
        { code: '200', name: 'Sales', type: 'REVENUE' },
      ];
    },
    async taxRates() {
      return [
        { taxType: 'OUTPUT2', name: 'GST on Income', effectiveRate: 15, canApplyToRevenue: true, reportTaxType: 'OUTPUT' },
        { taxType: 'ZERORATED', name: 'Zero Rated', effectiveRate: 0, canApplyToRevenue: true, reportTaxType: 'OUTPUT' },
        { taxType: 'NONE', name: 'No GST', effectiveRate: 0, canApplyToRevenue: true, reportTaxType: 'NONE' },
      ];
    },
  };
}

export function fakeReconciler(): Reconciler & { ranges: unknown[] } {
  const ranges: unknown[] = [];
  return {
    ranges,
    async reconcile(range) {
      ranges.push(range);
      return {
        days: [
          { day: range.to, currency: 'NZD', magentoTotal: '1150.00', xeroTotal: '1150.00', magentoCount: 10, xeroCount: 10 },
          { day: range.to, currency: 'EUR', magentoTotal: '99.99', xeroTotal: '99.98', magentoCount: 1, xeroCount: 1 },
        ],
        issues: [
          { day: range.to, entity: 'order', magentoId: '101', number: HOSTILE, problem: 'total-differs', magentoTotal: '99.99', xeroTotal: '99.98', currency: 'EUR' },
          { day: range.to, entity: 'creditmemo', magentoId: '7', number: '000000007', problem: 'missing-in-xero', magentoTotal: '10.00', currency: 'NZD' },
        ],
      };
    },
  };
}

export interface Harness {
  app: FastifyInstance;
  storage: Storage;
  sync: FakeSync;
  close(): Promise<void>;
}

export async function harness(overrides: Partial<AppOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'mx-http-'));
  const storage = await openStorage(`sqlite:${join(dir, 'test.db')}`);
  const sync = new FakeSync();
  const app = await buildApp({
    storage,
    sync,
    config: { publicUrl: 'http://localhost:3000', adminPassword: PASSWORD },
    ...overrides,
  });
  return {
    app,
    storage,
    sync,
    async close() {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser in miniature: keeps cookies between injected requests and knows the CSRF token of the last page. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>;
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({ ...options, headers });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="csrf-token" content="([^"]*)"/.exec(res.body) ?? /name="_csrf" value="([^"]*)"/.exec(res.body);
    if (token?.[1]) this.csrf = token[1];
    return res;
  }

  get(url: string, accept = 'text/html') {
    return this.request({ method: 'GET', url, headers: { accept } });
  }

  /** Posts a form as a browser would, with the page's CSRF token unless told otherwise. */
  form(url: string, fields: Record<string, string | string[]>, withToken = true) {
    const params = new URLSearchParams();
    if (withToken) params.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one);
    return this.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: params.toString(),
    });
  }

  json(method: 'POST' | 'PUT', url: string, body: unknown, withToken = true) {
    return this.request({
      method,
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(withToken ? { 'x-csrf-token': this.csrf } : {}) },
      payload: JSON.stringify(body),
    });
  }

  async login(password = PASSWORD) {
    await this.get('/login');
    return this.form('/login', { password });
  }
}

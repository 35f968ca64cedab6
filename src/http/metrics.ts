import { Gauge, Registry } from 'prom-client';
import { utcDay } from '../storage/api-usage-repository.js';
import type { Storage } from '../storage/storage.js';
import type { Clock } from '../domain/clock.js';

/**
 * Prometheus metrics read from the database at scrape time, so every process reports the same numbers whichever one is
 * scraped. One registry per app instance: two apps in one process (tests) never share or clash.
 */
export function createMetrics(storage: Storage, clock: Clock, dailyLimit: (tenantId: string) => number): Registry {
  const registry = new Registry();
  const usageToday = async () => {
    const today = utcDay(clock.now());
    return (await storage.apiUsage.days(today)).filter((r) => r.day === today);
  };

  new Gauge({
    name: 'magento_xero_queue_entries',
    help: 'Sync queue entries by entity type and state',
    labelNames: ['entity', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await storage.queue.counts()) this.set({ entity: row.entity_type, state: row.state }, row.n);
    },
  });
  const perTenant = (name: string, help: string, value: (r: { tenant_id: string; calls: number; errors: number; rate_limited: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['tenant'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await usageToday()) this.set({ tenant: row.tenant_id }, value(row));
      },
    });
  perTenant('magento_xero_xero_api_calls_today', 'Xero API calls today (UTC day) per organisation', (r) => Number(r.calls));
  perTenant('magento_xero_xero_api_errors_today', 'Xero API calls that failed today per organisation', (r) => Number(r.errors));
  perTenant('magento_xero_xero_api_rate_limited_today', 'Xero API calls answered 429 today per organisation', (r) => Number(r.rate_limited));
  perTenant('magento_xero_xero_daily_budget_remaining', 'Xero API calls left in today\'s daily limit per organisation', (r) =>
    Math.max(0, dailyLimit(r.tenant_id) - Number(r.calls)),
  );
  return registry;
}

import type { XeroConnections } from '../connections/xero-connections.js';
import type { XeroConnect } from '../http/ports.js';
import type { Runtime } from './runtime.js';

/** The Configuration page's Xero section, over the connection service and the default organisation's API. */
export function xeroConnect(runtime: Runtime, connections: XeroConnections): XeroConnect {
  return {
    start: (redirectUri, session) => connections.start(redirectUri, session),
    async callback(query, redirectUri, session) {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      const orgs = await connections.callback(url.href, session);
      return { tenants: orgs.map((o) => ({ tenantId: o.tenantId, name: o.name })) };
    },
    chooseTenant: (tenantId) => connections.chooseDefault(tenantId),
    disconnect: () => connections.disconnect(),
    async organisations() {
      return (await connections.organisations()).map((o) => ({
        tenantId: o.tenantId,
        name: o.name,
        status: o.status,
        ...(o.isDefault ? { isDefault: true } : {}),
        ...(o.shortCode ? { shortCode: o.shortCode } : {}),
        ...(o.baseCurrency ? { baseCurrency: o.baseCurrency } : {}),
        ...(o.countryCode ? { countryCode: o.countryCode } : {}),
        ...(o.version ? { version: o.version } : {}),
        lockDates: {
          ...(o.periodLockDate ? { periodLockDate: o.periodLockDate } : {}),
          ...(o.endOfYearLockDate ? { endOfYearLockDate: o.endOfYearLockDate } : {}),
        },
      }));
    },
    async accounts() {
      const accounts = await runtime.xero(await runtime.defaultTenant()).getAccounts();
      return accounts.map((a) => ({
        code: a.Code ?? '',
        name: a.Name ?? '',
        type: a.Type ?? '',
        ...(a.Status ? { status: a.Status } : {}),
      }));
    },
    async taxRates() {
      const rates = await runtime.xero(await runtime.defaultTenant()).getTaxRates();
      return rates.map((r) => ({
        taxType: r.TaxType ?? '',
        name: r.Name ?? '',
        effectiveRate: Number(r.EffectiveRate ?? r.DisplayTaxRate ?? 0),
        canApplyToRevenue: r.CanApplyToRevenue ?? false,
        ...(r.Status ? { status: r.Status } : {}),
        ...(r.ReportTaxType ? { reportTaxType: r.ReportTaxType } : {}),
      }));
    },
  };
}

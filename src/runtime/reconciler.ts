import { Reconciler } from '../reconcile/reconciler.js';
import type { Runtime } from './runtime.js';

/** The reconciliation wired to a runtime's storage, settings, Xero clients and Magento reader. */
export function reconcilerFor(runtime: Runtime): Reconciler {
  return new Reconciler({
    storage: runtime.storage,
    clock: runtime.clock,
    settings: () => runtime.context.settings(),
    tenantFor: (storeId) => runtime.context.tenantFor(storeId),
    xero: (tenantId) => runtime.xero(tenantId),
    magento: runtime.records,
    link: runtime.context.link,
  });
}

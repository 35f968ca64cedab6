import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MagentoEmulator } from '../emulators/magento/index.js';

const KINDS = ['storeViews', 'websites', 'storeConfigs', 'taxRates', 'customers', 'products', 'orders', 'invoices', 'creditmemos'] as const;

/** The sandbox store outlives a restart too: its records (with the activity since) are saved on stop and loaded on start. */
export class MagentoSnapshots {
  constructor(private readonly file: string) {}

  exists(): boolean {
    return existsSync(this.file);
  }

  restore(app: MagentoEmulator): void {
    if (!this.exists()) return;
    const snapshot = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Record<(typeof KINDS)[number], Array<Record<string, unknown>>>>;
    const store = app.magento.context.store;
    for (const kind of KINDS) for (const record of snapshot[kind] ?? []) store.put(kind, record);
  }

  save(app: MagentoEmulator): void {
    const store = app.magento.context.store;
    const snapshot = Object.fromEntries(KINDS.map((kind) => [kind, store.collection(kind).all()]));
    writeFileSync(this.file, JSON.stringify(snapshot));
  }
}

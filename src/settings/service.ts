import type { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  describeIssues,
  isSettingsKey,
  SETTINGS_KEYS,
  SETTINGS_SCHEMAS,
  type AllSettings,
  type SettingsKey,
  storesRecordSchema,
} from './schemas.js';

/**
 * Where settings documents are kept: one JSON document per key. Storage implements it; the settings module needs nothing
 * else from it, so it sits below the engine, the web layer and the command line alike.
 */
export interface SettingsDocuments {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, now?: number): Promise<void>;
}

export type SettingResult<T = unknown> = { ok: true; value: T } | { ok: false; errors: string[] };

/** How a change is made: `newDocumentsOnly` lets a store's routing change after documents were posted (see stores). */
export interface SaveOptions {
  newDocumentsOnly?: boolean;
}

/**
 * A check a value must pass beyond its schema, against what lives outside the settings (Xero's tracking categories, the
 * documents already posted). Given the value that passed its schema and the settings as they are; returns the problems,
 * each naming the record and the field, in the words every surface shows. The composition root supplies them, so the
 * Configuration page, the admin API and the command line refuse the same values with the same messages.
 */
export type SettingsCheck = (key: SettingsKey, value: unknown, current: AllSettings, options: SaveOptions) => Promise<string[]>;

/** Checks one section against its schema: the messages the Configuration page, the API and the CLI all show. */
export function validateSetting<K extends SettingsKey>(key: K, value: unknown): SettingResult<z.infer<(typeof SETTINGS_SCHEMAS)[K]>> {
  const parsed = SETTINGS_SCHEMAS[key].safeParse(value);
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error) };
  return { ok: true, value: parsed.data as z.infer<(typeof SETTINGS_SCHEMAS)[K]> };
}

/** Reads every settings document, falling back to the defaults for a missing or no longer valid one. */
export async function readSettings(docs: SettingsDocuments): Promise<AllSettings> {
  const read = async <K extends SettingsKey>(key: K) => {
    const stored = await docs.get(key);
    if (stored === undefined) return undefined;
    const parsed = SETTINGS_SCHEMAS[key].safeParse(stored);
    return parsed.success ? (parsed.data as z.infer<(typeof SETTINGS_SCHEMAS)[K]>) : undefined;
  };
  return {
    accounts: await read('accounts'),
    sync: (await read('sync')) ?? DEFAULT_SETTINGS.sync,
    posting: (await read('posting')) ?? DEFAULT_SETTINGS.posting,
    taxMapping: (await read('taxMapping')) ?? DEFAULT_SETTINGS.taxMapping,
    paymentMapping: (await read('paymentMapping')) ?? DEFAULT_SETTINGS.paymentMapping,
    reconciliation: (await read('reconciliation')) ?? DEFAULT_SETTINGS.reconciliation,
    summary: (await read('summary')) ?? DEFAULT_SETTINGS.summary,
    paymentImport: (await read('paymentImport')) ?? DEFAULT_SETTINGS.paymentImport,
    totals: (await read('totals')) ?? DEFAULT_SETTINGS.totals,
    // Read as kept, not as set: stores refreshed from Magento are saved without the check across stores.
    stores: storesRecordSchema.safeParse((await docs.get('stores')) ?? {}).data ?? DEFAULT_SETTINGS.stores,
  };
}

/** The file `settings export` writes and `settings import` reads. */
export interface SettingsExport {
  format: 'magento-xero-settings';
  version: 1;
  settings: Partial<Record<SettingsKey, unknown>>;
}

/**
 * The one way to read and change the merchant's settings: the Configuration page, the admin API and the command line go
 * through it, so a value is checked by the same schema and refused with the same message wherever it is typed.
 */
export class SettingsService {
  constructor(
    private readonly docs: SettingsDocuments,
    private readonly now: () => number = Date.now,
    private readonly checks: readonly SettingsCheck[] = [],
  ) {}

  private async problems(key: SettingsKey, value: unknown, current: AllSettings, options: SaveOptions): Promise<string[]> {
    const out: string[] = [];
    for (const check of this.checks) out.push(...(await check(key, value, current, options)));
    return out;
  }

  read(): Promise<AllSettings> {
    return readSettings(this.docs);
  }

  async get<K extends SettingsKey>(key: K): Promise<AllSettings[K]> {
    return (await this.read())[key];
  }

  async set<K extends SettingsKey>(key: K, value: unknown, options: SaveOptions = {}): Promise<SettingResult<z.infer<(typeof SETTINGS_SCHEMAS)[K]>>> {
    const result = validateSetting(key, value);
    if (!result.ok) return result;
    const problems = await this.problems(key, result.value, await this.read(), options);
    if (problems.length > 0) return { ok: false, errors: problems };
    await this.docs.set(key, result.value, this.now());
    return result;
  }

  async export(): Promise<SettingsExport> {
    const all = await this.read();
    const settings: Partial<Record<SettingsKey, unknown>> = {};
    for (const key of SETTINGS_KEYS) if (all[key] !== undefined) settings[key] = all[key];
    return { format: 'magento-xero-settings', version: 1, settings };
  }

  /** All or nothing: every section is checked before any is written; each message names its section. */
  async import(document: unknown, options: SaveOptions = {}): Promise<SettingResult<SettingsKey[]>> {
    const settings = isExport(document) ? document.settings : undefined;
    if (!settings) return { ok: false, errors: ['Not a settings export: expected {"format":"magento-xero-settings","version":1,"settings":{...}}'] };
    const errors: string[] = [];
    const valid: Array<[SettingsKey, unknown]> = [];
    for (const [key, value] of Object.entries(settings)) {
      if (!isSettingsKey(key)) {
        errors.push(`${key}: unknown settings section; the sections are ${SETTINGS_KEYS.join(', ')}`);
        continue;
      }
      const result = validateSetting(key, value);
      if (result.ok) valid.push([key, result.value]);
      else errors.push(...result.errors.map((e) => `${key}.${e}`));
    }
    if (errors.length > 0) return { ok: false, errors };
    const current = await this.read();
    for (const [key, value] of valid) errors.push(...(await this.problems(key, value, current, options)).map((e) => `${key}.${e}`));
    if (errors.length > 0) return { ok: false, errors };
    for (const [key, value] of valid) await this.docs.set(key, value, this.now());
    return { ok: true, value: valid.map(([key]) => key) };
  }
}

function isExport(value: unknown): value is SettingsExport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SettingsExport>;
  return v.format === 'magento-xero-settings' && v.version === 1 && typeof v.settings === 'object' && v.settings !== null;
}

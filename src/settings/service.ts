import type { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  describeIssues,
  isSettingsKey,
  SECRET_FIELDS,
  SECRET_MASK,
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

/**
 * Where the secret fields of the settings (SECRET_FIELDS: the alert webhook's secret, the SMTP password) are kept: sealed
 * with SECRET_KEY beside the other stored credentials, never in a settings document. The composition root supplies it.
 */
export interface SettingsSecrets {
  has(name: string): Promise<boolean>;
  /** Keeps a value (sealed), or forgets it (null). */
  put(name: string, value: string | null): Promise<void>;
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
    alerts: (await read('alerts')) ?? DEFAULT_SETTINGS.alerts,
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
    private readonly secrets?: SettingsSecrets,
  ) {}

  /**
   * Takes the secret fields out of a section before it is stored: a new value goes to the secret store, an empty one
   * forgets the stored secret, the mask (or nothing) keeps it. Returns the document to store, or the problem.
   */
  private async keepSecrets(key: SettingsKey, value: unknown): Promise<{ ok: true; value: unknown } | { ok: false; errors: string[] }> {
    const fields = SECRET_FIELDS.filter((f) => f.section === key);
    if (fields.length === 0) return { ok: true, value };
    const changes: Array<[string, string | null]> = [];
    let doc = value;
    for (const f of fields) {
      const given = getPath(doc, f.path);
      doc = withoutPath(doc, f.path);
      if (given === undefined || given === SECRET_MASK) continue;
      if (typeof given !== 'string') continue;
      changes.push([f.name, given === '' ? null : given]);
    }
    if (changes.length > 0 && !this.secrets) {
      return { ok: false, errors: changes.map(([name]) => `${name.slice(key.length + 1)}: secrets cannot be stored by this process (no SECRET_KEY)`) };
    }
    for (const [name, plain] of changes) await this.secrets!.put(name, plain);
    return { ok: true, value: doc };
  }

  /** The section as shown: secrets that are kept appear as the mask, never in clear. */
  private async masked<T>(key: SettingsKey, value: T): Promise<T> {
    let out: unknown = value;
    for (const f of SECRET_FIELDS.filter((x) => x.section === key)) {
      out = withoutPath(out, f.path);
      if (this.secrets && (await this.secrets.has(f.name))) out = withPath(out, f.path, SECRET_MASK);
    }
    return out as T;
  }

  private async problems(key: SettingsKey, value: unknown, current: AllSettings, options: SaveOptions): Promise<string[]> {
    const out: string[] = [];
    for (const check of this.checks) out.push(...(await check(key, value, current, options)));
    return out;
  }

  /** Every section, secrets shown as the mask when one is kept. */
  async read(): Promise<AllSettings> {
    const all = await readSettings(this.docs);
    return { ...all, alerts: await this.masked('alerts', all.alerts) };
  }

  async get<K extends SettingsKey>(key: K): Promise<AllSettings[K]> {
    return (await this.read())[key];
  }

  async set<K extends SettingsKey>(key: K, value: unknown, options: SaveOptions = {}): Promise<SettingResult<z.infer<(typeof SETTINGS_SCHEMAS)[K]>>> {
    const result = validateSetting(key, value);
    if (!result.ok) return result;
    const problems = await this.problems(key, result.value, await this.read(), options);
    if (problems.length > 0) return { ok: false, errors: problems };
    const kept = await this.keepSecrets(key, result.value);
    if (!kept.ok) return kept;
    await this.docs.set(key, kept.value, this.now());
    return { ok: true, value: await this.masked(key, result.value) };
  }

  async export(): Promise<SettingsExport> {
    const all = await this.read();
    const settings: Partial<Record<SettingsKey, unknown>> = {};
    // Secrets are never exported: set them again where the file is imported.
    for (const key of SETTINGS_KEYS) {
      let value: unknown = all[key];
      for (const f of SECRET_FIELDS.filter((x) => x.section === key)) value = withoutPath(value, f.path);
      if (value !== undefined) settings[key] = value;
    }
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
    const stored: Array<[SettingsKey, unknown]> = [];
    for (const [key, value] of valid) {
      const kept = await this.keepSecrets(key, value);
      if (!kept.ok) errors.push(...kept.errors.map((e) => `${key}.${e}`));
      else stored.push([key, kept.value]);
    }
    if (errors.length > 0) return { ok: false, errors };
    for (const [key, value] of stored) await this.docs.set(key, value, this.now());
    return { ok: true, value: valid.map(([key]) => key) };
  }
}

function isExport(value: unknown): value is SettingsExport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SettingsExport>;
  return v.format === 'magento-xero-settings' && v.version === 1 && typeof v.settings === 'object' && v.settings !== null;
}

/** The value at a path of field names inside a settings section (`['webhook', 'url']`), or undefined. */
export function getPath(value: unknown, path: readonly string[]): unknown {
  let at: unknown = value;
  for (const p of path) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[p] : undefined;
  return at;
}

/** A copy of a section with `leaf` at the path (objects on the way made as needed). */
export function withPath(value: unknown, path: readonly string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const base = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  base[path[0]!] = withPath(base[path[0]!], path.slice(1), leaf);
  return base;
}

function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const base = { ...(value as Record<string, unknown>) };
  if (path.length === 1) delete base[path[0]!];
  else if (base[path[0]!] !== undefined) base[path[0]!] = withoutPath(base[path[0]!], path.slice(1));
  return base;
}

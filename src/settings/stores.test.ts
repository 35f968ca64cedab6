import { describe, expect, it } from 'vitest';
import { validateSetting, SettingsService, type SettingsCheck, type SettingsDocuments } from './service.js';
import type { Stores } from './schemas.js';

const store = (code: string, extra: Record<string, unknown> = {}) => ({ code, name: code.toUpperCase(), timezone: 'UTC', baseCurrency: 'USD', ...extra });

function memoryDocs(): SettingsDocuments & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: async (k) => data.get(k), set: async (k, v) => void data.set(k, v) };
}

describe('the stores setting', () => {
  it('accepts stores that share an organisation with their own contact-number scopes (the default M<id>-)', () => {
    const r = validateSetting('stores', { '1': store('default'), '2': store('fr') });
    expect(r.ok).toBe(true);
  });

  it('refuses two stores of one organisation with the same prefixes and the same contact-number scope, naming both and the field', () => {
    const r = validateSetting('stores', {
      '1': store('default', { tenantId: 't-1', contactPrefix: 'WEB-', invoicePrefix: 'A-' }),
      '2': store('fr', { tenantId: 't-1', contactPrefix: 'WEB-', invoicePrefix: 'A-' }),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toBe(
      '2.invoicePrefix: store 2 "FR" and store 1 "DEFAULT" both post to organisation t-1 with the invoice prefix "A-" and the contact-number scope "WEB-": give store 2 "FR" its own invoice prefix or contact-number scope',
    );
    expect(r.errors[1]).toMatch(/^2\.creditNotePrefix: .*credit-note prefix ""/);
  });

  it('lets the same scope and prefixes live in two organisations, or beside a store that is not synced', () => {
    const same = { contactPrefix: 'WEB-', invoicePrefix: 'A-' };
    expect(validateSetting('stores', { '1': store('a', { tenantId: 't-1', ...same }), '2': store('b', { tenantId: 't-2', ...same }) }).ok).toBe(true);
    expect(validateSetting('stores', { '1': store('a', { tenantId: 't-1', ...same }), '2': store('b', { tenantId: null, ...same }) }).ok).toBe(true);
    // Distinct invoice and credit-note prefixes are enough even with one scope.
    expect(
      validateSetting('stores', {
        '1': store('a', { tenantId: 't-1', contactPrefix: 'W-', invoicePrefix: 'A-', creditNotePrefix: 'CA-' }),
        '2': store('b', { tenantId: 't-1', contactPrefix: 'W-', invoicePrefix: 'B-', creditNotePrefix: 'CB-' }),
      }).ok,
    ).toBe(true);
  });

  it('names the store and the field of a bad prefix, scope or tracking choice', () => {
    const r = validateSetting('stores', {
      '3': store('de', { invoicePrefix: 'WAY-TOO-LONG-PREFIX', contactPrefix: 'a b', tracking: { name: 'Store', option: '' } }),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      "3.invoicePrefix: A prefix has at most 10 characters, so that prefix and number fit Xero's 255",
      '3.contactPrefix: A contact-number scope uses letters, digits, dot, dash, slash or underscore',
      '3.tracking.option: Name the tracking option',
    ]);
  });
});

describe('SettingsService with checks', () => {
  const refuseTracking: SettingsCheck = async (key, value) =>
    key === 'stores' && Object.values(value as Stores).some((s) => s.tracking?.name === 'Full') ? ['1.tracking.name: full'] : [];

  it('runs the checks after the schema, and saves nothing when one refuses', async () => {
    const docs = memoryDocs();
    const service = new SettingsService(docs, () => 1, [refuseTracking]);
    const bad = await service.set('stores', { '1': store('a', { tracking: { name: 'Full', option: 'x' } }) });
    expect(bad).toEqual({ ok: false, errors: ['1.tracking.name: full'] });
    expect(docs.data.has('stores')).toBe(false);
    expect((await service.set('stores', { '1': store('a', { tracking: { name: 'Store', option: 'x' } }) })).ok).toBe(true);
    expect((await service.get('stores'))['1']?.tracking).toEqual({ name: 'Store', option: 'x' });
  });

  it('export then import round-trips, and an import with a bad store is refused whole with the section named', async () => {
    const docs = memoryDocs();
    const service = new SettingsService(docs, () => 1, [refuseTracking]);
    await service.set('posting', { ...(await service.get('posting')), invoicePrefix: 'WEB-' });
    await service.set('stores', { '1': store('a', { tenantId: 't-1', invoicePrefix: 'A-' }), '2': store('b', { tenantId: null }) });
    const exported = await service.export();
    const other = new SettingsService(memoryDocs(), () => 1, [refuseTracking]);
    expect(await other.import(JSON.parse(JSON.stringify(exported)))).toMatchObject({ ok: true });
    expect(await other.export()).toEqual(exported);

    const broken = structuredClone(exported) as { settings: { stores: Stores; posting: { invoicePrefix: string } } };
    broken.settings.posting.invoicePrefix = 'NEW-';
    broken.settings.stores['1']!.tracking = { name: 'Full', option: 'x' };
    const refused = await other.import(broken);
    expect(refused).toEqual({ ok: false, errors: ['stores.1.tracking.name: full'] });
    expect((await other.get('posting')).invoicePrefix).toBe('WEB-');
  });
});

// The mapping's settings built from what the merchant set on the Configuration page: here, the shared guest contact's
// name, which the page offered (Configuration → Shared guest contact name) but the mapping once never read.
import { describe, expect, it } from 'vitest';
import { guestToContact } from '../mapping/guest-contact.js';
import { adobeCreditMemoOrder } from '../mapping/test-support.js';
import { DEFAULT_SETTINGS } from '../settings/schemas.js';
import type { Storage } from '../storage/storage.js';
import { loadMappingSettings } from './settings-loader.js';

/** A storage holding only settings documents (no Xero connection: stores keep their own base currency). */
function storageWith(docs: Record<string, unknown>): Storage {
  return { settings: { get: async (key: string) => docs[key] }, connections: { get: async () => undefined } } as unknown as Storage;
}

const store1 = { '1': { code: 'default', name: 'Default Store View', timezone: 'UTC', baseCurrency: 'USD' } };

describe('loadMappingSettings', () => {
  it('passes the shared guest contact name on to the mapping', async () => {
    const posting = { ...DEFAULT_SETTINGS.posting, guestStrategy: 'generic_per_store', guestContactName: 'Web shop guests' };
    const settings = await loadMappingSettings(storageWith({ posting, stores: store1 }), async () => undefined);
    expect(settings.guestContactName).toBe('Web shop guests');
    expect(guestToContact(adobeCreditMemoOrder(), settings)).toEqual({ ContactNumber: 'M1-GUESTS', Name: 'Web shop guests (default)', IsCustomer: true });
  });

  it('an empty name is the default, "Guest customers"', async () => {
    const posting = { ...DEFAULT_SETTINGS.posting, guestContactName: '' };
    expect((await loadMappingSettings(storageWith({ posting }), async () => undefined)).guestContactName).toBe('Guest customers');
  });
});

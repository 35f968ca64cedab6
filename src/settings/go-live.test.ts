import { describe, expect, it } from 'vitest';
import { confirmGoLive, goLiveProblems, isLive, mayCreateTaxRate, pauseGoLive, readGoLive } from './go-live.js';
import type { SettingsDocuments } from './service.js';

const memory = (): SettingsDocuments => {
  const docs = new Map<string, unknown>();
  return { get: async (k) => docs.get(k), set: async (k, v) => void docs.set(k, v) };
};

describe('the go-live gate', () => {
  it('names each missing account setting and where to set it', () => {
    expect(goLiveProblems({ accounts: undefined })).toEqual([
      'accounts.bank: choose the bank account payments go to (Configuration → Accounts)',
      'accounts.sales: choose the sales account order lines go to (Configuration → Accounts)',
    ]);
    expect(goLiveProblems({ accounts: { bank: '090', sales: '200' } as never })).toEqual([]);
  });

  it('is closed until confirmed, per organisation, and keeps the first start and every allowed rate', async () => {
    const docs = memory();
    expect(await isLive(docs, 'uk')).toBe(false);
    await confirmGoLive(docs, 'uk', { taxRatesToCreate: ['GB-VAT-20'] }, 1000);
    await confirmGoLive(docs, 'uk', { taxRatesToCreate: ['GB-VAT-5'] }, 2000);
    expect(await isLive(docs, 'uk')).toBe(true);
    expect(await isLive(docs, 'us')).toBe(false);
    expect((await readGoLive(docs))['uk']).toEqual({ at: 1000, taxRatesToCreate: ['GB-VAT-20', 'GB-VAT-5'] });
    expect(await mayCreateTaxRate(docs, 'uk', ['GB-VAT-20'])).toBe(true);
    expect(await mayCreateTaxRate(docs, 'uk', ['GB-VAT-20', 'US-CA-*-Rate 1'])).toBe(false);
    expect(await mayCreateTaxRate(docs, 'uk', [])).toBe(false);
    expect(await mayCreateTaxRate(docs, 'us', ['GB-VAT-20'])).toBe(false);
    await pauseGoLive(docs, 'uk', 3000);
    expect(await isLive(docs, 'uk')).toBe(false);
  });
});

import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resealSecrets } from '../../src/connections/reseal.js';
import { XeroTokenStore } from '../../src/connections/xero-token-store.js';
import { createSecretBox } from '../../src/security/secrets.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { systemClock } from '../../src/domain/clock.js';
import { testDatabases } from '../support/databases.js';

const OLD_KEY = 'o'.repeat(32);
const NEW_KEY = 'n'.repeat(32);
const tokens = { accessToken: 'at-secret', refreshToken: 'rt-secret', expiresAt: Date.now() + 3_600_000 };
const noRenew = async () => {
  throw new Error('no refresh expected');
};

/** A value as the release before row binding wrote it (v1, no associated data). */
function sealV1(secret: string, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'magento-xero', 'credentials at rest v1', 32));
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

describe.each(testDatabases())('re-sealing stored credentials on $name', (target) => {
  let storage: Storage;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const db = await target.create();
    drop = db.drop;
    storage = await openStorage(db.url);
  });
  afterEach(async () => {
    await storage.close();
    await drop();
  });

  const store = (box: ReturnType<typeof createSecretBox>) => new XeroTokenStore({ storage, box, clock: systemClock, renew: noRenew });

  it('after a key rotation, one re-seal lets SECRET_KEY_PREVIOUS go: the new key alone opens everything', async () => {
    await store(createSecretBox(OLD_KEY)).save(tokens);
    // Without the re-seal, dropping the old key locks Xero out until someone connects again.
    await expect(store(createSecretBox(NEW_KEY)).tokens()).rejects.toThrow(/different SECRET_KEY/);

    const rotating = createSecretBox(NEW_KEY, [OLD_KEY]);
    const first = await resealSecrets(storage, rotating);
    expect(first).toEqual({ resealed: ['xero'], current: 0, unreadable: [] });
    const again = await resealSecrets(storage, rotating);
    expect(again).toEqual({ resealed: [], current: 1, unreadable: [] });

    expect(await store(createSecretBox(NEW_KEY)).tokens()).toEqual(tokens);
    // Re-sealing is not a token rotation: a refresh that read the row before still commits against its version.
    expect((await storage.connections.get('xero'))?.version).toBe(0);
  });

  it('binds a value of the previous format to its row', async () => {
    await store(createSecretBox(NEW_KEY)).save(tokens);
    await storage.connections.replaceSecret('xero', (await storage.connections.get('xero'))!.secret!, sealV1(NEW_KEY, JSON.stringify(tokens)));
    const box = createSecretBox(NEW_KEY);
    expect(await resealSecrets(storage, box)).toMatchObject({ resealed: ['xero'] });
    const row = await storage.connections.get('xero');
    expect(row?.secret).toMatch(/^v2\./);
    expect(await store(box).tokens()).toEqual(tokens);
    // Bound: the same ciphertext in another row does not open.
    expect(() => box.open(row!.secret!, 'connections/magento/secret')).toThrow(/integrity/);
  });

  it('reports a value no configured key opens, and leaves it as it is', async () => {
    await store(createSecretBox(OLD_KEY)).save(tokens);
    const before = (await storage.connections.get('xero'))!.secret;
    const report = await resealSecrets(storage, createSecretBox(NEW_KEY));
    expect(report.resealed).toEqual([]);
    expect(report.unreadable).toEqual([{ id: 'xero', problem: expect.stringMatching(/SECRET_KEY_PREVIOUS/) }]);
    expect((await storage.connections.get('xero'))!.secret).toBe(before);
  });

  it('never overwrites a value written since it was read (a token refresh wins)', async () => {
    await store(createSecretBox(OLD_KEY)).save(tokens);
    const read = (await storage.connections.get('xero'))!.secret!;
    await store(createSecretBox(NEW_KEY, [OLD_KEY])).save({ ...tokens, accessToken: 'at-refreshed' });
    expect(await storage.connections.replaceSecret('xero', read, 'stale')).toBe(false);
    expect((await store(createSecretBox(NEW_KEY)).tokens())?.accessToken).toBe('at-refreshed');
  });
});

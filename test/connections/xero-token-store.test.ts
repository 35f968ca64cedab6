import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReconnectNeededError, isReconnectNeeded, type XeroTokens } from '../../src/connections/xero-grant.js';
import { XeroTokenStore } from '../../src/connections/xero-token-store.js';
import { createSecretBox } from '../../src/security/secrets.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { systemClock } from '../../src/domain/clock.js';
import { testDatabases } from '../support/databases.js';

/** A strict stand-in for Xero's token endpoint: each refresh token works once (no grace), so a double spend fails. */
function fakeXero() {
  let valid = 'rt-0';
  let n = 0;
  const spent: string[] = [];
  return {
    spent,
    revoke: () => (valid = 'revoked'),
    async renew(current: XeroTokens): Promise<XeroTokens> {
      await new Promise((r) => setTimeout(r, 20));
      if (current.refreshToken !== valid) throw new ReconnectNeededError();
      spent.push(current.refreshToken);
      n++;
      valid = `rt-${n}`;
      return { accessToken: `at-${n}`, refreshToken: valid, expiresAt: Date.now() + 30 * 60_000 };
    },
  };
}

describe.each(testDatabases())('Xero token store on $name', (target) => {
  let a: Storage;
  let b: Storage;
  let drop: () => Promise<void>;
  const box = createSecretBox('k'.repeat(32));

  beforeEach(async () => {
    const db = await target.create();
    drop = db.drop;
    a = await openStorage(db.url);
    b = await openStorage(db.url); // a second process on the same database
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await drop();
  });

  it('two processes refreshing at once spend the refresh token once and share the result', async () => {
    const xero = fakeXero();
    const storeA = new XeroTokenStore({ storage: a, box, clock: systemClock, renew: (t) => xero.renew(t) });
    const storeB = new XeroTokenStore({ storage: b, box, clock: systemClock, renew: (t) => xero.renew(t) });
    await storeA.save({ accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1000 });

    const [tokenA, tokenB] = await Promise.all([storeA.accessToken('t1'), storeB.accessToken('t1')]);
    expect(xero.spent).toEqual(['rt-0']);
    expect(tokenA).toBe('at-1');
    expect(tokenB).toBe('at-1');
    expect((await storeB.tokens())?.refreshToken).toBe('rt-1');
    // The stored tokens are sealed, never clear text.
    const row = await a.connections.get('xero');
    expect(row?.secret).not.toContain('rt-1');
  });

  it('a refused refresh marks the connection "reconnect needed" and keeps failing clearly until reconnected', async () => {
    const xero = fakeXero();
    const store = new XeroTokenStore({ storage: a, box, clock: systemClock, renew: (t) => xero.renew(t) });
    await store.save({ accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() - 1000 });
    xero.revoke();
    await expect(store.accessToken('t1')).rejects.toSatisfy(isReconnectNeeded);
    expect((await a.connections.get('xero'))?.status).toBe('reconnect_needed');
    await expect(store.accessToken('t1')).rejects.toThrow(/connected again/);
    await store.save({ accessToken: 'at-new', refreshToken: 'rt-x', expiresAt: Date.now() + 60 * 60_000 });
    expect(await store.accessToken('t1')).toBe('at-new');
  });

  it('refreshes once on demand after a 401, even before expiry', async () => {
    const xero = fakeXero();
    const store = new XeroTokenStore({ storage: a, box, clock: systemClock, renew: (t) => xero.renew(t) });
    await store.save({ accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: Date.now() + 60 * 60_000 });
    expect(await store.accessToken()).toBe('at-0');
    await store.invalidate();
    expect(await store.accessToken()).toBe('at-1');
  });
});

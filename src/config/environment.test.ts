import { describe, expect, it } from 'vitest';
import { toConfig } from './config.js';
import { isConfigError, parseEnvironment } from './environment.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    parseEnvironment(env);
    return [];
  } catch (e) {
    if (isConfigError(e)) return e.problems;
    throw e;
  }
};

describe('environment', () => {
  it('has working defaults: SQLite under ./data, port 3000, Xero\'s own URLs', () => {
    const config = toConfig(parseEnvironment({}));
    expect(config.databaseUrl).toBe('sqlite:./data/magento-xero.db');
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.xero).toMatchObject({
      auth: 'code',
      apiUrl: 'https://api.xero.com',
      identityUrl: 'https://identity.xero.com',
      loginUrl: 'https://login.xero.com',
    });
    expect(config.magento).toBeUndefined();
  });

  it('names each bad value on its own line', () => {
    expect(problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', XERO_API_URL: 'api.xero.com' })).toEqual([
      'DATABASE_URL must be sqlite:<path> or postgres://user@host:port/database',
      'PORT must be a number',
      'XERO_API_URL must be an http(s) URL such as https://example.com',
    ]);
    expect(problems({ SECRET_KEY: 'short' })).toEqual([
      'SECRET_KEY must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)',
    ]);
    expect(problems({ XERO_AUTH: 'password' })).toEqual(['XERO_AUTH must be code or client_credentials']);
  });

  it('chooses Magento OAuth 1.0a when all four values are present, bearer when only the token is', () => {
    const bearer = toConfig(parseEnvironment({ MAGENTO_BASE_URL: 'https://shop.example/', MAGENTO_ACCESS_TOKEN: 'tok' }));
    expect(bearer.magento).toMatchObject({ baseUrl: 'https://shop.example', auth: { kind: 'bearer', token: 'tok' } });
    const oauth = toConfig(
      parseEnvironment({
        MAGENTO_BASE_URL: 'https://shop.example',
        MAGENTO_ACCESS_TOKEN: 'a',
        MAGENTO_CONSUMER_KEY: 'b',
        MAGENTO_CONSUMER_SECRET: 'c',
        MAGENTO_ACCESS_TOKEN_SECRET: 'd',
      }),
    );
    expect(oauth.magento?.auth.kind).toBe('oauth1');
    expect(problems({ MAGENTO_BASE_URL: 'https://shop.example', MAGENTO_CONSUMER_KEY: 'b' })[0]).toMatch(/needs all four/);
    expect(problems({ XERO_CLIENT_ID: 'id' })).toEqual(['XERO_CLIENT_SECRET: XERO_CLIENT_ID and XERO_CLIENT_SECRET go together']);
  });
});

describe('security settings', () => {
  it('reads METRICS_TOKEN, METRICS_PORT and TRUST_PROXY, and refuses values that would weaken them', () => {
    const config = toConfig(parseEnvironment({ METRICS_TOKEN: 'm'.repeat(16), METRICS_PORT: '9464', TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }));
    expect(config.metrics).toEqual({ token: 'm'.repeat(16), port: 9464 });
    expect(config.trustProxy).toBe('127.0.0.1,10.0.0.0/8');
    expect(problems({ TRUST_PROXY: '1' })[0]).toMatch(/would let any client choose its own address/);
    expect(toConfig(parseEnvironment({ TRUST_PROXY: 'loopback' })).trustProxy).toBe('loopback');
    expect(toConfig(parseEnvironment({})).trustProxy).toBe(false);
    expect(toConfig(parseEnvironment({})).metrics).toEqual({ token: undefined, port: undefined });

    expect(problems({ TRUST_PROXY: 'true' })[0]).toMatch(/would let any client choose its own address/);
    expect(problems({ TRUST_PROXY: 'proxy.example' })[0]).toMatch(/^TRUST_PROXY must be false or the proxies' addresses/);
    expect(problems({ TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/not 10\.0\.0\.0\/33/);
    expect(problems({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters (e.g. the output of `openssl rand -hex 16`)']);
    expect(problems({ METRICS_PORT: '3000' })).toEqual(['METRICS_PORT must differ from PORT (it is a port of its own, for /metrics only)']);
  });
});

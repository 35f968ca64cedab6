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

import type { Environment } from './environment.js';

/** The service's configuration in the shape the code uses, derived from the validated environment. */
export interface Config {
  databaseUrl: string;
  /** How long start-up retries an unreachable database, in milliseconds. */
  databaseRetryMs: number;
  host: string;
  port: number;
  publicUrl: string;
  /** PUBLIC_URL was given (not the localhost default): alerts then link to the admin UI's pages. */
  publicUrlSet?: boolean;
  secretKeys: { current: string | undefined; previous: string[] };
  adminPassword: string | undefined;
  /** /metrics: a bearer token, a port of its own, or neither (then loopback only). */
  metrics: { token: string | undefined; port: number | undefined };
  /** Fastify's trustProxy: false, or the reverse proxies' addresses (comma-separated). */
  trustProxy: false | string;
  logLevel: Environment['LOG_LEVEL'];
  logFormat: Environment['LOG_FORMAT'];
  magento: MagentoConfig | undefined;
  xero: XeroConfig;
}

export interface MagentoConfig {
  baseUrl: string;
  auth:
    | { kind: 'bearer'; token: string }
    | { kind: 'oauth1'; consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }
    | { kind: 'none' };
  webhookSecret: string | undefined;
  /** The Magento Admin's address (its front name is the store's own choice), for links from a record's page. */
  adminUrl: string;
}

export interface XeroConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  auth: 'code' | 'client_credentials';
  apiUrl: string;
  identityUrl: string;
  loginUrl: string;
  webhookKey: string | undefined;
  limits: { perMinute: number; concurrent: number; perDay: number };
}

export function toConfig(env: Environment): Config {
  return {
    databaseUrl: env.DATABASE_URL,
    databaseRetryMs: env.DATABASE_RETRY_SECONDS * 1000,
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    publicUrlSet: env.PUBLIC_URL !== undefined,
    secretKeys: {
      current: env.SECRET_KEY,
      previous: (env.SECRET_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    },
    adminPassword: env.ADMIN_PASSWORD,
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT },
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    magento: env.MAGENTO_BASE_URL
      ? {
          baseUrl: env.MAGENTO_BASE_URL,
          auth:
            env.MAGENTO_CONSUMER_KEY && env.MAGENTO_CONSUMER_SECRET && env.MAGENTO_ACCESS_TOKEN && env.MAGENTO_ACCESS_TOKEN_SECRET
              ? {
                  kind: 'oauth1',
                  consumerKey: env.MAGENTO_CONSUMER_KEY,
                  consumerSecret: env.MAGENTO_CONSUMER_SECRET,
                  accessToken: env.MAGENTO_ACCESS_TOKEN,
                  accessTokenSecret: env.MAGENTO_ACCESS_TOKEN_SECRET,
                }
              : env.MAGENTO_ACCESS_TOKEN
                ? { kind: 'bearer', token: env.MAGENTO_ACCESS_TOKEN }
                : { kind: 'none' },
          webhookSecret: env.MAGENTO_WEBHOOK_SECRET,
          adminUrl: (env.MAGENTO_ADMIN_URL ?? `${env.MAGENTO_BASE_URL.replace(/\/+$/, '')}/admin`).replace(/\/+$/, ''),
        }
      : undefined,
    xero: {
      clientId: env.XERO_CLIENT_ID,
      clientSecret: env.XERO_CLIENT_SECRET,
      auth: env.XERO_AUTH,
      apiUrl: env.XERO_API_URL,
      identityUrl: env.XERO_IDENTITY_URL,
      loginUrl: env.XERO_LOGIN_URL,
      webhookKey: env.XERO_WEBHOOK_KEY,
      limits: parseLimits(env.XERO_LIMITS),
    },
  };
}

function parseLimits(text: string): XeroConfig['limits'] {
  if (text === 'unlimited') return { perMinute: 1_000_000, concurrent: 1_000, perDay: 1_000_000_000 };
  const [perMinute, concurrent, perDay] = text.split(',').map(Number) as [number, number, number];
  return { perMinute, concurrent, perDay };
}

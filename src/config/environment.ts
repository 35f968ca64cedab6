import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * All configuration that comes from the environment (or a `.env` file), validated once at start-up. Everything a merchant
 * tunes day to day (account mapping, sync modes, tax and payment mapping) lives in the database, not here.
 */
const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v), { message: `${what} must be an http(s) URL such as https://example.com` })
    .transform((v) => v.replace(/\/+$/, ''));

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const environmentSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    DATABASE_URL: z
      .string()
      .trim()
      .default('sqlite:./data/magento-xero.db')
      .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
        message: 'DATABASE_URL must be sqlite:<path> or postgres://user@host:port/database',
      }),
    /** How long start-up keeps trying to reach the database (a restart, a server still starting) before giving up. */
    DATABASE_RETRY_SECONDS: z.coerce
      .number({ message: 'DATABASE_RETRY_SECONDS must be a number of seconds' })
      .int('DATABASE_RETRY_SECONDS must be a whole number of seconds')
      .min(0, 'DATABASE_RETRY_SECONDS cannot be negative')
      .max(3600, 'DATABASE_RETRY_SECONDS is at most 3600 (an hour)')
      .default(60),
    HOST: z.string().trim().default('0.0.0.0'),
    PORT: z.coerce
      .number({ message: 'PORT must be a number' })
      .int('PORT must be a whole number')
      .min(0, 'PORT must be between 0 and 65535')
      .max(65535, 'PORT must be between 0 and 65535')
      .default(3000),
    PUBLIC_URL: url('PUBLIC_URL').optional(),
    SECRET_KEY: optionalText.refine((v) => v === undefined || v.length >= 32, {
      message: 'SECRET_KEY must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)',
    }),
    /** Old keys, comma-separated, still accepted for decryption while secrets are re-encrypted with SECRET_KEY. */
    SECRET_KEY_PREVIOUS: optionalText,
    ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 8, {
      message: 'ADMIN_PASSWORD must be at least 8 characters',
    }),
    /** Bearer token /metrics asks for; without it (and without METRICS_PORT) /metrics answers only on loopback. */
    METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'METRICS_TOKEN must be at least 16 characters (e.g. the output of `openssl rand -hex 16`)',
    }),
    /** A separate port that serves only /metrics (for a scraper on a private network); the main port then has none. */
    METRICS_PORT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce
        .number({ message: 'METRICS_PORT must be a number' })
        .int('METRICS_PORT must be a whole number')
        .min(1, 'METRICS_PORT must be between 1 and 65535')
        .max(65535, 'METRICS_PORT must be between 1 and 65535')
        .optional(),
    ),
    /** Which reverse proxies may name the client's address in X-Forwarded-For (the login rate limit is per address). */
    TRUST_PROXY: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        const parsed = parseTrustProxy(v);
        if (typeof parsed === 'object') {
          ctx.addIssue({ code: 'custom', message: parsed.problem });
          return z.NEVER;
        }
        return parsed;
      }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: readable lines on a terminal, JSON otherwise; json or pretty to choose. */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { message: 'LOG_FORMAT must be auto, json or pretty' }).default('auto'),

    MAGENTO_BASE_URL: url('MAGENTO_BASE_URL')
      // The connector adds /rest/V1 itself: a copied API address gave "store not found" on every call.
      .refine((v) => !/\/rest(\/(v1|default|all)?)?\/?$/i.test(v), {
        message: 'MAGENTO_BASE_URL is the shop\'s address without /rest (e.g. https://shop.example.com): the connector adds /rest/V1 itself',
      })
      .optional(),
    /** The Magento Admin's address when its front name is not "admin" (Magento lets each store choose one). */
    MAGENTO_ADMIN_URL: url('MAGENTO_ADMIN_URL').optional(),
    MAGENTO_ACCESS_TOKEN: optionalText,
    MAGENTO_CONSUMER_KEY: optionalText,
    MAGENTO_CONSUMER_SECRET: optionalText,
    MAGENTO_ACCESS_TOKEN_SECRET: optionalText,
    MAGENTO_WEBHOOK_SECRET: optionalText,

    XERO_CLIENT_ID: optionalText,
    XERO_CLIENT_SECRET: optionalText,
    XERO_AUTH: z.enum(['code', 'client_credentials'], { message: 'XERO_AUTH must be code or client_credentials' }).default('code'),
    XERO_API_URL: url('XERO_API_URL').default('https://api.xero.com'),
    XERO_IDENTITY_URL: url('XERO_IDENTITY_URL').default('https://identity.xero.com'),
    XERO_LOGIN_URL: url('XERO_LOGIN_URL').default('https://login.xero.com'),
    XERO_WEBHOOK_KEY: optionalText,
    /** Xero's per-organisation limits as "per minute,concurrent,per day" (a smaller tier: "60,5,1000"); "unlimited" for an emulator. */
    XERO_LIMITS: z
      .string()
      .trim()
      .default('60,5,5000')
      .refine((v) => v === 'unlimited' || /^\d+,\d+,\d+$/.test(v), {
        message: 'XERO_LIMITS must be "per minute,concurrent,per day" such as 60,5,5000, or unlimited',
      }),
  })
  .superRefine((env, ctx) => {
    const oauth1 = [env.MAGENTO_CONSUMER_KEY, env.MAGENTO_CONSUMER_SECRET, env.MAGENTO_ACCESS_TOKEN_SECRET];
    if (oauth1.some(Boolean) && !oauth1.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAGENTO_CONSUMER_KEY'],
        message:
          'Magento OAuth 1.0a needs all four of MAGENTO_CONSUMER_KEY, MAGENTO_CONSUMER_SECRET, MAGENTO_ACCESS_TOKEN and MAGENTO_ACCESS_TOKEN_SECRET',
      });
    }
    if (oauth1.every(Boolean) && !env.MAGENTO_ACCESS_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['MAGENTO_ACCESS_TOKEN'], message: 'MAGENTO_ACCESS_TOKEN is missing (OAuth 1.0a needs it too)' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'METRICS_PORT must differ from PORT (it is a port of its own, for /metrics only)' });
    }
    if (Boolean(env.XERO_CLIENT_ID) !== Boolean(env.XERO_CLIENT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['XERO_CLIENT_SECRET'], message: 'XERO_CLIENT_ID and XERO_CLIENT_SECRET go together' });
    }
  });

export type Environment = z.infer<typeof environmentSchema>;

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset or "false" (clients connect directly), or the reverse proxies' addresses (IPs, CIDR ranges, or
 * loopback / linklocal / uniquelocal), comma-separated: X-Forwarded-For is believed only from them. "true" and a count of
 * proxies are refused: either takes an address any client can write into X-Forwarded-For, so one attacker could use
 * everyone's address (or a new one per attempt) against the login rate limit.
 */
export function parseTrustProxy(value: string | undefined): false | string | { problem: string } {
  if (value === undefined || value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true' || /^\d+$/.test(value)) {
    return {
      problem: `TRUST_PROXY=${value} would let any client choose its own address: give the proxies' addresses (e.g. 127.0.0.1 or 10.0.0.0/8)`,
    };
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => {
    if (PROXY_RANGES.has(e)) return false;
    const [ip, bits, ...rest] = e.split('/');
    if (rest.length > 0 || !ip || isIP(ip) === 0) return true;
    if (bits === undefined) return false;
    const max = isIP(ip) === 4 ? 32 : 128;
    return !/^\d+$/.test(bits) || Number(bits) > max;
  });
  if (entries.length === 0 || bad.length > 0) {
    return {
      problem: `TRUST_PROXY must be false or the proxies' addresses such as 127.0.0.1,10.0.0.0/8 (not ${bad.join(', ') || 'empty'})`,
    };
  }
  return entries.join(',');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export const isConfigError = (e: unknown): e is ConfigError => e instanceof ConfigError;

/** Parses the environment; every bad value becomes one line naming the variable and what it should be. */
export function parseEnvironment(env: NodeJS.ProcessEnv): Environment {
  const result = environmentSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment';
      return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    }),
  );
}

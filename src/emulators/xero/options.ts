/** Options of the Xero emulator. Defaults are fixed so tests and the sandbox agree without configuration. */
/** CA: a Canadian organisation, which Xero runs as a GLOBAL version with Canadian default rates. */
export type Region = 'US' | 'UK' | 'AU' | 'NZ' | 'CA';

export interface TenantOptions {
  name: string;
  region: Region;
  baseCurrency?: string;
  /** Extra currencies enabled besides the base currency (ISO 4217 codes). */
  currencies?: string[];
  shortCode?: string;
  /** Fixed tenant id (a GUID); generated when absent. */
  tenantId?: string;
}

export interface Limits {
  perMinute: number;
  concurrent: number;
  perDay: number;
}

export interface XeroEmulatorOptions {
  /** Milliseconds since the epoch. When absent the emulator owns a clock that `POST /__emulator/clock` can advance. */
  clock?: () => number;
  clientId?: string;
  clientSecret?: string;
  tenants?: TenantOptions[];
  limits?: Partial<Limits>;
  /** App-wide calls per minute across all tenants (Xero: 10,000). */
  appPerMinute?: number;
  /** Skip the consent page: `/identity/connect/authorize` redirects at once with a code. */
  autoConsent?: boolean;
  logger?: boolean;
  /** Public URL of this server, used in links (consent form action). */
  baseUrl?: string;
  /** Seed for the fault injector's random draws, so `{rate}` faults are reproducible. */
  seed?: number;
}

export const DEFAULT_CLIENT_ID = 'emulator-client-id';
export const DEFAULT_CLIENT_SECRET = 'emulator-client-secret';
export const DEFAULT_LIMITS: Limits = { perMinute: 60, concurrent: 5, perDay: 5000 };
export const DEFAULT_TENANTS: TenantOptions[] = [{ name: 'Demo Company (NZ)', region: 'NZ' }];

export interface ResolvedOptions {
  clientId: string;
  clientSecret: string;
  tenants: TenantOptions[];
  limits: Limits;
  appPerMinute: number;
  autoConsent: boolean;
  logger: boolean;
  baseUrl: string;
  seed: number;
}

export function resolveOptions(options: XeroEmulatorOptions): ResolvedOptions {
  return {
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    tenants: options.tenants && options.tenants.length > 0 ? options.tenants : DEFAULT_TENANTS,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    appPerMinute: options.appPerMinute ?? 10_000,
    autoConsent: options.autoConsent ?? false,
    logger: options.logger ?? false,
    baseUrl: options.baseUrl ?? '',
    seed: options.seed ?? 1,
  };
}

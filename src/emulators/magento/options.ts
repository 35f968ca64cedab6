import type { OAuthCredentials } from './auth.js';
import type { InputLimit } from './search-criteria.js';

export interface MagentoEmulatorOptions {
  /** The integration access token accepted as `Authorization: Bearer …`. */
  token?: string;
  /** Bearer token of the `/__emulator/*` control endpoints (defaults to `token`). */
  controlToken?: string;
  /** Integration credentials for OAuth 1.0a signed requests (HMAC-SHA256 or HMAC-SHA1). */
  oauth?: OAuthCredentials;
  /** When false the store behaves like 2.4.4+ without "integration tokens as bearer": bearer calls get 401. */
  bearerAllowed?: boolean;
  /**
   * The ACL resources the integration was granted (System > Extensions > Integrations > API); default all. A call to any
   * other is answered as Magento's RequestValidator::checkPermissions answers it: the same 401 "The consumer isn't
   * authorized to access %resources." an unknown token gets (magento/magento2 issue #39289 shows the trace).
   */
  resources?: readonly string[];
  seed?: number;
  customers?: number;
  products?: number;
  orders?: number;
  /** Only the store structure; load records through `POST /__emulator/entities`. */
  empty?: boolean;
  catalogue?: 'generated' | { lumaCsvPath: string };
  /** Days of order history before "now". */
  days?: number;
  /** Milliseconds since the epoch; defaults to the wall clock. Activity moves the store's time on from here. */
  clock?: () => number;
  /** Adobe-Commerce-style webhooks: POSTed here when activity or REST writes change a record. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** `webapi/validation/input_limit_enabled`: a default page size and a maximum. Off by default, as in Magento. */
  inputLimit?: InputLimit | boolean;
  logger?: boolean;
  /** Base URL reported in store configs. */
  baseUrl?: string;
  /** Adobe Commerce amounts (gift cards, store credit, reward points) on some generated orders. */
  commerce?: boolean;
}

export const DEFAULT_TOKEN = 'magento-emulator-integration-token';

export interface ResolvedOptions {
  token: string;
  controlToken: string;
  oauth: OAuthCredentials | undefined;
  bearerAllowed: boolean;
  resources: readonly string[] | undefined;
  inputLimit: InputLimit | undefined;
  webhookUrl: string | undefined;
  webhookSecret: string;
}

export function resolveOptions(options: MagentoEmulatorOptions): ResolvedOptions {
  const token = options.token ?? DEFAULT_TOKEN;
  const limit = options.inputLimit;
  return {
    token,
    controlToken: options.controlToken ?? token,
    oauth: options.oauth,
    bearerAllowed: options.bearerAllowed ?? true,
    resources: options.resources,
    inputLimit: limit === true ? { defaultPageSize: 20, maxPageSize: 300 } : limit === false || limit === undefined ? undefined : limit,
    webhookUrl: options.webhookUrl,
    webhookSecret: options.webhookSecret ?? '',
  };
}

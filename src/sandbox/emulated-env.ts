import { DEFAULT_TOKEN } from '../emulators/magento/index.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../emulators/xero/index.js';

/** The settings that point the service at a Magento emulator and a Xero emulator, with the emulators' own credentials. */
export function emulatedEnvironment(options: { magentoUrl: string; xeroUrl: string; webhookSecret: string }): Record<string, string> {
  return {
    MAGENTO_BASE_URL: options.magentoUrl,
    MAGENTO_ACCESS_TOKEN: DEFAULT_TOKEN,
    MAGENTO_WEBHOOK_SECRET: options.webhookSecret,
    XERO_CLIENT_ID: DEFAULT_CLIENT_ID,
    XERO_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    XERO_API_URL: options.xeroUrl,
    XERO_IDENTITY_URL: options.xeroUrl,
    XERO_LOGIN_URL: options.xeroUrl,
  };
}

import type { Command } from 'commander';
import { DEFAULT_TOKEN, startMagentoEmulator } from '../../emulators/magento/index.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startXeroEmulator, type Region } from '../../emulators/xero/index.js';
import { CliError, EXIT } from '../exit-codes.js';
import { untilStopped } from '../run-command.js';

const int = (v: string) => Number.parseInt(v, 10);

export function registerEmulate(program: Command): void {
  const emulate = program.command('emulate').description('Run one emulator on its own (for scripts, demos and your own tests).');

  emulate
    .command('magento')
    .description('A Magento 2 REST emulator with a seeded store.')
    .option('--port <n>', 'port (0: any free one)', int, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'store generator seed', int, 1)
    .option('--customers <n>', 'customers', int)
    .option('--products <n>', 'products', int)
    .option('--orders <n>', 'orders', int)
    .option('--empty', 'no records: load them through POST /__emulator/entities')
    .option('--token <token>', 'the integration access token it accepts', DEFAULT_TOKEN)
    .addHelpText('after', '\nExamples:\n  $ magento-xero emulate magento --port 8080 --orders 500\n  $ magento-xero emulate magento --empty --token secret123')
    .action(async (o: { port: number; host: string; seed: number; customers?: number; products?: number; orders?: number; empty?: boolean; token: string }) => {
      const started = await startMagentoEmulator({
        port: o.port,
        host: o.host,
        seed: o.seed,
        token: o.token,
        ...(o.empty ? { empty: true } : {}),
        ...(o.customers !== undefined ? { customers: o.customers } : {}),
        ...(o.products !== undefined ? { products: o.products } : {}),
        ...(o.orders !== undefined ? { orders: o.orders } : {}),
      });
      process.stdout.write(`Magento emulator at ${started.url}\n  MAGENTO_BASE_URL=${started.url}\n  MAGENTO_ACCESS_TOKEN=${o.token}\n`);
      await untilStopped();
      await started.close();
    });

  emulate
    .command('xero')
    .description('A Xero emulator: Accounting API, identity (OAuth 2.0) and connections.')
    .option('--port <n>', 'port (0: any free one)', int, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--region <region>', 'US, UK, AU, NZ or CA', 'NZ')
    .option('--currencies <list>', 'extra currencies enabled, comma-separated (e.g. EUR,GBP)')
    .option('--client-id <id>', 'the client id its identity endpoints accept', DEFAULT_CLIENT_ID)
    .option('--client-secret <secret>', 'the client secret its identity endpoints accept', DEFAULT_CLIENT_SECRET)
    .option('--auto-consent', 'skip the consent page')
    .addHelpText('after', '\nExamples:\n  $ magento-xero emulate xero --port 8081 --region UK --currencies EUR,USD\n  $ magento-xero emulate xero --client-id app --client-secret s3cret')
    .action(async (o: { port: number; host: string; region: string; currencies?: string; clientId: string; clientSecret: string; autoConsent?: boolean }) => {
      const region = o.region.toUpperCase();
      if (!['US', 'UK', 'AU', 'NZ', 'CA'].includes(region)) throw new CliError(`--region must be US, UK, AU, NZ or CA (got ${o.region})`, EXIT.usage);
      const currencies = o.currencies?.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean) ?? [];
      const started = await startXeroEmulator({
        port: o.port,
        host: o.host,
        clientId: o.clientId,
        clientSecret: o.clientSecret,
        ...(o.autoConsent ? { autoConsent: true } : {}),
        tenants: [{ name: `Demo Company (${region})`, region: region as Region, currencies }],
      });
      process.stdout.write(
        `Xero emulator at ${started.url}\n  XERO_API_URL=${started.url}\n  XERO_IDENTITY_URL=${started.url}\n  XERO_LOGIN_URL=${started.url}\n  XERO_CLIENT_ID=${o.clientId}\n  XERO_CLIENT_SECRET=${o.clientSecret}\n`,
      );
      await untilStopped();
      await started.close();
    });
}

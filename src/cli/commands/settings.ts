import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isSettingsKey, SETTINGS_KEYS, type SettingsKey } from '../../settings/schemas.js';
import { getPath, withPath as setPath, type SettingResult } from '../../settings/service.js';
import { refreshStoreList } from '../../runtime/store-refresh.js';
import { CliError, EXIT } from '../exit-codes.js';
import { createOutput } from '../output.js';
import { withRuntime } from '../run-command.js';

/** A value as typed: JSON when it parses as JSON, else the plain text (so `settings set posting.x WEB-` needs no quotes). */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * `KEY` or `KEY.path.to.field`: the section, and the path inside it. `settings set posting.invoicePrefix WEB-` changes one
 * field of a section; the whole section is then checked as the Configuration page checks it.
 */
export function splitKey(key: string): { section: SettingsKey; path: string[] } {
  const [section, ...path] = key.split('.');
  if (!section || !isSettingsKey(section)) {
    throw new CliError(`Unknown settings key "${key}"; the keys are ${SETTINGS_KEYS.join(', ')} (a field inside one: posting.invoicePrefix)`, EXIT.usage);
  }
  return { section, path };
}

/** A refused value: the same lines the Configuration page and the admin API show, one per problem, and exit code 3. */
function refused(what: string, result: SettingResult): never {
  if (result.ok) throw new Error('not refused');
  throw new CliError(`${what} was refused:\n${result.errors.map((e) => `  ${e}`).join('\n')}`, EXIT.config);
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export function registerSettings(program: Command): void {
  const settings = program
    .command('settings')
    .description('Read and change the merchant settings (the Configuration and Stores pages) from scripts, with the same checks.');

  settings
    .command('get [key]')
    .description('Print every setting, one section (e.g. stores), or one field (e.g. posting.invoicePrefix) as JSON.')
    .action(async (key: string | undefined) => {
      const out = createOutput({ json: true });
      await withRuntime(async ({ runtime }) => {
        const all = await runtime.settingsService().read();
        if (!key) return out.result(all, () => '');
        const { section, path } = splitKey(key);
        out.result(getPath(all[section], path) ?? null, () => '');
      });
    });

  settings
    .command('set <key> <value>')
    .description('Set a section (JSON) or one field (JSON or plain text); refused with the page\'s messages when invalid.')
    .option('--new-documents-only', 'a store whose documents are in Xero already: apply a new organisation or prefix to new documents only')
    .addHelpText(
      'after',
      `
Examples:
  magento-xero settings set posting.invoicePrefix WEB-
  magento-xero settings set stores.2.tenantId '"6f1c..."'         # a store's organisation
  magento-xero settings set stores.2.tracking '{"name":"Store","option":"EU"}'
  magento-xero settings set stores.3.tenantId null                 # not synced`,
    )
    .action(async (key: string, value: string, options: { newDocumentsOnly?: boolean }) => {
      const out = createOutput({ json: false });
      await withRuntime(async ({ runtime }) => {
        const service = runtime.settingsService();
        const { section, path } = splitKey(key);
        const current = (await service.read())[section];
        const next = setPath(current, path, parseValue(value));
        const result = await service.set(section, next, { newDocumentsOnly: Boolean(options.newDocumentsOnly) });
        if (!result.ok) refused(`${section}`, result);
        out.result(result.value, () => `Saved ${key}.`);
      });
    });

  settings
    .command('export')
    .description('Print every setting as one JSON document, for `settings import` (version it, copy it to another install).')
    .action(async () => {
      const out = createOutput({ json: true });
      await withRuntime(async ({ runtime }) => out.result(await runtime.settingsService().export(), () => ''));
    });

  settings
    .command('import <file>')
    .description('Read a `settings export` document from a file (or - for stdin); all or nothing, with the same checks as the pages.')
    .option('--new-documents-only', 'stores whose documents are in Xero already: apply a new organisation or prefix to new documents only')
    .action(async (file: string, options: { newDocumentsOnly?: boolean }) => {
      const out = createOutput({ json: false });
      const text = await readInput(file).catch((error: unknown) => {
        throw new CliError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
      });
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${file === '-' ? 'stdin' : file} is not JSON: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
      }
      await withRuntime(async ({ runtime }) => {
        const result = await runtime.settingsService().import(document, { newDocumentsOnly: Boolean(options.newDocumentsOnly) });
        if (!result.ok) refused('The import', result);
        out.result({ imported: result.value }, () => `Imported ${result.value.join(', ')}.`);
      });
    });
}

export function registerStores(program: Command): void {
  program
    .command('stores')
    .description("List Magento's websites and store views and where each one posts in Xero (organisation, prefixes, tracking).")
    .option('--no-refresh', 'show the store list as read last, without asking Magento')
    .option('--json', 'machine-readable output')
    .action(async (options: { refresh: boolean; json?: boolean }) => {
      const out = createOutput({ json: Boolean(options.json) });
      await withRuntime(async ({ runtime }) => {
        let websites: Array<{ id: number; code: string; name: string }> = [];
        if (options.refresh && runtime.magento) websites = (await refreshStoreList(runtime.magento, runtime.storage)).websites;
        const all = await runtime.settingsService().read();
        const organisations = runtime.connections ? await runtime.connections.organisations() : [];
        const fallback = await runtime.defaultTenant().catch(() => undefined);
        const orgName = (id: string) => organisations.find((o) => o.tenantId === id)?.name ?? id;
        const rows = Object.entries(all.stores)
          .filter(([id]) => id !== '0')
          .map(([id, s]) => {
            const tenantId = s.tenantId === null ? null : (s.tenantId ?? fallback ?? null);
            return {
              id: Number(id),
              code: s.code,
              name: s.name ?? s.code,
              websiteId: s.websiteId ?? null,
              website: websites.find((w) => w.id === s.websiteId)?.name ?? s.websiteName ?? null,
              baseCurrency: s.baseCurrency,
              tenantId,
              organisation: s.tenantId === null ? 'not synced' : tenantId ? `${orgName(tenantId)}${s.tenantId ? '' : ' (default)'}` : 'not connected',
              invoicePrefix: s.invoicePrefix ?? all.posting.invoicePrefix,
              creditNotePrefix: s.creditNotePrefix ?? all.posting.creditNotePrefix,
              contactScope: s.contactPrefix ?? `M${id}-`,
              tracking: s.tracking ?? null,
            };
          });
        out.result({ stores: rows }, () =>
          rows.length === 0
            ? 'No stores yet: set MAGENTO_BASE_URL and run `magento-xero stores` again.'
            : rows
                .map(
                  (r) =>
                    `${r.website ?? `website ${r.websiteId ?? '?'}`} / ${r.name} (${r.code}, store ${r.id}, ${r.baseCurrency}): ${r.organisation}; ` +
                    `invoices "${r.invoicePrefix}", credit notes "${r.creditNotePrefix}", contacts "${r.contactScope}"` +
                    (r.tracking ? `; tracking ${r.tracking.name} = ${r.tracking.option}` : ''),
                )
                .join('\n'),
        );
      });
    });
}

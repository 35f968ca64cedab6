// The layers of src/ and which may import which (issue 14). Read from the source itself, so a future import that crosses
// a line fails here with the file and the import named.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Top-level folder → folders it must never import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  domain: ['settings', 'mapping', 'sync', 'storage', 'reconcile', 'http', 'web', 'cli', 'runtime', 'magento', 'xero', 'connections', 'sandbox', 'emulators'],
  settings: ['mapping', 'sync', 'storage', 'reconcile', 'http', 'web', 'cli', 'runtime', 'magento', 'xero', 'connections', 'sandbox', 'emulators'],
  mapping: ['settings', 'sync', 'storage', 'reconcile', 'http', 'web', 'cli', 'runtime', 'magento', 'xero', 'connections', 'sandbox', 'emulators'],
  storage: ['sync', 'reconcile', 'http', 'web', 'cli', 'runtime', 'sandbox', 'emulators'],
  sync: ['http', 'web', 'cli', 'runtime', 'sandbox', 'emulators', 'reconcile'],
  reconcile: ['http', 'web', 'cli', 'runtime', 'sandbox', 'emulators'],
  web: ['storage', 'sync', 'runtime', 'cli', 'sandbox', 'emulators', 'magento', 'xero', 'connections'],
  http: ['cli', 'runtime', 'sandbox', 'emulators'],
  runtime: ['cli', 'sandbox', 'emulators'],
  magento: ['sync', 'storage', 'reconcile', 'http', 'web', 'cli', 'runtime', 'sandbox', 'emulators'],
  xero: ['sync', 'storage', 'reconcile', 'http', 'web', 'cli', 'runtime', 'sandbox', 'emulators'],
  // The emulators stand in for the real systems: they share nothing with the connector (CONTRIBUTING.md).
  emulators: ['domain', 'settings', 'mapping', 'sync', 'storage', 'reconcile', 'http', 'web', 'cli', 'runtime', 'magento', 'xero', 'connections', 'sandbox'],
};

interface Import {
  file: string;
  from: string;
  to: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    // Unit tests beside the code, and the test support in `testing/` folders (an oracle that runs the Xero emulator's
    // arithmetic against the mapping's, say), may wire anything to anything; the rules are about the product's code.
    if (e.isDirectory()) return e.name === 'testing' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

function topFolder(path: string): string {
  return relative(SRC, path).split(/[\\/]/)[0] ?? '';
}

/** Every relative import and re-export of a file (static and dynamic), resolved to the top-level folder it reaches. */
export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1]!;
    const target = resolve(dirname(file), specifier);
    if (!target.startsWith(SRC)) continue;
    found.push({ file: relative(SRC, file), from: topFolder(file), to: topFolder(target), specifier });
  }
  return found;
}

function violations(imports: readonly Import[]): string[] {
  return imports
    .filter((i) => i.from !== i.to && (FORBIDDEN[i.from]?.includes(i.to) || i.to === 'cli'))
    .map((i) => `src/${i.file} (${i.from}) imports '${i.specifier}' (${i.to})`);
}

describe('layers of src/', () => {
  const files = sourceFiles(SRC);
  const imports = files.flatMap((f) => importsOf(f, readFileSync(f, 'utf8')));

  it('reads every folder of src/ and finds its imports', () => {
    const folders = new Set(files.map(topFolder));
    for (const folder of Object.keys(FORBIDDEN)) expect(folders, folder).toContain(folder);
    expect(imports.length).toBeGreaterThan(500);
  });

  it('keeps the settings module, the shared vocabulary and the reconciliation\'s types where the issue puts them', () => {
    // The merchant's settings schema and service live in src/settings, not in the web layer; the vocabulary every layer
    // shares (entity types, queue states) in src/domain; the reconciliation's own types in src/reconcile.
    const has = (path: string) => files.some((f) => relative(SRC, f).split(/[\\/]/).join('/') === path);
    for (const path of ['settings/schemas.ts', 'settings/service.ts', 'domain/entity-types.ts', 'domain/queue-state.ts', 'reconcile/types.ts']) expect(has(path), path).toBe(true);
    for (const path of ['http/settings.ts', 'sync/queue-state.ts']) expect(has(path), path).toBe(false);
  });

  it('imports only downwards: settings and the shared vocabulary at the centre, the web layer on top', () => {
    expect(violations(imports)).toEqual([]);
  });

  it('would catch a crossing import of every kind the issue names', () => {
    const probe = (from: string, text: string) => importsOf(join(SRC, from), text);
    expect(violations(probe('sync/x.ts', "import { a } from '../http/settings.js';"))).toHaveLength(1);
    expect(violations(probe('storage/x.ts', "import type { A } from '../sync/queue-state.js';"))).toHaveLength(1);
    expect(violations(probe('reconcile/x.ts', "export type { A } from '../http/ports.js';"))).toHaveLength(1);
    expect(violations(probe('web/pages/x.ts', "const m = await import('../../storage/queue-repository.js');"))).toHaveLength(1);
    expect(violations(probe('web/pages/x.ts', "import '../../sync/service.js';"))).toHaveLength(1);
    expect(violations(probe('storage/x.ts', "import { a } from '../http/settings.js';"))).toHaveLength(1);
    expect(violations(probe('reconcile/x.ts', "import { a } from '../http/settings.js';"))).toHaveLength(1);
    expect(violations(probe('web/x.ts', "import type { S } from '../storage/storage.js';"))).toHaveLength(1);
    expect(violations(probe('settings/x.ts', "import { a } from '../sync/context.js';"))).toHaveLength(1);
    expect(violations(probe('settings/x.ts', "import { a } from '../storage/storage.js';"))).toHaveLength(1);
    expect(violations(probe('domain/x.ts', "import { a } from '../settings/schemas.js';"))).toHaveLength(1);
    expect(violations(probe('sync/x.ts', "import { a } from '../domain/queue-state.js';"))).toHaveLength(0);
    expect(violations(probe('web/x.ts', "import { a } from '../settings/schemas.js';"))).toHaveLength(0);
  });
});

#!/usr/bin/env node
// Puts each deliberate bug of docs/testing.md into the code in turn, runs the tests meant to catch it, records which tests
// failed, and puts the code back (also on Ctrl-C or an error). A bug that no test catches makes the script exit 1.
//
//   node scripts/deliberate-bugs.mjs                  the fast tests (a few minutes)
//   node scripts/deliberate-bugs.mjs --crash-points   also the crash-point exactly-once test on SQLite for the
//                                                     exactly-once bugs (builds dist/ with the bug, then without it)
//   node scripts/deliberate-bugs.mjs --only payment   bugs whose name contains "payment"
//
// Run it on a clean work tree: it refuses to touch a file with uncommitted changes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const withCrashPoints = args.includes('--crash-points');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] ?? '' : '';

const CRASH_TEST = 'test/resilience/crash-points.test.ts';

/** Each bug: where it goes (the exact text it replaces, found once), and the tests that should catch it. */
const BUGS = [
  {
    name: 'shipping tax +1 cent',
    file: 'src/mapping/invoice-lines.ts',
    find: "const tax = ctx.mode === 'NoTax' ? 0 : toMinorOr0(s.shipping_tax_amount);",
    replace: "const tax = ctx.mode === 'NoTax' ? 0 : toMinorOr0(s.shipping_tax_amount) + 1;",
    tests: ['src/mapping'],
  },
  {
    name: 'divRound rounds halves down',
    file: 'src/domain/money.ts',
    find: 'const q = (abs * 2n + b) / (2n * b);',
    replace: 'const q = (abs * 2n + b - 1n) / (2n * b);',
    tests: ['src/domain/money.test.ts', 'src/mapping'],
  },
  {
    name: 'payment look-up before retry removed',
    file: 'src/sync/documents/invoice-payments.ts',
    find: 'uncertain: !r.fresh && r.entry.attempts > 1 });',
    replace: 'uncertain: false });',
    tests: ['test/sync/sales/invoices.test.ts'],
    crash: 'payment',
  },
  {
    name: 'adopt-on-refusal removed',
    file: 'src/sync/documents/invoice-payments.ts',
    find: 'if (!(await settled(draft, refusedOn.get(draft.key.xeroInvoiceId)))) {',
    replace: 'if (true) {',
    tests: ['test/sync/sales/invoices.test.ts'],
    crash: 'payment',
  },
  {
    name: 'invoice look-up before create removed',
    file: 'src/sync/documents/invoice-poster.ts',
    find: 'else if (d.uncertain) uncertain.push(d);',
    replace: 'else if (d.uncertain) creates.push(d);',
    tests: ['test/sync/sales/orders.test.ts'],
    crash: 'invoice',
  },
  {
    name: 'unsigned Xero webhook accepted',
    file: 'src/runtime/webhooks.ts',
    find: "if (!options.xeroKey || typeof given !== 'string') return reply.code(401).send();",
    replace: "if (!options.xeroKey || typeof given !== 'string') return reply.code(200).send();",
    tests: ['test/e2e/connection-security.test.ts'],
  },
  {
    name: 'Idempotency-Key header dropped',
    file: 'src/xero/http.ts',
    find: "    headers['Idempotency-Key'] = request.idempotencyKey;\n",
    replace: '',
    tests: ['src/xero/http.test.ts', 'test/sync/sales/emulator.test.ts'],
  },
];

const originals = new Map();
function restoreAll() {
  for (const [file, text] of originals) writeFileSync(file, text);
  originals.clear();
}
process.on('SIGINT', () => {
  restoreAll();
  process.exit(130);
});

function dirty(file) {
  return execFileSync('git', ['status', '--porcelain', '--', file], { encoding: 'utf8' }).trim() !== '';
}

/** Runs vitest on the given paths and returns the full names of the tests that failed. */
function failingTests(paths, extra = [], env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'deliberate-bugs-'));
  const out = join(dir, 'report.json');
  try {
    spawnSync('npx', ['vitest', 'run', ...extra, ...paths, '--reporter=json', `--outputFile=${out}`], {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, ...env },
    });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const failed = [];
    for (const file of report.testResults ?? []) {
      const rel = String(file.name).replace(`${process.cwd()}/`, '');
      for (const t of file.assertionResults ?? []) if (t.status === 'failed') failed.push(`${rel} > ${t.fullName}`);
      if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') failed.push(`${rel} (could not run: ${String(file.message).slice(0, 200)})`);
    }
    return failed;
  } catch (error) {
    return [`(no report: ${error instanceof Error ? error.message : String(error)})`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function build() {
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
}

const results = [];
try {
  for (const bug of BUGS.filter((b) => b.name.includes(only))) {
    if (dirty(bug.file)) throw new Error(`${bug.file} has uncommitted changes: commit or stash them first`);
    const text = readFileSync(bug.file, 'utf8');
    const at = text.indexOf(bug.find);
    if (at < 0 || text.indexOf(bug.find, at + 1) >= 0) throw new Error(`${bug.name}: the text to replace is not in ${bug.file} exactly once (the code moved: update this script)`);
    originals.set(bug.file, text);
    writeFileSync(bug.file, text.slice(0, at) + bug.replace + text.slice(at + bug.find.length));
    process.stdout.write(`\n● ${bug.name} (${bug.file})\n`);
    let failed = failingTests(bug.tests);
    if (withCrashPoints && bug.crash) {
      build();
      failed = failed.concat(
        failingTests([CRASH_TEST], ['--config', 'test/resilience/vitest.config.ts', '-t', `sqlite after every '${bug.crash}'`], { TEST_DATABASE_URL: '' }),
      );
    }
    restoreAll();
    if (withCrashPoints && bug.crash) build();
    for (const f of failed) process.stdout.write(`  caught by ${f}\n`);
    if (failed.length === 0) process.stdout.write('  NOT CAUGHT by any test\n');
    results.push({ bug: bug.name, caught: failed.length });
  }
} finally {
  restoreAll();
}
const missed = results.filter((r) => r.caught === 0);
process.stdout.write(`\n${results.length - missed.length} of ${results.length} deliberate bugs caught.\n`);
process.exit(missed.length === 0 ? 0 : 1);

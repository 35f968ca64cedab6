import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { CLI, nodeFlags } from '../test/support/cli.js';
import { postgresUrl, testDatabases } from '../test/support/databases.js';
import { connectXero, TEST_SECRET_KEY } from '../test/support/stack.js';
import { summariseProfile, type ProfileSummary } from './cpu-profile.js';
import { countingProxy, cpuSecondsOf, startProcess, timed, type ProcessHandle, type ProxyCounts } from './process-stats.js';
import { writeResult } from './support.js';

// 7. The connector's own CPU per record (issue 20). Each emulator runs in a Node process of its own and the connector is
// `magento-xero sync --all` in another, so the CPU each one spends is measured apart: the connector's from its process's
// resource usage when it exits (bash `time`), the emulators' from /proc before and after. A second, identical run
// under `--cpu-prof` keeps the profile's top functions. A counting proxy in front of Magento records the requests, bytes
// and Magento-side time the connector costs a merchant's store. Budget: ≤ 0.5 ms of connector CPU per record.
const ORDERS = Number(process.env['BENCH_CPU_ORDERS'] ?? 3_000);
const BUDGET_MS_PER_RECORD = 0.5;
const ROOT = resolve(import.meta.dirname, '..');

const magentoScript = (orders: number) => `
import { startMagentoEmulator } from './dist/emulators/magento/index.js';
const m = await startMagentoEmulator({ seed: 7, customers: ${Math.max(20, Math.round(orders / 4))}, products: ${Math.max(20, Math.round(Math.sqrt(orders) * 4))}, orders: ${orders} });
console.log(JSON.stringify({ url: m.url }));
process.on('SIGTERM', () => m.close().then(() => process.exit(0)));`;

const xeroScript = `
import { startXeroEmulator } from './dist/emulators/xero/index.js';
const x = await startXeroEmulator({ autoConsent: true, limits: { perMinute: 1e9, concurrent: 1000, perDay: 1e9 },
  tenants: [{ name: 'Demo Company (US)', region: 'US', baseCurrency: 'USD', currencies: ['EUR', 'GBP'] }] });
console.log(JSON.stringify({ url: x.url }));
process.on('SIGTERM', () => x.close().then(() => process.exit(0)));`;

interface Run {
  records: number;
  connectorCpuSeconds: number;
  connectorUserSeconds: number;
  connectorSystemSeconds: number;
  msPerRecord: number;
  wallSeconds: number;
  magentoEmulatorCpuSeconds: number;
  xeroEmulatorCpuSeconds: number;
  magento: ProxyCounts & { requestsPer1000Orders: number; kbPer1000Orders: number; msPer1000Orders: number };
  profile?: ProfileSummary;
}

async function syncAll(databaseUrl: string, magento: ProcessHandle, proxyUrl: string, profileDir?: string): Promise<{ run: Omit<Run, 'magento'>; xero: ProcessHandle }> {
  const xero = await startProcess(xeroScript, ROOT);
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'warn',
    MAGENTO_BASE_URL: proxyUrl,
    MAGENTO_ACCESS_TOKEN: 'magento-emulator-integration-token',
    XERO_CLIENT_ID: 'emulator-client-id',
    XERO_CLIENT_SECRET: 'emulator-client-secret',
    XERO_API_URL: xero.url,
    XERO_IDENTITY_URL: xero.url,
    XERO_LOGIN_URL: xero.url,
    XERO_LIMITS: 'unlimited',
    ...(process.env['MX_SQL_STATS'] ? { MX_SQL_STATS: process.env['MX_SQL_STATS'] } : {}),
  };
  await connectXero(env, await magentoOrders(magento.url));
  const magentoBefore = cpuSecondsOf(magento.pid);
  const xeroBefore = cpuSecondsOf(xero.pid);
  const extra = process.env['BENCH_NODE_FLAGS']?.split(/\s+/).filter(Boolean) ?? [];
  const flags = [...nodeFlags(), ...extra, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  const result = await timed(process.execPath, [...flags, CLI, 'sync', '--all', '--json'], env);
  expect(result.code, `sync --all failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  if (process.env['BENCH_KEEP_OUTPUT']) {
    writeFileSync(process.env['BENCH_KEEP_OUTPUT'], result.stdout);
    writeFileSync(`${process.env['BENCH_KEEP_OUTPUT']}.stderr`, result.stderr);
  }
  const summary = JSON.parse(result.stdout.slice(result.stdout.indexOf('\n{') + 1)) as { queued?: number; done?: number; parked?: number; left?: number };
  expect(summary.parked ?? 0, 'records needing attention').toBe(0);
  const records = summary.queued ?? summary.done ?? 0;
  const cpu = result.userSeconds + result.systemSeconds;
  return {
    xero,
    run: {
      records,
      connectorCpuSeconds: +cpu.toFixed(2),
      connectorUserSeconds: result.userSeconds,
      connectorSystemSeconds: result.systemSeconds,
      msPerRecord: +((cpu * 1000) / Math.max(1, records)).toFixed(3),
      wallSeconds: +result.wallSeconds.toFixed(1),
      magentoEmulatorCpuSeconds: +(cpuSecondsOf(magento.pid) - magentoBefore).toFixed(2),
      xeroEmulatorCpuSeconds: +(cpuSecondsOf(xero.pid) - xeroBefore).toFixed(2),
    },
  };
}

/** Every order of the emulated store, read over REST (the tax rates they use are mapped before the run, as a merchant would). */
async function magentoOrders(url: string): Promise<unknown[]> {
  const answer = await fetch(`${url}/rest/V1/orders?searchCriteria[pageSize]=1000000`, { headers: { authorization: 'Bearer magento-emulator-integration-token' } });
  const body = (await answer.json()) as { items: unknown[] };
  return body.items;
}

it(`connector CPU per record, ${ORDERS} orders, emulators in their own processes`, async () => {
  postgresUrl();
  const magento = await startProcess(magentoScript(ORDERS), ROOT);
  const proxy = await countingProxy(magento.url);
  const results: Record<string, Run> = {};
  try {
    for (const db of testDatabases()) {
      const measured = await db.create();
      proxy.reset();
      const { run, xero } = await syncAll(measured.url, magento, proxy.url);
      // A copy: the proxy keeps counting during the profiled run that follows.
      const counts = structuredClone(proxy.counts());
      await xero.close();
      await measured.drop();

      // The same run again under the sampling profiler, for where the time goes (its own CPU figure is not used).
      const profileDir = mkdtempSync(join(tmpdir(), 'mx-cpu-prof-'));
      const profiled = await db.create();
      const second = await syncAll(profiled.url, magento, proxy.url, profileDir);
      await second.xero.close();
      await profiled.drop();
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      const profile = file ? summariseProfile(join(profileDir, file)) : undefined;
      if (process.env['BENCH_KEEP_PROFILE']) console.log('profile kept in', profileDir);
      else rmSync(profileDir, { recursive: true, force: true });

      const per1000 = (n: number) => +((n * 1000) / ORDERS).toFixed(1);
      results[db.name] = {
        ...run,
        magento: { ...counts, requestsPer1000Orders: per1000(counts.requests), kbPer1000Orders: per1000(counts.responseBytes / 1024), msPer1000Orders: per1000(counts.upstreamMs) },
        ...(profile ? { profile } : {}),
      };
      console.log(db.name, JSON.stringify({ ...run, magentoRequests: counts.requests }));
      expect(run.records).toBeGreaterThan(ORDERS);
    }
  } finally {
    await proxy.close();
    await magento.close();
  }
  writeResult(process.env['BENCH_RESULT_NAME'] ?? 'cpu', {
    orders: ORDERS,
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    nodeFlags: [...nodeFlags(), ...(process.env['BENCH_NODE_FLAGS']?.split(/\s+/).filter(Boolean) ?? [])].join(' '),
    // What the run is, in RESULTS.md's table (BENCH_RESULT_LABEL), e.g. "before (the commit it names)" for a run of older code.
    ...(process.env['BENCH_RESULT_LABEL'] ? { label: process.env['BENCH_RESULT_LABEL'] } : {}),
    // Magento's side counts the measured run alone (results before this field counted the profiled run as well).
    magentoCountedOnce: true,
    budgetMsPerRecord: BUDGET_MS_PER_RECORD,
    command: 'magento-xero sync --all (Xero unlimited)',
    ...results,
  });
});

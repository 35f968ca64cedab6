import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { spawnCli } from '../test/support/cli.js';
import { cliStack, exited, memoryOf, pause, tail, type MemorySample } from './cli-support.js';
import { cpuSecondsOf } from './process-stats.js';
import { writeResult } from './support.js';

// 4. Peak memory of the connector while it backfills a large store with `magento-xero sync --all` (SQLite, Xero
// emulator unlimited). The Magento emulator lives in this process (its store takes about 1 GB for 100,000 orders):
// what is sampled is the CLI child only, from /proc/<pid>/status once a second. Budget: under 300 MB RSS, flat.
const ORDERS = Number(process.env['BENCH_MEMORY_ORDERS'] ?? 100_000);
const BUDGET_MB = 300;

it(`peak RSS of sync --all over ${ORDERS} orders`, async () => {
  const generating = Date.now();
  const { stack, env } = await cliStack(ORDERS);
  const generateSeconds = (Date.now() - generating) / 1000;
  try {
    const started = Date.now();
    const child = spawnCli(['sync', '--all'], env);
    const stdout = tail(child.stdout);
    // Progress comes on stderr as "Queuing: n/total" and "Posting: n/total" lines (not a terminal).
    let progress = '';
    const stderr = tail(child.stderr);
    child.stderr?.on('data', (d: Buffer) => {
      const lines = d.toString().split('\n').filter((l) => /^(Queuing|Posting): /.test(l));
      if (lines.length > 0) progress = lines[lines.length - 1] as string;
    });
    const done = exited(child);
    const samples: MemorySample[] = [];
    let finished = false;
    // The CLI's CPU seconds at the last sample (its last second or so is missed): CPU per record at this size.
    let cpuSeconds = 0;
    void done.then(() => (finished = true));
    while (!finished) {
      const m = child.pid === undefined ? undefined : memoryOf(child.pid);
      if (m) samples.push({ seconds: +((Date.now() - started) / 1000).toFixed(1), ...m, progress });
      try {
        if (child.pid !== undefined) cpuSeconds = cpuSecondsOf(child.pid);
      } catch {
        // Gone between the check and the read.
      }
      await pause(1000);
    }
    const { code } = await done;
    const wallSeconds = (Date.now() - started) / 1000;
    expect(code, `sync --all failed:\n${stdout.text()}\n${stderr.text()}`).toBe(0);
    expect(samples.length).toBeGreaterThan(0);

    const peakMb = Math.max(...samples.map((s) => s.hwmMb));
    // Flat means: the resident size late in the run is not above what it was early on (beyond noise).
    const posting = samples.filter((s) => s.progress?.startsWith('Posting'));
    const window = (from: number, to: number) => {
      const part = posting.slice(Math.floor(posting.length * from), Math.max(Math.floor(posting.length * from) + 1, Math.floor(posting.length * to)));
      return part.length === 0 ? NaN : Math.max(...part.map((s) => s.rssMb));
    };
    const shown = pick(samples, 12);
    writeResult('memory', {
      orders: ORDERS,
      database: 'sqlite',
      command: 'magento-xero sync --all',
      generateSeconds: +generateSeconds.toFixed(1),
      wallSeconds: +wallSeconds.toFixed(1),
      peakRssMb: peakMb,
      budgetMb: BUDGET_MB,
      withinBudget: peakMb < BUDGET_MB,
      maxRssFirstQuarterOfPostingMb: window(0, 0.25),
      maxRssLastQuarterOfPostingMb: window(0.75, 1),
      lastLine: stdout.text().trim().split('\n').pop(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).trim(),
      cpuSecondsAtLastSample: cpuSeconds,
      samples: shown,
    });
  } finally {
    await stack.close();
  }
  // 100,000 orders outlast the 20 minutes other benchmarks get (the emulators share the 2 cores); a busy machine needs more.
}, Number(process.env['BENCH_MEMORY_TIMEOUT_MINUTES'] ?? 90) * 60_000);

/** About `n` samples spread evenly over the run, always with the first, the last and the one at the peak. */
function pick(samples: MemorySample[], n: number): MemorySample[] {
  if (samples.length <= n) return samples;
  const chosen = new Set<number>([0, samples.length - 1]);
  for (let i = 1; i < n - 1; i++) chosen.add(Math.round((i * (samples.length - 1)) / (n - 1)));
  let peak = 0;
  samples.forEach((s, i) => {
    if (s.rssMb > (samples[peak]?.rssMb ?? 0)) peak = i;
  });
  chosen.add(peak);
  return [...chosen].sort((a, b) => a - b).map((i) => samples[i] as MemorySample);
}

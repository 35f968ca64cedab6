// Helpers for the benchmarks that run the built CLI as separate processes (3b workers, 4 memory, 5 latency): the
// emulators stay in the benchmark's process on the wall clock, with no limits, and the CLI is told XERO_LIMITS=unlimited.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { MagentoEmulatorOptions } from '../src/emulators/magento/index.js';
import { startStack, type Stack } from '../test/support/stack.js';
import { US_TENANT } from '../test/resilience/support.js';

export const EMULATOR_UNLIMITED = { perMinute: 1e6, concurrent: 1000, perDay: 1e9 };

/** A generated store of `orders` orders against an unlimited Xero emulator on the wall clock, Xero connected. */
export async function cliStack(
  orders: number,
  options: { databaseUrl?: string; magento?: MagentoEmulatorOptions } = {},
): Promise<{ stack: Stack; env: Record<string, string> }> {
  const stack = await startStack({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    magento: { customers: Math.max(20, Math.round(orders / 4)), products: Math.max(20, Math.round(Math.sqrt(orders) * 4)), orders, ...options.magento },
    xero: { tenants: [US_TENANT], limits: EMULATOR_UNLIMITED },
  });
  await stack.connectXero();
  return { stack, env: { ...stack.env, XERO_LIMITS: 'unlimited', LOG_LEVEL: 'warn' } };
}

export interface MemorySample {
  seconds: number;
  rssMb: number;
  hwmMb: number;
  progress?: string;
}

/** VmRSS and VmHWM (peak RSS) of a process from /proc, in MB; undefined once it has gone. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const rss = kb('VmRSS');
  const hwm = kb('VmHWM');
  if (Number.isNaN(rss) || Number.isNaN(hwm)) return undefined;
  return { rssMb: +(rss / 1024).toFixed(1), hwmMb: +(hwm / 1024).toFixed(1) };
}

/** Resolves with the exit code (or signal) once the child has exited; collects its output for a failure message. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Keeps the last `max` characters a stream wrote (enough to explain a failure without holding a whole run). */
export function tail(stream: NodeJS.ReadableStream | null, max = 4000): { text(): string } {
  let text = '';
  stream?.on('data', (d: Buffer) => {
    text = (text + d.toString()).slice(-max);
  });
  return { text: () => text };
}

export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

import type { Runtime } from '../../runtime/runtime.js';
import type { Output } from '../output.js';
import { queueProgress } from '../../runtime/progress.js';
import { OUTSTANDING_STATES } from '../../domain/queue-state.js';
import { CliError, EXIT } from '../exit-codes.js';

/** Posting before the go-live gate opens is refused with what to do, exit 3 (the mapping is configuration). */
export async function requireLive(runtime: Runtime): Promise<void> {
  const closed = await runtime.postingGate();
  if (closed !== undefined) throw new CliError(`Nothing was posted: ${closed}.`, EXIT.config);
}

export interface DrainSummary {
  batches: number;
  done: number;
  retried: number;
  parked: number;
  /** Waiting for another record, an approval, Xero's limit (not errors). */
  waiting: number;
  /** Deliberately not posted (cancelled, "do not pay"): the reason is in the queue and the log. */
  skipped: number;
  left: number;
}

/**
 * Works the queue in this process with a progress bar. Without `untilEmpty` one pass over what is due; with it, also
 * waits out short retry delays (a busy Xero) until nothing is left that can still succeed without a person.
 */
export async function drainQueue(runtime: Runtime, out: Output, options: { untilEmpty: boolean }): Promise<DrainSummary> {
  const { storage, clock } = runtime;
  await requireLive(runtime);
  const worker = runtime.worker();
  const total = await storage.queue.outstanding();
  const progress = out.progress('Posting', total);
  const summary: DrainSummary = { batches: 0, done: 0, retried: 0, parked: 0, waiting: 0, skipped: 0, left: 0 };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  // Every few seconds, also while a batch waits for Xero's limit: how long is left and why it goes no faster.
  let note: string | undefined;
  const explain = () =>
    void queueProgress(runtime).then(
      (p) => {
        note = p.minutes !== undefined ? `${p.text.replace(/^\d+ to go, /, '').replace(/\.$/, '')}` : p.reason;
        progress.update(summary.done + summary.parked, total, note ?? '');
      },
      () => undefined,
    );
  const explaining = setInterval(explain, 5_000);
  explaining.unref();
  try {
    for (;;) {
      await worker.runUntilIdle(controller.signal, (r) => {
        summary.batches++;
        summary.done += r.done;
        summary.parked += r.parked;
        progress.update(summary.done + summary.parked, total, note);
      });
      if (!options.untilEmpty || controller.signal.aborted) break;
      const next = await storage.queue.nextDueAt();
      if (next === undefined) break;
      const wait = next - clock.now();
      // Waiting for tomorrow's budget or a long backoff is not "running until empty": stop and say what is left.
      if (wait > 5 * 60_000) break;
      await clock.sleep(Math.max(50, wait), controller.signal);
    }
  } finally {
    clearInterval(explaining);
    process.off('SIGINT', stop);
    progress.stop();
  }
  const counts = await storage.queue.counts();
  summary.left = counts.filter((c) => OUTSTANDING_STATES.includes(c.state)).reduce((s, c) => s + c.n, 0);
  summary.waiting = counts.filter((c) => c.state === 'waiting').reduce((s, c) => s + c.n, 0);
  summary.skipped = counts.filter((c) => c.state === 'skipped').reduce((s, c) => s + c.n, 0);
  summary.retried = counts.filter((c) => c.state === 'failed').reduce((s, c) => s + c.n, 0);
  summary.parked = counts.filter((c) => c.state === 'parked').reduce((s, c) => s + c.n, 0);
  return summary;
}

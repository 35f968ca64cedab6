/**
 * Time as the engine sees it. The real clock for the service; a simulated one for tests and benchmarks that run a Xero day
 * in seconds (the Xero emulator is given the same clock).
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * A clock that only moves when something sleeps on it: every sleeper waits for real only a tick, while simulated time
 * jumps to the earliest wake-up. Enough for a single process that runs the connector and the emulator together.
 */
export class SimulatedClock implements Clock {
  private current: number;
  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += Math.max(0, ms);
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    const wake = this.current + Math.max(0, ms);
    await new Promise((r) => setImmediate(r));
    if (wake > this.current) this.current = wake;
  }
}

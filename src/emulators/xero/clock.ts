/**
 * The emulator's notion of "now". Either the caller's injected clock, or one the emulator owns: wall time plus an offset
 * that `POST /__emulator/clock` advances, so a test can live through a day of rate limits in seconds.
 */
export interface EmulatorClock {
  now(): number;
  /** True when the clock can be advanced through the control API. */
  readonly owned: boolean;
  advance(ms: number): void;
}

export function createClock(injected?: () => number): EmulatorClock {
  if (injected) {
    return {
      now: injected,
      owned: false,
      advance() {
        throw new Error('the clock was injected by the caller and cannot be advanced here');
      },
    };
  }
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    owned: true,
    advance(ms: number) {
      offset += ms;
    },
  };
}

// A leading-and-trailing throttle: the first call runs at once, later calls within the
// interval collapse into one run at its end. Timers are injected so tests run without waiting.

export interface Throttled {
  (): void;
  /** Drops a pending run (on unmount). */
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function throttle(fn: () => void, intervalMs: number, clock: Clock = realClock): Throttled {
  let last = -Infinity;
  let timer: unknown = null;

  function run() {
    timer = null;
    last = clock.now();
    fn();
  }

  const throttled = (() => {
    if (timer !== null) return;
    const wait = last + intervalMs - clock.now();
    if (wait <= 0) run();
    else timer = clock.setTimeout(run, wait);
  }) as Throttled;

  throttled.cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  return throttled;
}

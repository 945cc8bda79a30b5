/** The UI refreshes what it shows at most this often when events pour in (a drain sends thousands). */
export const REFRESH_INTERVAL_MS = 250;

/** The timer functions the throttle uses; tests pass fakes. */
export interface ThrottleTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ThrottleTimers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export interface RefreshThrottle {
  /** Something changed: refresh now if the last refresh started `intervalMs` ago or more, else once at the end of the interval. */
  request(): void;
  /** No refresh starts after this (an unmounted panel). */
  stop(): void;
}

/**
 * Coalesces change events into refreshes: at most one refresh starts per `intervalMs`, never two
 * at once, and the last event is always followed by a refresh (trailing), so the screen ends up
 * showing the latest state. A burst of thousands of events during a drain costs a few refreshes
 * a second.
 */
export function createRefreshThrottle(refresh: () => Promise<unknown>, intervalMs: number, timers: ThrottleTimers = realTimers): RefreshThrottle {
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let running = false;
  let dirty = false;
  let stopped = false;

  const fire = () => {
    timer = null;
    if (stopped) return;
    running = true;
    dirty = false;
    lastStart = timers.now();
    let call: Promise<unknown>;
    try {
      call = refresh();
    } catch (error) {
      call = Promise.reject(error as Error);
    }
    void call
      .catch(() => undefined) // the refresh shows its own errors
      .finally(() => {
        running = false;
        if (dirty) request();
      });
  };

  function request(): void {
    if (stopped) return;
    if (running) {
      dirty = true; // refresh again once this one is in, within the interval
      return;
    }
    if (timer !== null) return; // the scheduled refresh will see this change too
    const wait = lastStart + intervalMs - timers.now();
    if (wait <= 0) fire();
    else timer = timers.setTimeout(fire, wait);
  }

  return {
    request,
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

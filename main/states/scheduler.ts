/**
 * When the sweeper and the consumer run: on a steady interval, right after a change (a
 * setImmediate after the change's commit, never inside it), and when the next queued job falls
 * due. Timers are unref'd so they never keep a process alive; `stop` silences everything.
 */
export class StateScheduler {
  private readonly tick: () => { nextDueMs: number | null; moreNow: boolean };
  private readonly intervalMs: number;
  private readonly now: () => number;
  private interval: NodeJS.Timeout | null = null;
  private dueTimer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private running = false;

  constructor(tick: () => { nextDueMs: number | null; moreNow: boolean }, intervalMs: number, now: () => number) {
    this.tick = tick;
    this.intervalMs = intervalMs;
    this.now = now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.interval = setInterval(() => this.run(), this.intervalMs);
    this.interval.unref();
    this.kick();
  }

  stop(): void {
    this.running = false;
    if (this.interval) clearInterval(this.interval);
    if (this.dueTimer) clearTimeout(this.dueTimer);
    if (this.immediate) clearImmediate(this.immediate);
    this.interval = this.dueTimer = this.immediate = null;
  }

  /** Run soon: after the current call stack (so after the caller's commit). Coalesced. */
  kick(): void {
    if (!this.running || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = null;
      this.run();
    });
  }

  private run(): void {
    if (!this.running) return;
    let next: { nextDueMs: number | null; moreNow: boolean };
    try {
      next = this.tick();
    } catch (error) {
      // A failing round (a locked or closing database) must not kill the timers; the next tick retries.
      console.error('order-state sweep/consume round failed:', error);
      return;
    }
    if (next.moreNow) {
      this.kick();
      return;
    }
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimer = null;
    if (next.nextDueMs !== null) {
      const wait = Math.max(0, next.nextDueMs - this.now());
      if (wait < this.intervalMs) {
        this.dueTimer = setTimeout(() => this.run(), wait + 1);
        this.dueTimer.unref();
      }
    }
  }
}

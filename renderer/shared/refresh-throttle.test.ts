import { describe, expect, it } from 'vitest';
import { createRefreshThrottle, type ThrottleTimers } from './refresh-throttle.ts';

/** Manual clock: timers fire only when the test advances time. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const api: ThrottleTimers = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
      await flush();
    }
    now = until;
    await flush();
  };
  return { api, advance, pending: () => timers.size };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('refresh throttle', () => {
  it('refreshes at once when idle, then at most once per interval however many events arrive', async () => {
    const clock = fakeTimers();
    let calls = 0;
    const throttle = createRefreshThrottle(async () => void calls++, 250, clock.api);

    throttle.request();
    expect(calls).toBe(1);
    await flush();
    // 20,000 events over two seconds: one refresh per 250 ms, not one per event.
    for (let i = 0; i < 20_000; i++) {
      throttle.request();
      if (i % 1_000 === 999) await clock.advance(100);
    }
    expect(calls).toBeLessThanOrEqual(1 + Math.ceil(2_000 / 250));
    expect(calls).toBeGreaterThanOrEqual(2_000 / 250);
    throttle.stop();
  });

  it('always follows the last event with a refresh (trailing)', async () => {
    const clock = fakeTimers();
    let calls = 0;
    const throttle = createRefreshThrottle(async () => void calls++, 250, clock.api);
    throttle.request();
    await flush();
    throttle.request();
    throttle.request();
    expect(calls).toBe(1);
    await clock.advance(249);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    await clock.advance(1_000);
    expect(calls).toBe(2);
  });

  it('never runs two refreshes at once: an event during a slow refresh queues one more after it', async () => {
    const clock = fakeTimers();
    let calls = 0;
    let finish: () => void = () => {};
    const throttle = createRefreshThrottle(
      () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      250,
      clock.api,
    );
    throttle.request();
    await clock.advance(1_000);
    throttle.request();
    throttle.request();
    expect(calls).toBe(1);
    finish();
    await flush();
    expect(calls).toBe(2); // the interval has passed: at once
    finish();
    await clock.advance(1_000);
    expect(calls).toBe(2);
  });

  it('keeps going after a refresh fails', async () => {
    const clock = fakeTimers();
    let calls = 0;
    const throttle = createRefreshThrottle(async () => {
      calls++;
      throw new Error('bridge down');
    }, 250, clock.api);
    throttle.request();
    await flush();
    throttle.request();
    await clock.advance(250);
    expect(calls).toBe(2);
  });

  it('starts nothing after stop', async () => {
    const clock = fakeTimers();
    let calls = 0;
    const throttle = createRefreshThrottle(async () => void calls++, 250, clock.api);
    throttle.request();
    await flush();
    throttle.request();
    throttle.stop();
    await clock.advance(1_000);
    throttle.request();
    expect(calls).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});

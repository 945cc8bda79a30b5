import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { ConnectivityTracker } from './connectivity.ts';
import { LaneQueue } from './lane-queue.ts';

describe('backoff', () => {
  const policy = { baseMs: 500, capMs: 60_000 };

  it('grows exponentially with jitter, within [ceiling/2, ceiling], capped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
        const delay = backoffDelay(attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('never retries before the server’s Retry-After', () => {
    expect(backoffDelay(1, policy, () => 0, 7000)).toBe(7000);
    expect(backoffDelay(20, policy, () => 1, 7000)).toBe(60_000);
  });
});

describe('connectivity', () => {
  it('goes offline only after several failures in a row, and online at the first answer', () => {
    const state = { online: true };
    const changes: boolean[] = [];
    const tracker = new ConnectivityTracker(state, 3, (online) => changes.push(online));
    tracker.networkFailed();
    tracker.networkFailed();
    tracker.answered();
    tracker.networkFailed();
    tracker.networkFailed();
    expect(state.online).toBe(true);
    tracker.networkFailed();
    expect(state.online).toBe(false);
    tracker.answered();
    expect(changes).toEqual([false, true]);
  });
});

describe('lane queue', () => {
  it('serves lanes with fresh work before the backlog, each first in first out, and delayed ones when due', () => {
    const q = new LaneQueue();
    for (const id of ['b1', 'b2', 'b3']) q.push(id);
    q.markFresh('f1');
    q.push('f1');
    q.push('b1'); // already queued: not twice
    q.delay('d1', 1000);
    expect([q.next(), q.next()]).toEqual(['f1', 'b1']);
    expect(q.promoteDue(999)).toBe(1000);
    expect(q.promoteDue(1000)).toBeUndefined();
    expect([q.next(), q.next(), q.next(), q.next()]).toEqual(['b2', 'b3', 'd1', undefined]);
  });

  it('keeps first-in-first-out order through a long backlog taken while lanes come back', () => {
    const q = new LaneQueue();
    for (let i = 0; i < 5000; i++) q.push(`o${i}`);
    const taken: string[] = [];
    // Each lane sent goes to the back again (its next operation), as the pusher does.
    for (let i = 0; i < 7000; i++) {
      const id = q.next()!;
      taken.push(id);
      if (Number(id.slice(1)) < 1000) q.push(id);
    }
    expect(q.readyCount).toBe(1000);
    expect(taken.slice(0, 5000)).toEqual(Array.from({ length: 5000 }, (_, i) => `o${i}`));
    expect(taken.slice(5000, 7000)).toEqual([...Array.from({ length: 1000 }, (_, i) => `o${i}`), ...Array.from({ length: 1000 }, (_, i) => `o${i}`)]);
    expect(q.next()).toBe('o0');
  });
});

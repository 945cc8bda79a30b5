/**
 * A drain of the outbox, for the progress bar: `total` is the highest pending count seen since
 * the drain began (pending went above zero), `sent` how far the count has fallen from it. The
 * drain ends when nothing is pending.
 */
export interface Drain {
  total: number;
  pending: number;
  sent: number;
}

export function nextDrain(previous: Drain | null, pending: number): Drain | null {
  if (pending <= 0) return null;
  const total = Math.max(previous?.total ?? 0, pending);
  return { total, pending, sent: total - pending };
}

/**
 * When a reconstruction job runs again. Two bounded kinds of retry (SPEC §6 step 7 and the
 * issue): a rule only partly fulfilled is re-checked later with a growing delay, a bounded number
 * of times (a new notice re-queues the order anyway); a job that threw is retried with backoff
 * and, after its last attempt, kept as dead with its error.
 */
export interface RetryPolicy {
  /** First delay after a partly fulfilled run, doubled each time, capped. */
  partialBaseMs: number;
  partialMaxMs: number;
  /** Re-enqueues for partial rules before the job is let go. */
  maxPartialRuns: number;
  /** First delay after a failed run, doubled each time, capped. */
  failureBaseMs: number;
  failureMaxMs: number;
  /** Failed runs before the job is kept as dead. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  partialBaseMs: 60_000,
  partialMaxMs: 6 * 3_600_000,
  maxPartialRuns: 8,
  failureBaseMs: 2_000,
  failureMaxMs: 10 * 60_000,
  maxAttempts: 5,
};

function doubling(base: number, max: number, runsSoFar: number): number {
  return Math.min(max, base * 2 ** Math.min(Math.max(runsSoFar, 0), 30));
}

/** Delay before re-checking partly fulfilled rules, or null when the bound is reached. */
export function partialDelay(policy: RetryPolicy, partialRunsSoFar: number): number | null {
  if (partialRunsSoFar >= policy.maxPartialRuns) return null;
  return doubling(policy.partialBaseMs, policy.partialMaxMs, partialRunsSoFar);
}

/** Delay before retrying a job that threw for the `attempts`-th time, or null: keep it dead. */
export function failureDelay(policy: RetryPolicy, attempts: number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return doubling(policy.failureBaseMs, policy.failureMaxMs, attempts - 1);
}

import type { StateJobView } from '../../common/order-states.ts';

/** What the timeline says of the order's reconstruction job, most pressing first. */
export type JobNotice =
  | { kind: 'dead'; error: string }
  | { kind: 'retrying'; attempt: number; error: string }
  | { kind: 'recheck'; time: string }
  | { kind: 'pending' }
  | null;

/**
 * `pending`: a change waits for the reconstruction (the timeline view's flag). A queued job that
 * failed is being retried with backoff: the staff see which attempt failed and why, not just
 * "pending", before it may end dead. A new notice requeues a failed job with its attempts reset
 * (its last error kept): from then on it is only pending again.
 */
export function jobNotice(job: StateJobView | null, pending: boolean, nowMs: number): JobNotice {
  if (job?.state === 'dead') return { kind: 'dead', error: job.lastError ?? '' };
  if (!pending) return null;
  if (job?.state === 'queued' && job.attempts > 0 && job.lastError !== null) {
    return { kind: 'retrying', attempt: job.attempts, error: job.lastError };
  }
  // Rules partly reached: checked again when the job is due.
  if (job?.state === 'queued' && job.partialRuns > 0 && Date.parse(job.dueAt) > nowMs) return { kind: 'recheck', time: job.dueAt };
  return { kind: 'pending' };
}

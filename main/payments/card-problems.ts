import type { Problem } from '../../common/problem.ts';
import type { DriverOutcome } from './payment-driver.ts';

/**
 * Why a card (or gift-card) charge did not go through, as a card attempt keeps it: its code and
 * facts for the UI's words (`cardProblem.<code>`), and the English sentence. A card terminal's
 * own reason (a decline, its error) is kept as it gave it.
 */
export function cardProblem(outcome: Exclude<DriverOutcome, { outcome: 'approved' }>): Problem {
  if (outcome.outcome === 'unknown' && outcome.timeoutMs !== undefined) {
    return { code: 'no_answer', params: { seconds: outcome.timeoutMs / 1000 }, message: outcome.reason };
  }
  return { code: outcome.outcome === 'declined' ? 'declined' : 'driver_error', params: { detail: outcome.reason }, message: outcome.reason };
}

/** A charge still pending when the terminal started again: a crash cut it off, its outcome unknown. */
export const INTERRUPTED: Problem = { code: 'interrupted', message: 'the terminal stopped while the charge was in progress' };

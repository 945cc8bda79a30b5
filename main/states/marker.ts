import { instantMs } from './instant.ts';
import type { Scenario, StepStateFact } from './types.ts';

/**
 * The order's `orderStateProcessRequired` marker (SPEC §6): 0 nothing to do, 1 a StepState was
 * added in a way the update scenario can follow, 2 the history may have to be corrected (a
 * notice deleted, changed, or dated before others of its code: see `noticeWriteLevel`). It only
 * ever rises until the sweeper resets it, so a deletion is never hidden by a later creation.
 */
export type Marker = 0 | 1 | 2;
export type StepStateChange = 'created' | 'updated' | 'deleted';

/** The least level a change asks for; the stores apply levels as `max(current, level)` in SQL. */
export function markerLevel(change: StepStateChange): 1 | 2 {
  return change === 'deleted' ? 2 : 1;
}

/**
 * The level writing a notice asks of the order it belongs to after the write. `prior` is the
 * notice as that order had it (undefined for a notice new to the order); `latestOfCode` the
 * latest `at` among the order's other notices with the same code (null when none).
 *
 * The update scenario only adds rules not yet in the history; the dates of applied rules stay
 * as they are. So it is enough only when the write cannot change an applied rule's dates:
 * - Changing a notice's code, time or shipment takes away the fact it was, as a deletion does
 *   (an applied rule may no longer hold, or hold from another time): 2.
 * - A new notice only adds a fact, and more facts never unfulfil a rule. For a rule on its
 *   code, startedAt is the earliest such notice and fulfilledAt the k-th earliest of the
 *   shipments' first reaches. A notice dated at or after every notice of its code leaves the
 *   earliest as it was, and its shipment's first reach is either unchanged (it had one before)
 *   or this notice, no earlier than any other first reach — so the k-th earliest is unchanged
 *   for every k an applied rule had reached: 1. One dated earlier (a carrier catching up) can
 *   move both dates back: 2, for the deletion scenario's full reconcile.
 * - A re-send changing none of those (its source) adds nothing: 1, as any update.
 */
export function noticeWriteLevel(prior: StepStateFact | undefined, next: StepStateFact, latestOfCode: string | null): 1 | 2 {
  if (prior !== undefined) {
    const sameFact = prior.shipmentId === next.shipmentId && prior.code === next.code && instantMs(prior.at) === instantMs(next.at);
    return sameFact ? 1 : 2;
  }
  return latestOfCode !== null && instantMs(latestOfCode) > instantMs(next.at) ? 2 : 1;
}

/** The marker after a change at its least level: max(current, 1) for a create or update, 2 for a delete. */
export function markerAfter(current: Marker, change: StepStateChange): Marker {
  return Math.max(current, markerLevel(change)) as Marker;
}

/** The job scenario a marker calls for. */
export function scenarioFor(marker: Marker): Scenario | null {
  if (marker === 0) return null;
  return marker === 2 ? 'deletion' : 'update';
}

/**
 * A queued job meeting a new marked change: `deletion` (a full reconcile) covers `update`, so a
 * scenario is upgraded, never downgraded. The sweeper's SQL upsert implements exactly this.
 */
export function mergeScenario(queued: Scenario, incoming: Scenario): Scenario {
  return queued === 'deletion' || incoming === 'deletion' ? 'deletion' : 'update';
}

import type { Scenario } from './types.ts';

/**
 * The order's `orderStateProcessRequired` marker (SPEC §6): 0 nothing to do, 1 a StepState was
 * created or updated, 2 one was deleted. It only ever rises until the sweeper resets it, so a
 * deletion is never hidden by a later creation.
 */
export type Marker = 0 | 1 | 2;
export type StepStateChange = 'created' | 'updated' | 'deleted';

/** The level a change asks for; the stores apply it as `max(current, level)` in SQL. */
export function markerLevel(change: StepStateChange): 1 | 2 {
  return change === 'deleted' ? 2 : 1;
}

/** The marker after a change: max(current, 1) for a create or update, 2 for a delete. */
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

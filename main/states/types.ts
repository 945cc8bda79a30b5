/** The vocabulary of order-state reconstruction (SPEC §6), shared by the pure code and the stores. */

/**
 * Why a job runs: `update` when the new notices can only add entries; `deletion` when the history
 * may need correcting — a notice removed, changed, or dated before others of its code (marker.ts).
 */
export type Scenario = 'update' | 'deletion';

export interface Rule {
  id: string;
  /** The order state the rule grants, e.g. InDelivery. */
  state: string;
  /** The StepState code that satisfies it, e.g. dispatched. */
  code: string;
  /** 1–100: the share of the order's shipments that must have reached `code`. */
  minPercent: number;
  /** Lifecycle order; breaks ties between entries valid from the same instant. */
  position: number;
  active: boolean;
}

/** What the reconstruction needs of a StepState. `at` is ISO 8601 UTC. */
export interface StepStateFact {
  shipmentId: string;
  code: string;
  at: string;
}

/** One OrderStateHistory entry: valid from `validFrom` until `validTo` (null = still current). */
export interface HistoryEntry {
  id: string;
  ruleId: string;
  state: string;
  position: number;
  startedAt: string;
  fulfilledAt: string;
  validFrom: string;
  validTo: string | null;
}

/** How far one rule got over the order's shipments. */
export interface RuleProgress {
  ruleId: string;
  state: string;
  /** The rule's share of the order's shipments to reach (fulfilled at reached × 100 ≥ minPercent × shipments). */
  minPercent: number;
  /** Shipments that have a StepState with the rule's code. */
  reached: number;
  shipments: number;
  /** 100 × reached / shipments (0 when there are no shipments). */
  percent: number;
  /** The earliest matching StepState, null when none. */
  startedAt: string | null;
  /** When the k-th shipment first reached the code, k = ⌈minPercent × n / 100⌉; null unless fulfilled. */
  fulfilledAt: string | null;
  fulfilled: boolean;
  /** 0 < percent < minPercent: a candidate worth re-checking later. */
  partial: boolean;
}

export interface CurrentState {
  state: string;
  since: string;
}

import { instantMs } from './instant.ts';
import type { CurrentState, HistoryEntry, Rule, RuleProgress, Scenario, StepStateFact } from './types.ts';

/**
 * The historical reconstruction of SPEC §6, steps 1–4, as a pure function: the order's
 * shipments, their StepStates, the rule set and the persisted history in; the new history, what
 * changed and which rules are only partly fulfilled out. No I/O: ids come from `newId`.
 */

export interface ReconstructInput {
  scenario: Scenario;
  rules: readonly Rule[];
  shipmentIds: readonly string[];
  stepStates: readonly StepStateFact[];
  history: readonly HistoryEntry[];
  newId: () => string;
}

export interface Reconstruction {
  /** The whole new history, in chronological order (valid-from, then rule position). */
  history: HistoryEntry[];
  /** Entries created by this run (each one is notified). */
  added: HistoryEntry[];
  /** Persisted entries whose rule is no longer fulfilled (deletion scenario only). */
  removed: HistoryEntry[];
  /** Persisted entries whose dates were corrected (the server learns them again, by id). */
  corrected: HistoryEntry[];
  /** Persisted entries whose row changes at all: corrected, or a validity bound moved. */
  rewritten: HistoryEntry[];
  /** Progress of every rule considered in step 1. */
  progress: RuleProgress[];
  /** Considered rules that are partly fulfilled: the job must run again later (step 7). */
  partial: RuleProgress[];
  /** The latest entry's state and since-date; null for an empty history. */
  current: CurrentState | null;
  /** True when the persisted history must change (and so the ShippingIndex, step 5). */
  changed: boolean;
}

/** Step 1: `update` leaves out rules already in the history; `deletion` takes every active rule. */
export function rulesToConsider(scenario: Scenario, rules: readonly Rule[], history: readonly HistoryEntry[]): readonly Rule[] {
  const { active } = catalog(rules);
  if (scenario === 'deletion' || history.length === 0) return active;
  const applied = new Set(history.map((h) => h.ruleId));
  return active.filter((r) => !applied.has(r.id));
}

/** What every reconstruction derives from a rule set, derived once per rule set (they are not mutated). */
interface Catalog {
  active: readonly Rule[];
  byId: ReadonlyMap<string, Rule>;
}
const catalogs = new WeakMap<readonly Rule[], Catalog>();
function catalog(rules: readonly Rule[]): Catalog {
  let found = catalogs.get(rules);
  if (!found) {
    found = { active: rules.filter((r) => r.active), byId: new Map(rules.map((r) => [r.id, r])) };
    catalogs.set(rules, found);
  }
  return found;
}

/** k = ⌈minPercent × n / 100⌉, in integers so 100 % of 3 shipments is exactly 3. */
export function requiredShipments(minPercent: number, shipments: number): number {
  return Math.floor((minPercent * shipments + 99) / 100);
}

// Scratch for evaluateRules, reused across calls (single-threaded, never re-entered): firstMs[r * n + s]
// is when shipment s first reached rule r (NaN = not yet), firstAt its text.
let firstMs = new Float64Array(64);
let firstAt: (string | undefined)[] = new Array<string | undefined>(64);

/** The index of a shipment id, the last one if listed twice (as a Map built in order would give). */
function shipmentIndexOf(shipmentIds: readonly string[], id: string): number {
  for (let i = shipmentIds.length - 1; i >= 0; i--) if (shipmentIds[i] === id) return i;
  return -1;
}

/**
 * Step 2: enrich each rule from the StepStates. A shipment reaches a rule at its earliest
 * StepState with the rule's code; the rule is fulfilled when reached × 100 ≥ minPercent × n,
 * at the instant the k-th shipment reached it. Times are compared as instants.
 * Orders have a handful of shipments and rules: linear scans beat building Maps of them.
 */
export function evaluateRules(rules: readonly Rule[], shipmentIds: readonly string[], stepStates: readonly StepStateFact[]): RuleProgress[] {
  const n = shipmentIds.length;
  const slots = rules.length * n;
  if (firstMs.length < slots) {
    firstMs = new Float64Array(slots * 2);
    firstAt = new Array<string | undefined>(slots * 2);
  }
  firstMs.fill(Number.NaN, 0, slots);
  if (n > 0) {
    for (const step of stepStates) {
      let s = -2; // not looked up yet: only for a step with a rule's code
      let ms = 0;
      for (let r = 0; r < rules.length; r++) {
        if (rules[r]!.code !== step.code) continue;
        if (s === -2) {
          s = shipmentIndexOf(shipmentIds, step.shipmentId);
          ms = instantMs(step.at);
        }
        if (s < 0) break; // a notice of a shipment the order no longer has
        const slot = r * n + s;
        if (!(firstMs[slot]! <= ms)) {
          firstMs[slot] = ms;
          firstAt[slot] = step.at;
        }
      }
    }
  }
  const progress: RuleProgress[] = [];
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    // The slots that reached the rule, by first-reach time (then shipment order): insertion
    // sort, as there are at most n of them.
    const reachedSlots: number[] = [];
    for (let slot = r * n; slot < (r + 1) * n; slot++) {
      const ms = firstMs[slot]!;
      if (Number.isNaN(ms)) continue;
      let i = reachedSlots.push(slot) - 1;
      for (; i > 0 && firstMs[reachedSlots[i - 1]!]! > ms; i--) reachedSlots[i] = reachedSlots[i - 1]!;
      reachedSlots[i] = slot;
    }
    const reached = reachedSlots.length;
    const k = requiredShipments(rule.minPercent, n);
    const fulfilled = n > 0 && reached * 100 >= rule.minPercent * n;
    const first = reachedSlots[0];
    const kth = reachedSlots[k - 1];
    progress.push({
      ruleId: rule.id,
      state: rule.state,
      reached,
      shipments: n,
      percent: n === 0 ? 0 : (100 * reached) / n,
      startedAt: first === undefined ? null : firstAt[first]!,
      fulfilledAt: fulfilled && kth !== undefined ? firstAt[kth]! : null,
      fulfilled,
      partial: n > 0 && reached > 0 && !fulfilled,
    });
  }
  return progress;
}

/**
 * Step 4: each entry is valid from its `fulfilledAt` (ties by rule position, then rule id for a
 * stable order) until the next entry's valid-from; the latest is the current state.
 */
export function chronology(entries: readonly HistoryEntry[]): { history: HistoryEntry[]; current: CurrentState | null } {
  const keyed = entries.map((e) => ({ e, ms: instantMs(e.validFrom) }));
  keyed.sort((a, b) => a.ms - b.ms || a.e.position - b.e.position || (a.e.ruleId < b.e.ruleId ? -1 : a.e.ruleId > b.e.ruleId ? 1 : 0));
  const history = keyed.map(({ e }, i) => {
    const next = keyed[i + 1];
    const validTo = next === undefined ? null : next.e.validFrom;
    return e.validTo === validTo ? e : { ...e, validTo };
  });
  const last = history[history.length - 1];
  return { history, current: last === undefined ? null : { state: last.state, since: last.validFrom } };
}

function sameInstant(a: string, b: string): boolean {
  return a === b || instantMs(a) === instantMs(b);
}

/** Steps 1–4 for one order. Running it again on its own output changes nothing. */
export function reconstruct(input: ReconstructInput): Reconstruction {
  const { scenario, rules, history } = input;
  const considered = rulesToConsider(scenario, rules, history);
  const progress = evaluateRules(considered, input.shipmentIds, input.stepStates);
  const ruleById = catalog(rules).byId;
  const byRule = new Map<string, HistoryEntry>();
  for (const h of history) byRule.set(h.ruleId, h);

  const added: HistoryEntry[] = [];
  const removed: HistoryEntry[] = [];
  const correctedIds = new Set<string>();
  const kept: HistoryEntry[] = [];

  // Step 3. `update` only adds; `deletion` reconciles the whole history with the fulfilled set.
  const fulfilled = new Map<string, RuleProgress>();
  for (const p of progress) if (p.fulfilled) fulfilled.set(p.ruleId, p);
  for (const entry of history) {
    const p = fulfilled.get(entry.ruleId);
    if (scenario === 'update') {
      kept.push(entry);
    } else if (p === undefined) {
      removed.push(entry);
    } else if (!sameInstant(entry.startedAt, p.startedAt!) || !sameInstant(entry.fulfilledAt, p.fulfilledAt!) || entry.state !== p.state) {
      correctedIds.add(entry.id);
      kept.push({ ...entry, state: p.state, startedAt: p.startedAt!, fulfilledAt: p.fulfilledAt!, validFrom: p.fulfilledAt! });
    } else {
      kept.push(entry);
    }
  }
  for (const p of fulfilled.values()) {
    if (byRule.has(p.ruleId)) continue;
    const entry: HistoryEntry = {
      id: input.newId(),
      ruleId: p.ruleId,
      state: p.state,
      position: ruleById.get(p.ruleId)?.position ?? 0,
      startedAt: p.startedAt!,
      fulfilledAt: p.fulfilledAt!,
      validFrom: p.fulfilledAt!,
      validTo: null,
    };
    added.push(entry);
    kept.push(entry);
  }
  // The rule's current position orders ties; an entry of a rule gone from the catalog keeps its own.
  const positioned = kept.map((e) => {
    const position = ruleById.get(e.ruleId)?.position ?? e.position;
    return position === e.position ? e : { ...e, position };
  });

  const { history: next, current } = chronology(positioned);
  const before = new Map(history.map((h) => [h.id, h]));
  const addedIds = new Set(added.map((a) => a.id));
  const rewritten: HistoryEntry[] = [];
  const corrected: HistoryEntry[] = [];
  const finalAdded: HistoryEntry[] = [];
  for (const e of next) {
    if (addedIds.has(e.id)) {
      finalAdded.push(e);
      continue;
    }
    const old = before.get(e.id)!;
    if (correctedIds.has(e.id)) corrected.push(e);
    if (correctedIds.has(e.id) || old.validTo !== e.validTo || old.position !== e.position) rewritten.push(e);
  }
  return {
    history: next,
    added: finalAdded,
    removed,
    corrected,
    rewritten,
    progress,
    partial: progress.filter((p) => p.partial),
    current,
    changed: finalAdded.length > 0 || removed.length > 0 || rewritten.length > 0,
  };
}

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

// Scratch reused across calls (single-threaded, never re-entered), so that a run allocates little
// more than what it returns: each allocation is cheap, but the young-generation collections they
// add up to, and the fresh memory touched after each, are what the slow runs are made of.
// evaluateRules: firstMs[r * n + s] is when shipment s first reached rule r (NaN = not yet),
// firstAt its text, and `reachedOrder` one rule's reached slots by first-reach time.
let firstMs = new Float64Array(64);
let firstAt: (string | undefined)[] = new Array<string | undefined>(64);
let reachedOrder = new Int32Array(16);
// chronology: the entries' valid-from instants and their order.
let validFromMs = new Float64Array(16);
let chronoOrder = new Int32Array(16);

/**
 * The index of a shipment id, the last one if listed twice (as a Map built in order would give).
 * An order's ids were mostly made in the same millisecond, so as UUIDv7 they share their first
 * 15 characters: their last characters tell them apart before a whole comparison does.
 */
function shipmentIndexOf(shipmentIds: readonly string[], id: string): number {
  const end = id.length - 1;
  if (end < 0) return shipmentIds.lastIndexOf(id);
  const last = id.charCodeAt(end);
  for (let i = shipmentIds.length - 1; i >= 0; i--) {
    const candidate = shipmentIds[i]!;
    if (candidate.charCodeAt(end) === last && candidate === id) return i;
  }
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
  if (reachedOrder.length < n) reachedOrder = new Int32Array(n * 2);
  const order = reachedOrder;
  const progress: RuleProgress[] = [];
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    // The slots that reached the rule, by first-reach time (then shipment order): insertion
    // sort, as there are at most n of them.
    let reached = 0;
    for (let slot = r * n; slot < (r + 1) * n; slot++) {
      const ms = firstMs[slot]!;
      if (Number.isNaN(ms)) continue;
      let i = reached++;
      for (; i > 0 && firstMs[order[i - 1]!]! > ms; i--) order[i] = order[i - 1]!;
      order[i] = slot;
    }
    const k = requiredShipments(rule.minPercent, n);
    const fulfilled = n > 0 && reached * 100 >= rule.minPercent * n;
    const first = reached > 0 ? order[0]! : -1;
    const kth = k >= 1 && k <= reached ? order[k - 1]! : -1;
    progress.push({
      ruleId: rule.id,
      state: rule.state,
      minPercent: rule.minPercent,
      reached,
      shipments: n,
      percent: n === 0 ? 0 : (100 * reached) / n,
      startedAt: first < 0 ? null : firstAt[first]!,
      fulfilledAt: fulfilled && kth >= 0 ? firstAt[kth]! : null,
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
  const count = entries.length;
  if (validFromMs.length < count) {
    validFromMs = new Float64Array(count * 2);
    chronoOrder = new Int32Array(count * 2);
  }
  const ms = validFromMs;
  const order = chronoOrder;
  // A stable insertion sort of the indices (an order has one entry per rule: a handful).
  for (let i = 0; i < count; i++) {
    ms[i] = instantMs(entries[i]!.validFrom);
    let j = i;
    for (; j > 0 && comesAfter(entries, order[j - 1]!, i); j--) order[j] = order[j - 1]!;
    order[j] = i;
  }
  const history: HistoryEntry[] = new Array<HistoryEntry>(count);
  for (let i = 0; i < count; i++) {
    const e = entries[order[i]!]!;
    const validTo = i + 1 < count ? entries[order[i + 1]!]!.validFrom : null;
    history[i] = e.validTo === validTo ? e : { ...e, validTo };
  }
  const last = history[count - 1];
  return { history, current: last === undefined ? null : { state: last.state, since: last.validFrom } };
}

/** Whether entry `a` sorts after entry `b`: by valid-from instant, then rule position, then rule id. */
function comesAfter(entries: readonly HistoryEntry[], a: number, b: number): boolean {
  const d = validFromMs[a]! - validFromMs[b]!;
  if (d > 0) return true;
  if (d < 0) return false;
  const ea = entries[a]!;
  const eb = entries[b]!;
  if (ea.position !== eb.position) return ea.position > eb.position;
  return ea.ruleId > eb.ruleId;
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
  // An order has one entry per rule and a handful of rules: the lookups below scan arrays
  // rather than build Maps and Sets of them on every run.

  const added: HistoryEntry[] = [];
  const removed: HistoryEntry[] = [];
  const correctedIds: string[] = [];
  const kept: HistoryEntry[] = [];

  // Step 3. `update` only adds; `deletion` reconciles the whole history with the fulfilled set.
  for (const entry of history) {
    if (scenario === 'update') {
      kept.push(entry);
      continue;
    }
    const p = fulfilledProgress(progress, entry.ruleId);
    if (p === undefined) {
      removed.push(entry);
    } else if (!sameInstant(entry.startedAt, p.startedAt!) || !sameInstant(entry.fulfilledAt, p.fulfilledAt!) || entry.state !== p.state) {
      correctedIds.push(entry.id);
      kept.push({ ...entry, state: p.state, startedAt: p.startedAt!, fulfilledAt: p.fulfilledAt!, validFrom: p.fulfilledAt! });
    } else {
      kept.push(entry);
    }
  }
  for (let i = 0; i < progress.length; i++) {
    const first = progress[i]!;
    // Each fulfilled rule once, where it first appears, with its last progress (as a Map filled
    // in order would list them).
    if (!first.fulfilled || entryOfRule(history, first.ruleId) !== undefined || fulfilledBefore(progress, i)) continue;
    const p = fulfilledProgress(progress, first.ruleId)!;
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
  for (let i = 0; i < kept.length; i++) {
    const e = kept[i]!;
    const position = ruleById.get(e.ruleId)?.position ?? e.position;
    if (position !== e.position) kept[i] = { ...e, position };
  }

  const { history: next, current } = chronology(kept);
  const rewritten: HistoryEntry[] = [];
  const corrected: HistoryEntry[] = [];
  const finalAdded: HistoryEntry[] = [];
  for (const e of next) {
    if (entryWithId(added, e.id) !== undefined) {
      finalAdded.push(e);
      continue;
    }
    const old = entryWithId(history, e.id)!;
    const wasCorrected = correctedIds.includes(e.id);
    if (wasCorrected) corrected.push(e);
    if (wasCorrected || old.validTo !== e.validTo || old.position !== e.position) rewritten.push(e);
  }
  const partial: RuleProgress[] = [];
  for (const p of progress) if (p.partial) partial.push(p);
  return {
    history: next,
    added: finalAdded,
    removed,
    corrected,
    rewritten,
    progress,
    partial,
    current,
    changed: finalAdded.length > 0 || removed.length > 0 || rewritten.length > 0,
  };
}

/** The last fulfilled progress of a rule (as a Map filled in order would hold), if any. */
function fulfilledProgress(progress: readonly RuleProgress[], ruleId: string): RuleProgress | undefined {
  for (let i = progress.length - 1; i >= 0; i--) {
    const p = progress[i]!;
    if (p.fulfilled && p.ruleId === ruleId) return p;
  }
  return undefined;
}

/** Whether a progress before the i-th fulfilled the same rule. */
function fulfilledBefore(progress: readonly RuleProgress[], i: number): boolean {
  const { ruleId } = progress[i]!;
  for (let j = 0; j < i; j++) if (progress[j]!.fulfilled && progress[j]!.ruleId === ruleId) return true;
  return false;
}

/** The last entry of a rule (as a Map filled in order would hold), if any. */
function entryOfRule(entries: readonly HistoryEntry[], ruleId: string): HistoryEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.ruleId === ruleId) return entries[i];
  return undefined;
}

/** The last entry with an id (as a Map filled in order would hold), if any. */
function entryWithId(entries: readonly HistoryEntry[], id: string): HistoryEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.id === id) return entries[i];
  return undefined;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noticeWriteLevel, scenarioFor, type Marker } from './marker.ts';
import { reconstruct, type Reconstruction } from './reconstruct.ts';
import type { HistoryEntry, Rule, Scenario, StepStateFact } from './types.ts';

/**
 * Properties of the pure reconstruction over random shipments, step states, rule sets and event
 * orders (issue 4 "Must show" (a)–(c); (d) is checked against the database in
 * shipping-index.test.ts).
 */

const CODES = ['dispatched', 'delayed', 'delivered', 'returned'] as const;
const BASE = Date.parse('2026-03-02T08:00:00.000Z');

const rulesArb: fc.Arbitrary<Rule[]> = fc
  .array(
    fc.record({
      state: fc.constantFrom('InDelivery', 'Delayed', 'Delivered', 'Returned'),
      code: fc.constantFrom(...CODES),
      minPercent: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(25, 50, 100)),
      position: fc.integer({ min: 0, max: 4 }),
      active: fc.constantFrom(true, true, true, false),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((rs) => rs.map((r, i) => ({ ...r, id: `R${i + 1}` })));

interface Scenery {
  rules: Rule[];
  shipmentIds: string[];
  /** In arrival order. */
  events: StepStateFact[];
}

/** Events arrive in time order (each notice happens at or after the previous one: ties allowed). */
const chronologicalArb: fc.Arbitrary<Scenery> = fc
  .record({
    rules: rulesArb,
    shipments: fc.integer({ min: 0, max: 6 }),
    raw: fc.array(
      fc.record({ ship: fc.nat(), code: fc.constantFrom(...CODES), gapMin: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90 })) }),
      { maxLength: 30 },
    ),
  })
  .map(({ rules, shipments, raw }) => {
    const shipmentIds = Array.from({ length: shipments }, (_, i) => `S${i}`);
    let t = BASE;
    const events = shipments === 0 ? [] : raw.map((e) => {
      t += e.gapMin * 60_000;
      return { shipmentId: shipmentIds[e.ship % shipments]!, code: e.code, at: new Date(t).toISOString() };
    });
    return { rules, shipmentIds, events };
  });

/** The same, then shuffled: notices arriving out of time order (a carrier catching up). */
const anyOrderArb: fc.Arbitrary<Scenery> = chronologicalArb.chain((s) =>
  fc.shuffledSubarray(s.events, { minLength: s.events.length, maxLength: s.events.length }).map((events) => ({ ...s, events })),
);

function idMaker(prefix: string) {
  let i = 0;
  return () => `${prefix}-${++i}`;
}

/** History without ids (ids are made per run). */
function shape(history: readonly HistoryEntry[]) {
  return history.map(({ id: _id, ...rest }) => rest);
}

function run(s: Scenery, scenario: Scenario, stepStates: readonly StepStateFact[], history: readonly HistoryEntry[], prefix = 'h'): Reconstruction {
  return reconstruct({ scenario, rules: s.rules, shipmentIds: s.shipmentIds, stepStates, history, newId: idMaker(prefix) });
}

/** Each arrival's marker level, as the store decides it from the notices already on the order. */
function arrivalLevels(events: readonly StepStateFact[]): (1 | 2)[] {
  return events.map((e, i) => {
    let latest: string | null = null;
    for (const p of events.slice(0, i)) if (p.code === e.code && (latest === null || ms(p.at) > ms(latest))) latest = p.at;
    return noticeWriteLevel(undefined, e, latest);
  });
}

/** The update scenario after each arrival, as the consumer would run it. */
function incremental(s: Scenery): HistoryEntry[] {
  let history: HistoryEntry[] = [];
  s.events.forEach((_, i) => {
    history = run(s, 'update', s.events.slice(0, i + 1), history, `u${i}`).history;
  });
  return history;
}

const ms = (iso: string) => Date.parse(iso);

function checkChronology(history: readonly HistoryEntry[]): void {
  history.forEach((h, i) => {
    expect(ms(h.fulfilledAt)).toBeGreaterThanOrEqual(ms(h.startedAt));
    expect(h.validFrom).toBe(h.fulfilledAt);
    const next = history[i + 1];
    if (next === undefined) expect(h.validTo).toBeNull();
    else {
      expect(h.validTo).toBe(next.validFrom);
      expect(ms(next.validFrom)).toBeGreaterThanOrEqual(ms(h.validFrom));
    }
  });
  // Half-open intervals [validFrom, validTo): pairwise disjoint.
  for (let i = 0; i < history.length; i++) {
    for (let j = i + 1; j < history.length; j++) {
      const a = history[i]!;
      const b = history[j]!;
      const aEnd = a.validTo === null ? Number.POSITIVE_INFINITY : ms(a.validTo);
      const bEnd = b.validTo === null ? Number.POSITIVE_INFINITY : ms(b.validTo);
      const overlap = Math.min(aEnd, bEnd) - Math.max(ms(a.validFrom), ms(b.validFrom));
      expect(overlap <= 0 || aEnd === ms(a.validFrom) || bEnd === ms(b.validFrom)).toBe(true);
    }
  }
}

describe('reconstruction properties', () => {
  it('(a) the update scenario after each addition equals one deletion-scenario recompute from scratch', () => {
    fc.assert(
      fc.property(chronologicalArb, (s) => {
        const stepwise = incremental(s);
        const scratch = run(s, 'deletion', s.events, []).history;
        expect(shape(stepwise)).toEqual(shape(scratch));
        // …and a deletion-scenario pass over the incremental history finds nothing to reconcile.
        expect(run(s, 'deletion', s.events, stepwise).changed).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('(a′) notices in any order, each consumer run in the scenario the marker chose, equal the recompute', () => {
    // No extra deletion run: a notice dated before others of its code marks the order 2
    // (marker.ts), so the run after it reconciles the history it may have made wrong.
    fc.assert(
      fc.property(anyOrderArb, fc.array(fc.boolean(), { maxLength: 30 }), (s, sweepAfter) => {
        const levels = arrivalLevels(s.events);
        let history: HistoryEntry[] = [];
        let marker: Marker = 0;
        s.events.forEach((_, i) => {
          marker = Math.max(marker, levels[i]!) as Marker;
          // Arrivals between two runs share one marker (its max), as between two sweeps.
          if (i < s.events.length - 1 && !(sweepAfter[i] ?? true)) return;
          history = run(s, scenarioFor(marker)!, s.events.slice(0, i + 1), history, `m${i}`).history;
          marker = 0;
        });
        expect(shape(history)).toEqual(shape(run(s, 'deletion', s.events, []).history));
        expect(run(s, 'deletion', s.events, history).changed).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('(b) idempotent: a second run changes nothing, in either scenario', () => {
    fc.assert(
      fc.property(anyOrderArb, fc.constantFrom<Scenario>('update', 'deletion'), fc.nat(), (s, scenario, cut) => {
        // Start from some earlier history (a prefix processed incrementally), then run twice.
        const prior = incremental({ ...s, events: s.events.slice(0, s.events.length === 0 ? 0 : cut % (s.events.length + 1)) });
        const first = run(s, scenario, s.events, prior, 'first');
        const second = run(s, scenario, s.events, first.history, 'second');
        expect(second.changed).toBe(false);
        expect(second.added).toEqual([]);
        expect(second.removed).toEqual([]);
        expect(second.corrected).toEqual([]);
        expect(second.rewritten).toEqual([]);
        expect(second.history).toEqual(first.history);
        expect(second.current).toEqual(first.current);
      }),
      { numRuns: 400 },
    );
  });

  it('(c) fulfilledAt is never before startedAt and validity intervals never overlap', () => {
    fc.assert(
      fc.property(anyOrderArb, fc.constantFrom<Scenario>('update', 'deletion'), (s, scenario) => {
        const r = run(s, scenario, s.events, incremental({ ...s, events: s.events.slice(0, s.events.length >> 1) }));
        checkChronology(r.history);
        for (const p of r.progress) {
          if (p.fulfilled) expect(ms(p.fulfilledAt!)).toBeGreaterThanOrEqual(ms(p.startedAt!));
          expect(p.fulfilled && p.partial).toBe(false);
        }
        const last = r.history[r.history.length - 1];
        expect(r.current).toEqual(last ? { state: last.state, since: last.validFrom } : null);
      }),
      { numRuns: 400 },
    );
  });

  it('partial exactly when some but not enough shipments reached the code', () => {
    fc.assert(
      fc.property(chronologicalArb, (s) => {
        const r = run(s, 'deletion', s.events, []);
        for (const p of r.progress) {
          const rule = s.rules.find((x) => x.id === p.ruleId)!;
          expect(p.partial).toBe(p.shipments > 0 && p.reached > 0 && p.reached * 100 < rule.minPercent * p.shipments);
          expect(p.fulfilled).toBe(p.shipments > 0 && p.percent >= rule.minPercent - 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });
});

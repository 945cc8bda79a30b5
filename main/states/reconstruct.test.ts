import { describe, expect, it } from 'vitest';
import { chronology, evaluateRules, reconstruct, requiredShipments, rulesToConsider, type ReconstructInput } from './reconstruct.ts';
import { DEFAULT_RULES } from './rules.ts';
import { at } from './test-fixtures.ts';
import type { HistoryEntry, Rule, StepStateFact } from './types.ts';

const rules = DEFAULT_RULES;
const ids = () => {
  let i = 0;
  return () => `h${++i}`;
};
const step = (shipmentId: string, code: string, hhmm: string): StepStateFact => ({ shipmentId, code, at: at(hhmm) });

/** SPEC §6 worked example: shipments A–D, R1 dispatched ≥ 50 %, R2 delayed ≥ 25 %, R3 delivered 100 %. */
const example: StepStateFact[] = [
  step('A', 'dispatched', '10:00'),
  step('B', 'dispatched', '10:30'),
  step('C', 'dispatched', '11:00'),
  step('A', 'delivered', '12:00'),
  step('B', 'delayed', '12:30'),
];

function run(partial: Partial<ReconstructInput> & Pick<ReconstructInput, 'stepStates'>) {
  return reconstruct({ scenario: 'update', rules, shipmentIds: ['A', 'B', 'C', 'D'], history: [], newId: ids(), ...partial });
}

describe('reconstruct: the SPEC §6 worked example', () => {
  it('derives InDelivery from 10:30 and Delayed from 12:30, Delayed current, R3 partial', () => {
    const r = run({ stepStates: example });
    const byRule = Object.fromEntries(r.progress.map((p) => [p.ruleId, p]));
    expect(byRule.R1).toMatchObject({ reached: 3, percent: 75, startedAt: at('10:00'), fulfilledAt: at('10:30'), fulfilled: true });
    expect(byRule.R2).toMatchObject({ minPercent: 25, reached: 1, percent: 25, startedAt: at('12:30'), fulfilledAt: at('12:30'), fulfilled: true });
    expect(byRule.R3).toMatchObject({ minPercent: 100, reached: 1, percent: 25, fulfilled: false, partial: true, fulfilledAt: null });
    expect(r.partial.map((p) => p.ruleId)).toEqual(['R3']);
    expect(r.history.map((h) => [h.ruleId, h.state, h.validFrom, h.validTo])).toEqual([
      ['R1', 'InDelivery', at('10:30'), at('12:30')],
      ['R2', 'Delayed', at('12:30'), null],
    ]);
    expect(r.current).toEqual({ state: 'Delayed', since: at('12:30') });
    expect(r.added.map((h) => h.ruleId)).toEqual(['R1', 'R2']);
    expect(r.removed).toEqual([]);
    expect(r.changed).toBe(true);
  });

  it('after B’s delayed notice is deleted, the deletion scenario removes R2: InDelivery since 10:30', () => {
    const first = run({ stepStates: example });
    const withoutDelay = example.filter((s) => s.code !== 'delayed');
    const r = run({ scenario: 'deletion', stepStates: withoutDelay, history: first.history });
    expect(r.removed.map((h) => h.ruleId)).toEqual(['R2']);
    expect(r.added).toEqual([]);
    expect(r.corrected).toEqual([]);
    expect(r.history.map((h) => [h.ruleId, h.validFrom, h.validTo])).toEqual([['R1', at('10:30'), null]]);
    expect(r.rewritten.map((h) => h.ruleId)).toEqual(['R1']); // only its validity end moved
    expect(r.current).toEqual({ state: 'InDelivery', since: at('10:30') });
  });

  it('an update-scenario run would not remove anything (only the deletion scenario reconciles)', () => {
    const first = run({ stepStates: example });
    const r = run({ scenario: 'update', stepStates: example.filter((s) => s.code !== 'delayed'), history: first.history });
    expect(r.changed).toBe(false);
    expect(r.history).toEqual(first.history);
  });
});

describe('reconstruct: rules of SPEC §6', () => {
  it('k = ⌈minPercent × n / 100⌉ in exact integers', () => {
    expect(requiredShipments(50, 4)).toBe(2);
    expect(requiredShipments(50, 3)).toBe(2);
    expect(requiredShipments(100, 3)).toBe(3);
    expect(requiredShipments(25, 4)).toBe(1);
    expect(requiredShipments(1, 1000)).toBe(10);
    expect(requiredShipments(33, 3)).toBe(1);
    expect(requiredShipments(34, 3)).toBe(2);
  });

  it('update leaves out rules already in the history; deletion takes every active rule', () => {
    const history: HistoryEntry[] = [
      { id: 'x', ruleId: 'R1', state: 'InDelivery', position: 1, startedAt: at('10:00'), fulfilledAt: at('10:00'), validFrom: at('10:00'), validTo: null },
    ];
    const withInactive: Rule[] = [...rules, { id: 'R9', state: 'Lost', code: 'lost', minPercent: 1, position: 9, active: false }];
    expect(rulesToConsider('update', withInactive, history).map((r) => r.id)).toEqual(['R2', 'R3']);
    expect(rulesToConsider('deletion', withInactive, history).map((r) => r.id)).toEqual(['R1', 'R2', 'R3']);
  });

  it('with no shipments nothing is fulfilled or partial, and the deletion scenario empties the history', () => {
    const p = evaluateRules(rules, [], [step('A', 'dispatched', '10:00')]);
    expect(p.every((x) => !x.fulfilled && !x.partial && x.percent === 0)).toBe(true);
    const first = run({ stepStates: example });
    const r = reconstruct({ scenario: 'deletion', rules, shipmentIds: [], stepStates: example, history: first.history, newId: ids() });
    expect(r.history).toEqual([]);
    expect(r.removed).toHaveLength(2);
    expect(r.current).toBeNull();
  });

  it('fulfilledAt is when the k-th shipment FIRST reached the code; repeats of a shipment do not count twice', () => {
    const states = [step('A', 'dispatched', '10:00'), step('A', 'dispatched', '09:00'), step('B', 'dispatched', '11:00')];
    const [r1] = evaluateRules([rules[0]!], ['A', 'B', 'C', 'D'], states);
    expect(r1).toMatchObject({ reached: 2, startedAt: at('09:00'), fulfilledAt: at('11:00'), fulfilled: true });
  });

  it('notices of shipments the order no longer has do not count', () => {
    const [r1] = evaluateRules([rules[0]!], ['A', 'B'], [step('Z', 'dispatched', '10:00'), step('Y', 'dispatched', '10:00')]);
    expect(r1).toMatchObject({ reached: 0, partial: false, fulfilled: false });
  });

  it('compares times as instants, whatever their ISO form', () => {
    const states = [
      { shipmentId: 'A', code: 'dispatched', at: '2026-03-02T11:00:00+02:00' }, // 09:00Z
      { shipmentId: 'B', code: 'dispatched', at: '2026-03-02T09:30:00.000Z' },
    ];
    const [r1] = evaluateRules([rules[0]!], ['A', 'B'], states);
    expect(r1!.startedAt).toBe('2026-03-02T11:00:00+02:00');
    expect(r1!.fulfilledAt).toBe('2026-03-02T11:00:00+02:00'); // k = 1 of 2
  });

  it('the deletion scenario corrects changed dates in place (same id) and reports them', () => {
    const first = run({ stepStates: example });
    const earlier = [...example, step('D', 'dispatched', '09:00')];
    const r = run({ scenario: 'deletion', stepStates: earlier, history: first.history });
    const r1 = r.history.find((h) => h.ruleId === 'R1')!;
    expect(r1.id).toBe(first.history.find((h) => h.ruleId === 'R1')!.id);
    expect(r1).toMatchObject({ startedAt: at('09:00'), fulfilledAt: at('10:00'), validFrom: at('10:00') });
    expect(r.corrected.map((h) => h.id)).toEqual([r1.id]);
    expect(r.added).toEqual([]);
  });

  it('entries valid from the same instant are ordered by rule position; the higher one is current', () => {
    const states = [step('A', 'dispatched', '10:00'), step('A', 'delayed', '10:00')];
    const r = reconstruct({ scenario: 'update', rules, shipmentIds: ['A', 'B'], stepStates: states, history: [], newId: ids() });
    expect(r.history.map((h) => [h.state, h.validFrom, h.validTo])).toEqual([
      ['InDelivery', at('10:00'), at('10:00')],
      ['Delayed', at('10:00'), null],
    ]);
    expect(r.current?.state).toBe('Delayed');
  });

  it('chronology of nothing is no current state', () => {
    expect(chronology([])).toEqual({ history: [], current: null });
  });
});

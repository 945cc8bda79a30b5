import { describe, expect, it } from 'vitest';
import { noticeWriteLevel } from './marker.ts';
import { reconstruct } from './reconstruct.ts';
import { at } from './test-fixtures.ts';
import type { HistoryEntry, Rule, StepStateFact } from './types.ts';

const notice = (shipmentId: string, code: string, hhmm: string): StepStateFact => ({ shipmentId, code, at: at(hhmm) });

describe('noticeWriteLevel (pure)', () => {
  it('a new notice: 1 when no notice of its code is later, 2 when one is', () => {
    expect(noticeWriteLevel(undefined, notice('A', 'dispatched', '10:00'), null)).toBe(1);
    expect(noticeWriteLevel(undefined, notice('A', 'dispatched', '10:00'), at('09:00'))).toBe(1);
    expect(noticeWriteLevel(undefined, notice('A', 'dispatched', '10:00'), at('10:00'))).toBe(1); // same instant
    expect(noticeWriteLevel(undefined, notice('A', 'dispatched', '09:00'), at('10:00'))).toBe(2);
    // Compared as instants, not as text.
    expect(noticeWriteLevel(undefined, notice('A', 'dispatched', '10:00'), '2026-03-02T10:30:00+01:00')).toBe(1);
  });

  it('an existing notice whose code, time or shipment changes: 2; one whose facts stay: 1', () => {
    const prior = notice('B', 'delayed', '12:30');
    expect(noticeWriteLevel(prior, notice('B', 'dispatched', '12:30'), null)).toBe(2);
    expect(noticeWriteLevel(prior, notice('B', 'delayed', '12:45'), null)).toBe(2); // later, still takes 12:30 away
    expect(noticeWriteLevel(prior, notice('C', 'delayed', '12:30'), null)).toBe(2);
    expect(noticeWriteLevel(prior, { ...prior, at: '2026-03-02T13:30:00+01:00' }, null)).toBe(1); // same instant (a source change)
  });

  it('whenever it answers 1 for a new notice, the update scenario leaves applied rules’ dates right', () => {
    // The premise of the rule, checked on a case: B dispatched at 10:30 after A at 10:00 changes
    // nothing of R1; at 09:00 it would move R1's dates, and the rule answers 2.
    const rules: Rule[] = [{ id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 50, position: 1, active: true }];
    const shipmentIds = ['A', 'B'];
    let n = 0;
    const run = (scenario: 'update' | 'deletion', stepStates: StepStateFact[], history: HistoryEntry[]) =>
      reconstruct({ scenario, rules, shipmentIds, stepStates, history, newId: () => `h${++n}` });
    const first = [notice('A', 'dispatched', '10:00')];
    const applied = run('update', first, []).history;
    for (const [hhmm, level] of [['10:30', 1], ['09:00', 2]] as const) {
      const b = notice('B', 'dispatched', hhmm);
      expect(noticeWriteLevel(undefined, b, at('10:00'))).toBe(level);
      const scratch = run('deletion', [...first, b], []).history;
      const updated = run('update', [...first, b], applied).history;
      expect(updated[0]!.startedAt === scratch[0]!.startedAt, hhmm).toBe(level === 1);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { nextDrain, type Drain } from './drain-progress.ts';

const run = (counts: number[]): Array<Drain | null> => {
  let drain: Drain | null = null;
  return counts.map((pending) => (drain = nextDrain(drain, pending)));
};

describe('drain progress', () => {
  it('counts down from the highest pending count seen since the drain began', () => {
    expect(run([0, 5, 8, 6, 2, 0]).map((d) => d && `${d.sent}/${d.total}`)).toEqual([null, '0/5', '0/8', '2/8', '6/8', null]);
  });

  it('starts a new drain after the outbox emptied', () => {
    expect(run([10, 0, 3, 1]).map((d) => d && `${d.sent}/${d.total}`)).toEqual(['0/10', null, '0/3', '2/3']);
  });

  it('keeps the total when more work arrives mid-drain below the peak', () => {
    expect(run([10, 4, 7]).map((d) => d && `${d.sent}/${d.total}`)).toEqual(['0/10', '6/10', '3/10']);
  });
});

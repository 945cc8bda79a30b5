import { describe, expect, it } from 'vitest';
import { storedFacts, storedProblem, type Problem } from './problem.ts';

describe('a problem stored beside its sentence', () => {
  it('comes back as it was: code, params (money too) and sentence', () => {
    const problem: Problem = { code: 'double_sale', params: { held: { minor: 250, currency: 'EUR' }, detail: 'x' }, message: 'another terminal …' };
    expect(storedProblem(problem.message, storedFacts(problem))).toEqual(problem);
    expect(storedProblem('no answer', storedFacts({ code: 'in_progress', message: 'no answer' }))).toEqual({ code: 'in_progress', message: 'no answer' });
  });

  it('reads a sentence without facts, or with facts that do not read, as unexplained, and stores that back without facts', () => {
    const old = storedProblem('update: server answered 503', null);
    expect(old).toEqual({ code: 'unexplained', message: 'update: server answered 503' });
    expect(storedFacts(old!)).toBeNull();
    expect(storedProblem('x', '{"params": 1}')).toEqual({ code: 'unexplained', message: 'x' });
    expect(storedProblem('x', 'not json')).toEqual({ code: 'unexplained', message: 'x' });
    expect(storedProblem(null, null)).toBeNull();
  });
});

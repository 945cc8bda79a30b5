import { describe, expect, it } from 'vitest';
import { canCoalesce, mergeFields } from './coalesce.ts';

describe('coalescing never-attempted updates', () => {
  it('folds an update into a never-attempted update or create tail', () => {
    expect(canCoalesce({ kind: 'update', state: 'pending', attempts: 0, fields: ['lines'] }, 'update')).toBe(true);
    expect(canCoalesce({ kind: 'create', state: 'pending', attempts: 0, fields: null }, 'update')).toBe(true);
  });

  it('never folds into an attempted operation, another kind, or a non-update', () => {
    expect(canCoalesce({ kind: 'update', state: 'pending', attempts: 1, fields: ['lines'] }, 'update')).toBe(false);
    expect(canCoalesce({ kind: 'update', state: 'failed', attempts: 0, fields: ['lines'] }, 'update')).toBe(false);
    expect(canCoalesce({ kind: 'sale', state: 'pending', attempts: 0, fields: null }, 'update')).toBe(false);
    expect(canCoalesce({ kind: 'update', state: 'pending', attempts: 0, fields: ['lines'] }, 'sale')).toBe(false);
    expect(canCoalesce(undefined, 'update')).toBe(false);
  });

  it('merges fields in a stable order without repeats', () => {
    expect(mergeFields(['status', 'lines'], ['customer', 'lines'])).toEqual(['lines', 'customer', 'status']);
    expect(mergeFields(null, ['delivery'])).toEqual(['delivery']);
  });
});

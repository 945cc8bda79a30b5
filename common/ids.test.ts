import { describe, expect, it } from 'vitest';
import { uuid, uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7 UUID carrying the time, unique and ordered by time', () => {
    const at = Date.parse('2026-11-21T10:00:00.000Z');
    const id = uuidv7(at);
    expect(uuid.safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    const ids = Array.from({ length: 1000 }, () => uuidv7(at));
    expect(new Set(ids).size).toBe(1000);
    expect(uuidv7(at + 1) > uuidv7(at)).toBe(true);
  });
});

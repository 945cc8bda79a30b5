import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from './instant.ts';

/** Date.parse's answer, the reference instantMs must give for every string (NaN included). */
const parsed = (s: string) => Date.parse(s);

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Strings of the canonical shape with any values in the fields, out-of-range ones included. */
const shaped = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);
const canonical = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());

describe('instantMs', () => {
  it('reads the canonical form as Date.parse does', () => {
    expect(instantMs('2026-03-02T06:00:00.000Z')).toBe(Date.UTC(2026, 2, 2, 6));
    fc.assert(fc.property(canonical, (s) => {
      expect(instantMs(s)).toBe(parsed(s));
    }), { numRuns: 5000 });
  });

  it('gives what Date.parse gives for fields out of range', () => {
    fc.assert(fc.property(shaped, (s) => {
      expect(instantMs(s)).toBe(parsed(s));
    }), { numRuns: 20000 });
  });

  it('gives what Date.parse gives when any one character is changed', () => {
    const changed = fc
      .tuple(canonical, fc.nat({ max: 23 }), fc.integer({ min: 32, max: 126 }))
      .map(([s, at, code]) => s.slice(0, at) + String.fromCharCode(code) + s.slice(at + 1));
    fc.assert(fc.property(changed, (s) => {
      expect(instantMs(s)).toBe(parsed(s));
    }), { numRuns: 20000 });
  });

  it('does not read a malformed time of the right length as some other instant', () => {
    for (const s of ['2020-07-15T0?:26:30.016Z', '2026-03-02T06:00:0:.000Z', '2026/03/02T06:00:00.000Z', '2026-03-02T06:00:00.0-1Z']) {
      expect(instantMs(s), s).toBeNaN();
    }
    // Years before 100 are years, not 1900 + the year.
    expect(instantMs('0050-01-01T00:00:00.000Z')).toBe(parsed('0050-01-01T00:00:00.000Z'));
    expect(new Date(instantMs('0050-01-01T00:00:00.000Z')).getUTCFullYear()).toBe(50);
    // Other ISO forms go through the strict parser.
    expect(instantMs('2026-03-02T07:00:00+01:00')).toBe(Date.UTC(2026, 2, 2, 6));
    expect(instantMs('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
  });
});

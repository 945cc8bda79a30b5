import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeOrder, overriddenText, type MergeLine, type MergeSide } from './merge.ts';

const line = (lineId: string, qty = 1, unitPrice = 100): MergeLine => ({ lineId, sku: lineId.toUpperCase(), name: lineId, qty, unitPrice, discount: 0 });
const side = (lines: MergeLine[], extra: Partial<MergeSide> = {}): MergeSide => ({ status: 'InProgress', lines, customer: null, delivery: null, ...extra });

describe('three-way merge', () => {
  it('takes each side’s changes by lineId', () => {
    const base = side([line('a'), line('b'), line('c')]);
    const local = side([line('a', 5), line('b'), line('c'), line('l')]); // qty of a, added l
    const remote = side([line('a'), line('c', 1, 999), line('r')]); // removed b, price of c, added r
    const { merged, conflicts } = mergeOrder(base, local, remote, { sold: false });
    expect(merged.lines).toEqual([line('a', 5), line('c', 1, 999), line('r'), line('l')]);
    expect(conflicts).toEqual([]);
  });

  it('keeps the local line when both sides changed it', () => {
    const base = side([line('a')]);
    const { merged, conflicts } = mergeOrder(base, side([line('a', 2)]), side([line('a', 3)]), { sold: false });
    expect(merged.lines).toEqual([line('a', 2)]);
    expect(conflicts).toEqual(['line a']);
  });

  it('merges customer and status as fields', () => {
    const base = side([], { customer: { name: 'A' } });
    const local = side([], { customer: { name: 'A' }, status: 'InDelivery' });
    const remote = side([], { customer: { name: 'B' } });
    expect(mergeOrder(base, local, remote, { sold: false }).merged).toMatchObject({ customer: { name: 'B' }, status: 'InDelivery' });
  });

  it('a sold order keeps its lines and names what it overrode', () => {
    const base = side([line('a')]);
    const local = side([line('a')], { status: 'Done' });
    const remote = side([line('a'), line('x')]);
    const result = mergeOrder(base, local, remote, { sold: true });
    expect(result.merged.lines).toEqual([line('a')]);
    expect(result.overridden).toEqual([{ sku: 'X', name: 'x', change: 'added' }]);
    expect(result.overridden.map(overriddenText)).toEqual(['line X (x) added elsewhere']);
  });

  it('property: unchanged local yields remote; unchanged remote yields local', () => {
    const lines = fc.uniqueArray(fc.record({ lineId: fc.constantFrom('a', 'b', 'c', 'd', 'e'), qty: fc.integer({ min: 1, max: 5 }) }), { selector: (l) => l.lineId }).map((ls) => ls.map((l) => line(l.lineId, l.qty)));
    fc.assert(
      fc.property(lines, lines, (baseLines, otherLines) => {
        const base = side(baseLines);
        const other = side(otherLines);
        expect(mergeOrder(base, base, other, { sold: false }).merged.lines).toEqual(other.lines);
        const fromLocal = mergeOrder(base, other, base, { sold: false }).merged.lines;
        expect(new Set(fromLocal.map((l) => l.lineId))).toEqual(new Set(other.lines.map((l) => l.lineId)));
      }),
    );
  });
});

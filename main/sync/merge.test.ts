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

  it('a sold order keeps its lines and status, but takes customer and delivery changed elsewhere, three ways', () => {
    const delivery = (address: string) => ({ address, shipments: [{ shipmentId: 's1', carrier: 'DHL', trackingNo: 'T1' }] });
    const base = side([line('a')], { customer: { name: 'A' } });
    const local = side([line('a')], { status: 'Done', customer: { name: 'A' } });
    const remote = side([line('a'), line('x')], { customer: { name: 'Ana', phone: '1' }, delivery: delivery('Calle Mayor 1') });
    const result = mergeOrder(base, local, remote, { sold: true });
    expect(result.merged).toEqual({ status: 'Done', lines: [line('a')], customer: { name: 'Ana', phone: '1' }, delivery: delivery('Calle Mayor 1') });
    expect(result.conflicts).toEqual([]);
    // Changed on both sides: this terminal's change is kept, and named.
    const both = mergeOrder(base, { ...local, customer: { name: 'Mine' } }, remote, { sold: true });
    expect(both.merged.customer).toEqual({ name: 'Mine' });
    expect(both.conflicts).toEqual(['customer']);
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

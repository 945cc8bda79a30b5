import type { Customer, OrderStatus } from '../../common/entities.ts';
import type { UpdateField } from '../outbox/coalesce.ts';
import type { Line } from '../orders/order-lines.ts';

/**
 * Pure three-way merge of an order (SPEC §4, 412 recovery): base = the last server copy this
 * device knew, local = the device's order, remote = the server's current copy. Line by line by
 * `lineId` and field by field: a change on one side wins; a change on both sides keeps the
 * local one (the device is the source of truth). A sold order keeps its sold lines and its
 * status whatever the server says (the money was taken) and reports what it overrode; its
 * customer and delivery are merged like any order's (the sale is not about them).
 */
export type MergeLine = Line;

export interface MergeSide {
  status: OrderStatus;
  lines: readonly MergeLine[];
  customer: Customer | null;
  delivery: { address: string; shipments: ReadonlyArray<{ shipmentId: string; carrier: string; trackingNo: string }> } | null;
}

export interface MergeResult {
  merged: MergeSide;
  /** Lines or fields both sides changed differently (the local value was kept). */
  conflicts: string[];
  /** Remote changes a sold order overrode. */
  overridden: Overridden[];
}

/** A line changed elsewhere that a sold order put back as it was sold. */
export interface Overridden {
  sku: string;
  name: string;
  change: 'added' | 'changed' | 'removed';
}

/** "line A2 (Espresso) added elsewhere" */
export const overriddenText = (o: Overridden): string => `line ${o.sku} (${o.name}) ${o.change} elsewhere`;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an update must carry for the server's copy `server` to hold this terminal's order `local`:
 * the lines when a sale overrode changes made elsewhere (`linesOverridden`), the customer and the
 * delivery where they differ.
 */
export function fieldsToSend(local: MergeSide, server: MergeSide, linesOverridden: boolean): UpdateField[] {
  return [
    ...(linesOverridden ? (['lines'] as const) : []),
    ...(same(local.customer, server.customer) ? [] : (['customer'] as const)),
    ...(same(local.delivery, server.delivery) ? [] : (['delivery'] as const)),
  ];
}

function pick3<T>(base: T, local: T, remote: T, onConflict: () => void): T {
  if (same(local, base)) return remote;
  if (same(remote, base) || same(remote, local)) return local;
  onConflict();
  return local;
}

export function mergeOrder(base: MergeSide | null, local: MergeSide, remote: MergeSide, opts: { sold: boolean }): MergeResult {
  const conflicts: string[] = [];
  const overridden: Overridden[] = [];
  if (opts.sold) {
    const localIds = new Set(local.lines.map((l) => l.lineId));
    for (const r of remote.lines) {
      const l = local.lines.find((x) => x.lineId === r.lineId);
      if (!l) overridden.push({ sku: r.sku, name: r.name, change: 'added' });
      else if (!same(l, r)) overridden.push({ sku: r.sku, name: r.name, change: 'changed' });
    }
    const baseLines = base?.lines ?? [];
    for (const b of baseLines) {
      if (localIds.has(b.lineId) && !remote.lines.some((r) => r.lineId === b.lineId)) overridden.push({ sku: b.sku, name: b.name, change: 'removed' });
    }
    const b = base ?? remote;
    const customer = pick3(b.customer, local.customer, remote.customer, () => conflicts.push('customer'));
    const delivery = pick3(b.delivery, local.delivery, remote.delivery, () => conflicts.push('delivery'));
    return { merged: { status: local.status, lines: local.lines, customer, delivery }, conflicts, overridden };
  }
  const b = base ?? remote;
  const byId = (lines: readonly MergeLine[]) => new Map(lines.map((l) => [l.lineId, l]));
  const bm = byId(b.lines);
  const lm = byId(local.lines);
  const rm = byId(remote.lines);
  const order = [...remote.lines.map((l) => l.lineId), ...local.lines.map((l) => l.lineId).filter((id) => !rm.has(id))];
  const lines: MergeLine[] = [];
  for (const id of new Set(order)) {
    const chosen = pick3(bm.get(id), lm.get(id), rm.get(id), () => conflicts.push(`line ${id}`));
    if (chosen) lines.push(chosen);
  }
  const customer = pick3(b.customer, local.customer, remote.customer, () => conflicts.push('customer'));
  const delivery = pick3(b.delivery, local.delivery, remote.delivery, () => conflicts.push('delivery'));
  const status = pick3(b.status, local.status, remote.status, () => conflicts.push('status'));
  return { merged: { status, lines, customer, delivery }, conflicts, overridden };
}

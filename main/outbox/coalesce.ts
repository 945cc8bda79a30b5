import type { OutboxKind } from '../../common/entities.ts';

/** Order fields an `update` operation can report. */
export const updateFields = ['lines', 'customer', 'delivery', 'status'] as const;
export type UpdateField = (typeof updateFields)[number];

export interface TailOperation {
  kind: OutboxKind;
  state: string;
  attempts: number;
  fields: readonly UpdateField[] | null;
}

/**
 * Whether a new `update` can be folded into the order's last operation instead of adding one.
 * Only an operation never attempted can absorb it: its body is built from the order at its
 * first attempt, so it will carry the new values; an attempted one has a frozen body.
 */
export function canCoalesce(tail: TailOperation | undefined, kind: OutboxKind): boolean {
  if (kind !== 'update' || !tail) return false;
  if (tail.state !== 'pending' || tail.attempts > 0) return false;
  return tail.kind === 'update' || tail.kind === 'create';
}

export function mergeFields(a: readonly UpdateField[] | null, b: readonly UpdateField[]): UpdateField[] {
  const set = new Set<UpdateField>([...(a ?? []), ...b]);
  return updateFields.filter((f) => set.has(f));
}

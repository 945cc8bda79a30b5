import type { OrderStatus, OutboxKind, SyncStatus } from '../../common/entities.ts';

/**
 * The local sync status of an order (SPEC §4): one table says which moves are allowed, and one
 * pure function says which status an order's outbox situation calls for.
 */
export const SYNC_TRANSITIONS: Readonly<Record<SyncStatus, readonly SyncStatus[]>> = {
  // Order operations pending or in flight, network up.
  Syncing: ['Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Delayed', 'Failed', 'Blocked'],
  // Nothing pending.
  Synced: ['Syncing', 'Charging', 'Removing', 'Removed', 'Delayed', 'Blocked'],
  // Sale or close pending or in flight.
  Charging: ['Charged', 'Syncing', 'Delayed', 'Failed', 'Blocked'],
  // Sale and close acknowledged; later shipment notices of a delivered order may still sync.
  Charged: ['Syncing', 'Delayed', 'Blocked'],
  // Deletion pending. Synced: the server completed the order before the deletion reached it.
  Removing: ['Synced', 'Removed', 'Delayed', 'Failed', 'Blocked'],
  // Deletion acknowledged (or never needed): nothing more happens to the order.
  Removed: [],
  // Waiting to retry: offline or backing off, the next attempt time is known.
  Delayed: ['Syncing', 'Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Failed', 'Blocked'],
  // A permanent refusal the staff must fix, retry or discard.
  Failed: ['Syncing', 'Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Delayed', 'Blocked'],
  // Waiting on something retrying alone will not resolve (server id, conflict, remote deletion).
  Blocked: ['Syncing', 'Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Delayed', 'Failed'],
};

export function canMoveSyncStatus(from: SyncStatus, to: SyncStatus): boolean {
  return from === to || SYNC_TRANSITIONS[from].includes(to);
}

export function assertSyncMove(from: SyncStatus, to: SyncStatus): void {
  if (!canMoveSyncStatus(from, to)) {
    throw new Error(`sync status cannot move from ${from} to ${to}`);
  }
}

export interface OpenOperation {
  kind: OutboxKind;
  state: 'pending' | 'failed' | 'blocked';
  /** ms since epoch of the next attempt; null when it may go now. */
  nextAttemptAt: number | null;
}

export interface SyncSituation {
  orderStatus: OrderStatus;
  hasSale: boolean;
  blockedReason: string | null;
  /** The order's operations not yet done, in send order. */
  open: readonly OpenOperation[];
  online: boolean;
  now: number;
}

const CHARGE_KINDS: ReadonlySet<OutboxKind> = new Set(['sale', 'close', 'reopen']);

/** The status an order's situation calls for. */
export function syncStatusFor(s: SyncSituation): SyncStatus {
  if (s.blockedReason !== null || s.open.some((op) => op.state === 'blocked')) return 'Blocked';
  if (s.open.some((op) => op.state === 'failed')) return 'Failed';
  if (s.open.length === 0) {
    if (s.orderStatus === 'Deleted') return 'Removed';
    return s.hasSale ? 'Charged' : 'Synced';
  }
  const head = s.open[0];
  if (!s.online || (head?.nextAttemptAt != null && head.nextAttemptAt > s.now)) return 'Delayed';
  if (s.open.some((op) => op.kind === 'delete')) return 'Removing';
  if (s.open.some((op) => CHARGE_KINDS.has(op.kind))) return 'Charging';
  return 'Syncing';
}

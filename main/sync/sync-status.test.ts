import { describe, expect, it } from 'vitest';
import { syncStatuses, type SyncStatus } from '../../common/entities.ts';
import { assertSyncMove, canMoveSyncStatus, syncStatusFor, type OpenOperation, type SyncSituation } from './sync-status.ts';

// The whole table, written out once more by hand: a change to the machine must change this too.
const allowed: Record<SyncStatus, SyncStatus[]> = {
  Syncing: ['Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Delayed', 'Failed', 'Blocked'],
  Synced: ['Syncing', 'Charging', 'Removing', 'Removed', 'Delayed', 'Blocked'],
  Charging: ['Charged', 'Syncing', 'Delayed', 'Failed', 'Blocked'],
  Charged: ['Syncing', 'Delayed', 'Blocked'],
  Removing: ['Synced', 'Removed', 'Delayed', 'Failed', 'Blocked'],
  Removed: [],
  Delayed: ['Syncing', 'Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Failed', 'Blocked'],
  Failed: ['Syncing', 'Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Delayed', 'Blocked'],
  Blocked: ['Syncing', 'Synced', 'Charging', 'Charged', 'Removing', 'Removed', 'Delayed', 'Failed'],
};

describe('sync status machine', () => {
  for (const from of syncStatuses) {
    for (const to of syncStatuses) {
      const expected = from === to || allowed[from].includes(to);
      it(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => {
        expect(canMoveSyncStatus(from, to)).toBe(expected);
        if (expected) expect(() => assertSyncMove(from, to)).not.toThrow();
        else expect(() => assertSyncMove(from, to)).toThrow(`sync status cannot move from ${from} to ${to}`);
      });
    }
  }

  it('Removed is final and Charged never goes back to Charging', () => {
    expect(syncStatuses.filter((s) => s !== 'Removed' && canMoveSyncStatus('Removed', s))).toEqual([]);
    expect(canMoveSyncStatus('Charged', 'Charging')).toBe(false);
  });
});

describe('syncStatusFor', () => {
  const base: SyncSituation = { orderStatus: 'InProgress', hasSale: false, blockedReason: null, open: [], online: true, now: 1000 };
  const op = (kind: OpenOperation['kind'], state: OpenOperation['state'] = 'pending', nextAttemptAt: number | null = null): OpenOperation => ({
    kind,
    state,
    nextAttemptAt,
  });

  it.each([
    ['nothing pending', base, 'Synced'],
    ['order ops pending', { ...base, open: [op('create'), op('update')] }, 'Syncing'],
    ['sale pending', { ...base, orderStatus: 'Done', hasSale: true, open: [op('sale'), op('close')] }, 'Charging'],
    ['create then sale pending', { ...base, orderStatus: 'Done', hasSale: true, open: [op('create'), op('sale')] }, 'Charging'],
    ['sold and drained', { ...base, orderStatus: 'Done', hasSale: true }, 'Charged'],
    ['delete pending', { ...base, orderStatus: 'Deleted', open: [op('delete')] }, 'Removing'],
    ['deleted and drained', { ...base, orderStatus: 'Deleted' }, 'Removed'],
    ['offline', { ...base, online: false, open: [op('create')] }, 'Delayed'],
    ['backing off', { ...base, open: [op('create', 'pending', 5000)] }, 'Delayed'],
    ['retry time passed', { ...base, open: [op('create', 'pending', 500)] }, 'Syncing'],
    ['failed op', { ...base, open: [op('update', 'failed')] }, 'Failed'],
    ['blocked op', { ...base, open: [op('sale', 'blocked')] }, 'Blocked'],
    ['blocked reason', { ...base, blockedReason: 'deleted elsewhere' }, 'Blocked'],
  ] as const)('%s → %s', (_name, situation, expected) => {
    expect(syncStatusFor(situation as SyncSituation)).toBe(expected);
  });
});

import { useEffect, useRef, useState } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import { useI18n } from '../use-i18n.ts';
import { createRefreshThrottle } from '../shared/refresh-throttle.ts';

/** What the Sync tab tells from any screen: whether the server is reached, what waits, what needs the staff. */
export interface SyncGlance {
  online: boolean;
  /** Operations waiting to be sent. */
  waiting: number;
  /** Failed and Blocked operations, and orders Blocked with nothing to send: they wait for the staff (or for the order to be settled). */
  attention: number;
}

function glanceOf(counts: { pending: number; failed: number; blocked: number }, online: boolean, blockedOrders: number): SyncGlance {
  return { online, waiting: counts.pending, attention: counts.failed + counts.blocked + blockedOrders };
}

/** Re-reads at most this often; the outbox's own events carry the counts in between. */
const RELOAD_MS = 1000;

/**
 * The sync glance, kept current from the outbox's events (sent on every online/offline change
 * and a few times a second while it drains), so a drain costs no reads. Operations also become
 * Failed or Blocked, or are settled, away from the outbox's progress (the pull learns the server
 * made an order final; the staff discard, refund, take the server's order): an order turning
 * Failed or Blocked, or any order change while some are shown, reads the counts again.
 */
export function useSyncGlance(pos: PosApi): SyncGlance | null {
  const [glance, setGlance] = useState<SyncGlance | null>(null);
  const attention = useRef(0);
  // Orders Blocked with nothing to send: no outbox event counts them, so the last status read is kept.
  const blockedOrders = useRef(0);
  useEffect(() => {
    let live = true;
    const show = (next: SyncGlance) => {
      if (!live) return;
      attention.current = next.attention;
      setGlance(next);
    };
    const throttle = createRefreshThrottle(async () => {
      const status = await pos.invoke('sync.status', {});
      if (!status.ok) return;
      blockedOrders.current = status.value.blockedOrders;
      show(glanceOf(status.value.outbox, status.value.online, blockedOrders.current));
    }, RELOAD_MS);
    throttle.request();
    const offOutbox = pos.on('outbox.changed', (counts) => show(glanceOf(counts, counts.online, blockedOrders.current)));
    const offOrder = pos.on('order.changed', ({ syncStatus }) => {
      if (attention.current > 0 || syncStatus === 'Failed' || syncStatus === 'Blocked') throttle.request();
    });
    return () => {
      live = false;
      offOutbox();
      offOrder();
      throttle.stop();
    };
  }, [pos]);
  return glance;
}

/** Beside the Sync tab's name: how many operations and orders need the staff, and Offline; nothing while all is well. */
export function SyncGlanceBadges({ glance }: { glance: SyncGlance | null }) {
  const { t, plural } = useI18n();
  if (!glance) return null;
  return (
    <>
      {glance.attention > 0 && (
        <span className="tab-badge tab-badge-attention" data-testid="sync-glance-attention" title={plural('glance.attention', glance.attention)}>
          {glance.attention}
        </span>
      )}
      {!glance.online && (
        <span className="tab-badge tab-badge-offline" data-testid="sync-glance-offline" title={glance.waiting > 0 ? plural('glance.waiting', glance.waiting) : t('glance.waitingNone')}>
          {t('syncPanel.offline')}
        </span>
      )}
    </>
  );
}

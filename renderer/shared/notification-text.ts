import { RESTORED_COPY_NOTIFICATION } from '../../common/order-states.ts';
import type { StringKey } from '../i18n.ts';
import { stateLabel } from '../states/state-label.ts';

type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

/** What the UI needs of a stored notification (NotificationView). */
export interface NotificationFacts {
  kind: string;
  orderNumber: string | null;
  state: string | null;
  message: string;
}

const SYNC_HEADLINES: Readonly<Record<string, StringKey>> = {
  sync_failed: 'notifications.sync_failed',
  sync_blocked: 'notifications.sync_blocked',
  sale_overrode: 'notifications.sale_overrode',
  completed_elsewhere: 'notifications.completed_elsewhere',
};

/**
 * A notification in the staff's language: a headline, and the main process's detail where it has
 * one (the server's refusal, the reason an order is blocked, the lines a sale overrode; English).
 */
export function notificationText(t: Translate, n: NotificationFacts): { headline: string; detail: string | null } {
  const order = n.orderNumber ?? '';
  if (n.kind === 'orderState' && n.state) return { headline: t('notifications.orderState', { order, state: stateLabel(t, n.state) }), detail: null };
  // main/restored-copy.ts: the copy's date and the new receipt series are in the detail.
  if (n.kind === RESTORED_COPY_NOTIFICATION) return { headline: t('notifications.restored_copy'), detail: n.message };
  const key = SYNC_HEADLINES[n.kind];
  if (key && n.orderNumber !== null) return { headline: t(key, { order }), detail: n.message };
  return { headline: n.message, detail: null };
}

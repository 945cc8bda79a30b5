import { RESTORED_COPY_NOTIFICATION } from '../../common/order-states.ts';
import type { Problem } from '../../common/problem.ts';
import type { StringKey } from '../i18n.ts';
import { stateLabel } from '../states/state-label.ts';
import type { I18n } from '../use-i18n.ts';
import { noticeText, syncProblemText } from './error-text.ts';

/** What the UI needs of a stored notification (NotificationView). */
export interface NotificationFacts {
  kind: string;
  orderNumber: string | null;
  state: string | null;
  message: string;
  /** A sync notice's detail as a problem, when it has one. */
  detail?: Problem | null;
}

const SYNC_HEADLINES: Readonly<Record<string, StringKey>> = {
  sync_failed: 'notifications.sync_failed',
  sync_blocked: 'notifications.sync_blocked',
  sale_overrode: 'notifications.sale_overrode',
  completed_elsewhere: 'notifications.completed_elsewhere',
};

/**
 * A notification in the staff's language: a headline, and the main process's detail where it has
 * one (the server's refusal, the reason an order is blocked, the lines a sale overrode), in the
 * staff's words when the notice names its problem, else as the main process wrote it (English).
 */
export function notificationText(i18n: Pick<I18n, 't' | 'lang' | 'locale'>, n: NotificationFacts): { headline: string; detail: string | null } {
  const { t } = i18n;
  const order = n.orderNumber ?? '';
  if (n.kind === 'orderState' && n.state) return { headline: t('notifications.orderState', { order, state: stateLabel(t, n.state) }), detail: null };
  // main/restored-copy.ts: the copy's date and the new receipt series are in the detail.
  if (n.kind === RESTORED_COPY_NOTIFICATION) return { headline: t('notifications.restored_copy'), detail: n.detail ? noticeText(i18n, n.detail) : n.message };
  const key = SYNC_HEADLINES[n.kind];
  if (key && n.orderNumber !== null) return { headline: t(key, { order }), detail: n.detail ? syncProblemText(i18n, n.detail) : n.message };
  return { headline: n.message, detail: null };
}

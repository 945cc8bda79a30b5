import type { OrderStatus, SyncStatus } from '../../common/entities.ts';
import { useI18n } from '../use-i18n.ts';

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-status-${status}`} data-testid="status-badge">
      {t(`status.${status}`)}
    </span>
  );
}

/**
 * Whether an order's sync badge tells something its status badge does not. A deleted order whose
 * deletion reached the server (Removed, a state nothing leaves) says no more than "Deleted", and
 * in some languages the two read the same ("Удалён Удалён").
 */
export function syncBadgeShown(orderStatus: OrderStatus, syncStatus: SyncStatus): boolean {
  return !(orderStatus === 'Deleted' && syncStatus === 'Removed');
}

/** The order's sync state; given the order's status, nothing when it would only repeat it. */
export function SyncBadge({ status, orderStatus }: { status: SyncStatus; orderStatus?: OrderStatus }) {
  const { t } = useI18n();
  if (orderStatus !== undefined && !syncBadgeShown(orderStatus, status)) return null;
  return (
    <span className={`badge badge-sync-${status}`} data-testid="sync-badge">
      {t(`sync.${status}`)}
    </span>
  );
}

export function ErrorLine({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert" data-testid="error">
      {message}
    </p>
  );
}

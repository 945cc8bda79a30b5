import type { OrderStatus, OrderView, SyncStatus } from '../../common/entities.ts';
import { isFinal } from '../../common/order-status.ts';
import type { StringKey } from '../i18n.ts';
import { useI18n } from '../use-i18n.ts';

type FinalOnServer = OrderView['finalOnServer'];

/**
 * The final status the server gave an order still open here (deleted by the back office, or
 * completed elsewhere, while it is Blocked for the money it holds), or null. Its local status
 * ("In progress") is then no longer true: the badge says what is, as the sync panel's blocked
 * orders say it.
 */
function finalElsewhere(status: OrderStatus, finalOnServer: FinalOnServer): FinalOnServer {
  return finalOnServer !== null && !isFinal(status) ? finalOnServer : null;
}

/** What an order's status badge says. */
export function statusBadgeKey(status: OrderStatus, finalOnServer: FinalOnServer = null): StringKey {
  const elsewhere = finalElsewhere(status, finalOnServer);
  return elsewhere !== null ? `status.finalOnServer.${elsewhere}` : `status.${status}`;
}

/** An order's status; given `finalOnServer`, the server's final one where that is what is true (statusBadgeKey). */
export function StatusBadge({ status, finalOnServer = null }: { status: OrderStatus; finalOnServer?: FinalOnServer }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-status-${finalElsewhere(status, finalOnServer) ?? status}`} data-testid="status-badge">
      {t(statusBadgeKey(status, finalOnServer))}
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

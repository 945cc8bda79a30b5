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

export function SyncBadge({ status }: { status: SyncStatus }) {
  const { t } = useI18n();
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

import { useCallback, useEffect, useState } from 'react';
import type { NotificationView } from '../../common/order-states.ts';
import type { IpcError, PosApi } from '../../common/ipc-contract.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { errorText } from '../shared/error-text.ts';
import { notificationText } from '../shared/notification-text.ts';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from '../shared/refresh-throttle.ts';
import { useDateTime } from '../shared/use-date-time.ts';
import { useI18n } from '../use-i18n.ts';

const LIMIT = 20;

interface Props {
  pos: PosApi;
  onSelect: (orderClientId: string) => void;
}

/** The latest notifications (order-state changes, SPEC §6 step 6, and sync's), newest first; a new one appears as it is sent. */
export function NotificationList({ pos, onSelect }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const dateTime = useDateTime();
  const [items, setItems] = useState<readonly NotificationView[]>([]);
  // Kept as the terminal refused it and worded when shown: after a language change it reads in the new one.
  const [error, setError] = useState<IpcError | null>(null);

  const load = useCallback(async () => {
    const result = await pos.invoke('states.notifications', { limit: LIMIT });
    if (result.ok) setItems(result.value);
    setError(result.ok ? null : result.error);
  }, [pos]);

  useEffect(() => {
    // A rebuild sends thousands at once: the list reloads a few times a second at most.
    const throttle = createRefreshThrottle(load, REFRESH_INTERVAL_MS);
    throttle.request();
    const off = pos.on('notification', throttle.request);
    return () => {
      off();
      throttle.stop();
    };
  }, [pos, load]);

  return (
    <section className="notifications" aria-label={t('notifications.title')}>
      <h3>{t('notifications.title')}</h3>
      <ErrorLine message={error && errorText(i18n, error)} />
      {items.length === 0 ? (
        <p className="muted small">{t('notifications.empty')}</p>
      ) : (
        <ul className="notification-list" data-testid="notification-list">
          {items.map((n) => {
            const { headline, detail } = notificationText(i18n, n);
            return (
              <li key={n.id} data-testid="notification" data-kind={n.kind} data-order-id={n.orderClientId ?? ''} data-state={n.state ?? ''}>
                {n.orderClientId ? (
                  <button type="button" className="link" onClick={() => onSelect(n.orderClientId!)}>
                    {headline}
                  </button>
                ) : (
                  <span>{headline}</span>
                )}
                {detail && <span className="small notification-detail">{detail}</span>}
                <span className="muted small">{dateTime(n.at)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

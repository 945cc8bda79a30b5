import { useCallback, useEffect, useRef, useState } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import { orderNumber } from '../../common/order-label.ts';
import type { ShipmentHitView } from '../../common/order-states.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { RowButton } from '../shared/RowButton.tsx';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from '../shared/refresh-throttle.ts';
import { useI18n } from '../use-i18n.ts';
import { DeadJobs } from './DeadJobs.tsx';
import { NotificationList } from './NotificationList.tsx';
import { OrderTimeline } from './OrderTimeline.tsx';
import { StateBadge } from './StateBadge.tsx';
import { StepCode } from './StepCode.tsx';
import { useErrorText } from '../shared/use-error-text.ts';

const HIT_LIMIT = 50;

/**
 * The deliveries screen (SPEC §5): a type-ahead search of the ShippingIndex (customer, address,
 * order number, carrier, tracking number, last step), order-state updates that failed, the latest
 * notifications, and the chosen order's state timeline. Results follow state changes as they happen.
 */
export function DeliveriesScreen({ pos }: { pos: PosApi }) {
  const { t } = useI18n();
  const textOf = useErrorText();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly ShipmentHitView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  // The shipment hit the order was opened from (none when opened from a notification or a failed update).
  const [shipment, setShipment] = useState<string | null>(null);
  const open = (orderClientId: string, shipmentId: string | null = null) => {
    setSelected(orderClientId);
    setShipment(shipmentId);
  };
  const latestQuery = useRef(query);
  latestQuery.current = query;
  const seq = useRef(0);

  const search = useCallback(async () => {
    const mine = ++seq.current;
    const text = latestQuery.current;
    if (text.trim() === '') {
      setHits([]);
      setError(null);
      return;
    }
    const result = await pos.invoke('states.searchShipments', { query: text, limit: HIT_LIMIT });
    if (mine !== seq.current) return; // the staff typed on: a newer search is on its way
    if (result.ok) setHits(result.value);
    setError(result.ok ? null : textOf(result.error));
  }, [pos]);

  useEffect(() => void search(), [query, search]);

  useEffect(() => {
    // The hits show each order's state: look again when states move (a few times a second at most).
    const throttle = createRefreshThrottle(search, REFRESH_INTERVAL_MS);
    const offNotification = pos.on('notification', throttle.request);
    const offOrder = pos.on('order.changed', throttle.request);
    return () => {
      offNotification();
      offOrder();
      throttle.stop();
    };
  }, [pos, search]);

  return (
    <div className="deliveries">
      <aside className="panel">
        <DeadJobs pos={pos} onSelect={(id) => open(id)} />
        <label className="field">
          <span>{t('deliveries.search')}</span>
          <input
            type="search"
            data-testid="shipment-search"
            value={query}
            maxLength={200}
            placeholder={t('deliveries.searchHint')}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        <ErrorLine message={error} />
        {query.trim() === '' ? (
          <p className="muted small">{t('deliveries.noQuery')}</p>
        ) : hits.length === 0 ? (
          <p className="muted small" data-testid="no-hits">
            {t('deliveries.noHits', { query: query.trim() })}
          </p>
        ) : (
          <ul className="order-list" data-testid="shipment-hits">
            {hits.map((hit) => (
              <li key={hit.shipmentId}>
                <RowButton testId="shipment-hit" orderId={hit.orderClientId} selected={hit.orderClientId === selected} onSelect={(id) => open(id, hit.shipmentId)}>
                  <span className="order-row-head">
                    <strong>{t('orders.number', { id: hit.orderNumber || orderNumber({ serverId: 0, clientId: hit.orderClientId }) })}</strong>
                    <StateBadge state={hit.orderState} />
                  </span>
                  <span className="order-row-sub">{[hit.customer, hit.address].filter(Boolean).join(' · ')}</span>
                  <span className="order-row-sub muted">
                    {hit.carrier} <span className="mono">{hit.trackingNo}</span>
                    {hit.lastStep && (
                      <>
                        {` · ${t('deliveries.lastStep')}: `}
                        <StepCode code={hit.lastStep} />
                      </>
                    )}
                  </span>
                </RowButton>
              </li>
            ))}
          </ul>
        )}
        <NotificationList pos={pos} onSelect={(id) => open(id)} />
      </aside>
      {selected ? (
        <OrderTimeline key={selected} pos={pos} orderClientId={selected} shipmentId={shipment} />
      ) : (
        <p className="panel empty muted">{t('deliveries.select')}</p>
      )}
    </div>
  );
}

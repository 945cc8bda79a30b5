import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, PosApi } from '../../common/ipc-contract.ts';
import { orderNumber } from '../../common/order-label.ts';
import type { ShipmentHitView } from '../../common/order-states.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { errorText } from '../shared/error-text.ts';
import { RowButton } from '../shared/RowButton.tsx';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from '../shared/refresh-throttle.ts';
import { useI18n } from '../use-i18n.ts';
import { DeadJobs } from './DeadJobs.tsx';
import { NotificationList } from './NotificationList.tsx';
import { orderHits } from './order-hits.ts';
import { OrderTimeline } from './OrderTimeline.tsx';
import { StateBadge } from './StateBadge.tsx';
import { StepCode } from './StepCode.tsx';

/** The newest matching shipments asked for: their orders are listed (as many at most), each with all of its shipments found. */
const HIT_LIMIT = 50;
/** Shipments listed under one order found; the rest are counted (the order's timeline lists them all). */
const SHIPMENTS_SHOWN = 3;

/**
 * The deliveries screen (SPEC §5): a type-ahead search of the ShippingIndex (customer, address,
 * order number, carrier, tracking number, last step), order-state updates that failed, the latest
 * notifications, and the chosen order's state timeline. Results follow state changes as they happen.
 */
export function DeliveriesScreen({ pos }: { pos: PosApi }) {
  const i18n = useI18n();
  const { t, plural } = i18n;
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly ShipmentHitView[]>([]);
  // Kept as the terminal refused it and worded when shown: after a language change it reads in the new one.
  const [error, setError] = useState<IpcError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  // The shipment found that the order was opened from (none when opened from a notification or a failed update).
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
    setError(result.ok ? null : result.error);
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
        <ErrorLine message={error && errorText(i18n, error)} />
        {query.trim() === '' ? (
          <p className="muted small">{t('deliveries.noQuery')}</p>
        ) : hits.length === 0 ? (
          <p className="muted small" data-testid="no-hits">
            {t('deliveries.noHits', { query: query.trim() })}
          </p>
        ) : (
          <ul className="order-list" data-testid="shipment-hits">
            {orderHits(hits).map(({ orderClientId, order, shipments }) => (
              <li key={orderClientId}>
                {/* Opened on its first shipment found: the add-notice form starts on it. */}
                <RowButton testId="order-hit" orderId={orderClientId} selected={orderClientId === selected} onSelect={(id) => open(id, shipments[0]!.shipmentId)}>
                  <span className="order-row-head">
                    <strong>{t('orders.number', { id: order.orderNumber || orderNumber({ serverId: 0, clientId: orderClientId }) })}</strong>
                    <StateBadge state={order.orderState} />
                  </span>
                  <span className="order-row-sub">{[order.customer, order.address].filter(Boolean).join(' · ')}</span>
                  {shipments.slice(0, SHIPMENTS_SHOWN).map((hit) => (
                    <span key={hit.shipmentId} className="order-row-sub muted" data-testid="hit-shipment" data-shipment-id={hit.shipmentId}>
                      {hit.carrier} <span className="mono">{hit.trackingNo}</span>
                      {hit.lastStep && (
                        <>
                          {` · ${t('deliveries.lastStep')}: `}
                          <StepCode code={hit.lastStep} />
                        </>
                      )}
                    </span>
                  ))}
                  {shipments.length > SHIPMENTS_SHOWN && (
                    <span className="order-row-sub muted" data-testid="hit-more">
                      {plural('deliveries.moreShipments', shipments.length - SHIPMENTS_SHOWN)}
                    </span>
                  )}
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

import type { BlockedOrderSummary } from '../../common/entities.ts';
import { orderNumber } from '../../common/order-label.ts';
import { StatusBadge } from '../shared/Badges.tsx';
import { syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import { useMoney } from '../shared/use-money.ts';
import { useI18n } from '../use-i18n.ts';

interface Props {
  orders: readonly BlockedOrderSummary[];
  onOpenOrder: (orderClientId: string) => void;
}

/**
 * Orders Blocked with nothing left to send (the server made them final, or another terminal sold
 * them, while this one holds their money): no outbox operation stands for them, so the sync panel
 * lists them here, each with why and a way to the order, where the money is settled.
 */
export function BlockedOrders({ orders, onOpenOrder }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const money = useMoney();
  if (orders.length === 0) return null;
  return (
    <section className="blocked-orders" data-testid="blocked-orders" aria-label={t('blockedOrders.title')}>
      <h3>{t('blockedOrders.title')}</h3>
      <ul>
        {orders.map((order) => (
          <li key={order.clientId} data-testid="blocked-order" data-order-id={order.clientId}>
            <span className="blocked-order-head">
              <b>{t('orders.number', { id: orderNumber(order) })}</b>
              <StatusBadge status={order.status} finalOnServer={order.finalOnServer} />
              <span className="muted small">
                {t('money.paid')} {money(order.paid, order.currency)}
              </span>
            </span>
            <span className="small" data-testid="blocked-order-reason" title={order.blockedReason ? syncProblemTooltip(i18n, order.blockedReason) : undefined}>
              {order.blockedReason ? syncProblemText(i18n, order.blockedReason) : t('sync.Blocked')}
            </span>
            <button type="button" className="link" data-testid="blocked-order-open" onClick={() => onOpenOrder(order.clientId)}>
              {t('outbox.settleAtOrder')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { isRefundOnly, type OrderSummary } from '../../common/entities.ts';
import { RowButton } from '../shared/RowButton.tsx';
import { useI18n } from '../use-i18n.ts';
import { StatusBadge, SyncBadge } from '../shared/Badges.tsx';
import { orderNumber } from '../../common/order-label.ts';
import { useMoney } from '../shared/use-money.ts';
import { useStaff } from '../settings/use-staff.ts';

interface Props {
  orders: readonly OrderSummary[];
  selectedId: string | null;
  onSelect: (clientId: string) => void;
}

/** The counter's active orders with their status, sync state and money. */
export function OrderList({ orders, selectedId, onSelect }: Props) {
  const { t, plural } = useI18n();
  const money = useMoney();
  const staff = useStaff();
  if (orders.length === 0) return <p className="muted">{t('orders.empty')}</p>;
  return (
    <ul className="order-list" data-testid="order-list">
      {orders.map((order) => (
        <li key={order.clientId}>
          <RowButton testId="order-row" orderId={order.clientId} selected={order.clientId === selectedId} onSelect={onSelect}>
            <OrderRowHead order={order} />
            <span className="order-row-sub muted">
              {/* A kiosk's customer is not told they are a "walk-in": the staff's word for an order without a name. */}
              {staff && <>{order.customerName ?? t('orders.walkIn')} · </>}
              {plural('orders.lines', order.lineCount)}
            </span>
            <span className="order-row-money">
              <span>
                {t('money.total')} <b data-testid="row-total">{money(order.total, order.currency)}</b>
              </span>
              <span>
                {t('money.paid')} <b>{money(order.paid, order.currency)}</b>
              </span>
              {isRefundOnly(order) ? (
                // As the payment panel says it: a deleted order owes nothing; what is held is to refund.
                <span>
                  {t('pay.refundDue')} <b data-testid="row-balance">{money(order.paid, order.currency)}</b>
                </span>
              ) : (
                // More paid than is due (a line removed after payment): a refund due, as the panel says it.
                <span>
                  {order.balance < 0 ? t('pay.refundDue') : t('money.balance')}{' '}
                  <b data-testid="row-balance">{money(Math.abs(order.balance), order.currency)}</b>
                </span>
              )}
            </span>
          </RowButton>
        </li>
      ))}
    </ul>
  );
}

/** A listed order's number and its status and sync badges (the sync one only when it adds something). */
export function OrderRowHead({ order }: { order: OrderSummary }) {
  const { t } = useI18n();
  const staff = useStaff();
  return (
    <span className="order-row-head">
      <strong>{t('orders.number', { id: orderNumber(order) })}</strong>
      <span className="badges">
        <StatusBadge status={order.status} finalOnServer={order.finalOnServer} />
        {staff && <SyncBadge status={order.syncStatus} orderStatus={order.status} />}
      </span>
    </span>
  );
}

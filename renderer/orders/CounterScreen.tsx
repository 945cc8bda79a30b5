import { useRef, useState } from 'react';
import { orderSummaryOf, type OrderSummary, type OrderView } from '../../common/entities.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { isFinal } from '../../common/order-status.ts';
import { useStaff } from '../settings/use-staff.ts';
import { useI18n } from '../use-i18n.ts';
import { PaymentPanel } from '../payments/PaymentPanel.tsx';
import { ErrorLine } from '../shared/Badges.tsx';
import { SearchField } from '../shared/SearchField.tsx';
import { useAction } from '../shared/use-action.ts';
import { FinishedOrders } from './FinishedOrders.tsx';
import { OrderEditor } from './OrderEditor.tsx';
import { OrderList } from './OrderList.tsx';
import { useCatalog } from './use-catalog.ts';

interface Props {
  pos: PosApi;
  orders: readonly OrderSummary[];
  order: OrderView | null;
  listError: string | null;
  /** The active orders' search (customer, order number or id), as typed. */
  search: string;
  onSearch: (text: string) => void;
  onOrder: (order: OrderView) => void;
}

/**
 * The counter: active orders on the left (or the finished ones, to find a sale again), the open
 * order and its payment beside them. At a self-service kiosk (no staff session) a customer sees
 * only the order they have open: other customers' orders, names and phones are not theirs to browse.
 */
export function CounterScreen({ pos, orders, order, listError, search, onSearch, onOrder }: Props) {
  const { t } = useI18n();
  const staff = useStaff();
  // A customer's own order, while it is active (the terminal lists the shop's orders to staff only).
  const listed = staff ? orders : order && !isFinal(order.status) ? [orderSummaryOf(order)] : [];
  const [view, setView] = useState<'active' | 'finished'>('active');
  const finished = staff && view === 'finished';
  const action = useAction();
  // A new order is an active one: the list beside it shows the active orders again.
  const create = () =>
    void action.run(() => pos.invoke('orders.create', {}), (created) => {
      setView('active');
      onOrder(created);
    });
  // In the open order's currency: loaded again when a newer catalog arrives or an order in another
  // currency is opened, not per order opened.
  const catalog = useCatalog(pos, order?.currency ?? null);
  const open = (clientId: string) => void action.run(() => pos.invoke('orders.get', { orderClientId: clientId }), onOrder);
  // After a payment the next scan goes to the barcode field, not into the amount just typed.
  const barcodeField = useRef<HTMLInputElement>(null);
  // The order whose payment awaits the card terminal's answer: its editor does not offer to delete it meanwhile.
  const [waitingFor, setWaitingFor] = useState<string | null>(null);

  return (
    <div className="counter">
      <aside className="panel orders">
        <header className="panel-head">
          {/* A customer at a kiosk sees their own order only: told as theirs, not as the shop's list. */}
          <h2>{t(!staff ? 'kiosk.title' : finished ? 'finished.title' : 'orders.title')}</h2>
          <button type="button" className="primary" data-testid="new-order" disabled={action.busy} onClick={create}>
            {t('orders.new')}
          </button>
        </header>
        {staff && (
          <div className="list-views" role="group" aria-label={t('orders.lists')}>
            {(['active', 'finished'] as const).map((v) => (
              <button type="button" key={v} data-testid={`view-${v}`} aria-pressed={view === v} onClick={() => setView(v)}>
                {t(`orders.view.${v}`)}
              </button>
            ))}
          </div>
        )}
        <ErrorLine message={action.error ?? (finished ? null : listError)} />
        {finished ? (
          <FinishedOrders pos={pos} selectedId={order?.clientId ?? null} onSelect={open} />
        ) : (
          <>
            {staff && (
              <SearchField testId="order-search" value={search} label={t('orders.search')} onChange={onSearch} />
            )}
            {listed.length === 0 && search.trim() !== '' ? (
              <p className="muted" data-testid="no-orders-match">
                {t('orders.noMatch', { query: search.trim() })}
              </p>
            ) : listed.length === 0 && !staff ? (
              <p className="muted" data-testid="kiosk-start">
                {t('kiosk.start')}
              </p>
            ) : (
              <OrderList orders={listed} selectedId={order?.clientId ?? null} onSelect={open} />
            )}
          </>
        )}
      </aside>
      {order ? (
        <>
          <OrderEditor
            key={`editor-${order.clientId}`}
            pos={pos}
            order={order}
            products={catalog?.products ?? null}
            barcodeField={barcodeField}
            cardWaiting={waitingFor === order.clientId}
            onOrder={onOrder}
          />
          <PaymentPanel
            key={`payment-${order.clientId}`}
            pos={pos}
            order={order}
            onOrder={onOrder}
            onPaid={() => barcodeField.current?.focus()}
            onWaiting={(waiting) => {
              const clientId = order.clientId;
              setWaitingFor((current) => (waiting ? clientId : current === clientId ? null : current));
            }}
          />
        </>
      ) : (
        <p className="panel empty muted">{t('editor.none')}</p>
      )}
    </div>
  );
}

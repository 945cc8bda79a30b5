import { useEffect, useRef, useState, type RefObject } from 'react';
import type { LineView, OrderView } from '../../common/entities.ts';
import { canMoveOrderStatus, isFinal } from '../../common/order-status.ts';
import type { PosApi, Result } from '../../common/ipc-contract.ts';
import type { ProductView } from '../../common/catalog.ts';
import { useStaff } from '../settings/use-staff.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine, StatusBadge, SyncBadge } from '../shared/Badges.tsx';
import { orderNumber } from '../../common/order-label.ts';
import { useAction } from '../shared/use-action.ts';
import { useMoney } from '../shared/use-money.ts';
import { CustomerDelivery } from './CustomerDelivery.tsx';
import { LineTable } from './LineTable.tsx';
import { ProductPicker } from './ProductPicker.tsx';
import { Receipt } from './Receipt.tsx';
import { orderMoved } from '../shared/order-moved.ts';
import { syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import { withReceipt } from '../shared/with-receipt.tsx';
import { invokeShell, useReceiptPrinting } from '../shared/shell.ts';

/** The statuses the staff may set by hand (orders.setStatus), where the status machine allows the move. */
const MANUAL_STATUSES = ['InDelivery', 'Delayed'] as const;

interface Props {
  pos: PosApi;
  order: OrderView;
  /** The catalog's products (null while it loads). */
  products: readonly ProductView[] | null;
  onOrder: (order: OrderView) => void;
  /** The barcode field, for the counter to give the focus back to it (ProductPicker). */
  barcodeField?: RefObject<HTMLInputElement | null>;
  /** A charge or refund of this order awaits the card terminal's answer (PaymentPanel). */
  cardWaiting?: boolean;
}

/**
 * A kiosk's shell prints the receipt without a dialog (the system dialog's "print to file" opens a
 * file chooser, a way out of the kiosk); a failed print there is shown as such, never retried
 * through the dialog. At the counter the browser's print dialog is used where the shell does not
 * print silently: the staff pick the printer there. Which one, if any: `receiptPrinting`.
 */
async function printReceipt(pos: PosApi, how: 'silent' | 'dialog'): Promise<Result<unknown>> {
  if (how === 'silent') return invokeShell(pos, 'shell.printReceipt', {});
  window.print();
  return { ok: true, value: null };
}

/** One order's lines: add from the product list or the barcode field, change quantities, remove. */
export function OrderEditor({ pos, order, products, onOrder, barcodeField, cardWaiting = false }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const staff = useStaff();
  const money = useMoney();
  const action = useAction(orderMoved(order));
  // Not offered at a kiosk until its shell is known to print silently (never the dialog there).
  const printing = useReceiptPrinting(pos);
  // Scans arrive faster than the terminal answers: run them one after another on the latest order.
  const latest = useRef(order);
  latest.current = order;
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const accept = (view: OrderView) => {
    latest.current = view;
    onOrder(view);
  };

  const addProduct = (product: ProductView, qty: number) => {
    queue.current = queue.current.then(() => {
      const current = latest.current;
      const same = current.lines.find((l) => l.sku === product.sku && l.unitPrice === product.unitPrice && l.discount === 0);
      return action.run(
        () =>
          same
            ? pos.invoke('orders.updateLine', { orderClientId: current.clientId, lineId: same.lineId, qty: same.qty + qty })
            : pos.invoke('orders.addLine', { orderClientId: current.clientId, sku: product.sku, name: product.name, qty, unitPrice: product.unitPrice }),
        accept,
      );
    });
  };
  const setQty = (line: LineView, qty: number) =>
    void action.run(() => pos.invoke('orders.updateLine', { orderClientId: order.clientId, lineId: line.lineId, qty }), accept);
  const setDiscount = (line: LineView, discount: number) =>
    void action.run(() => pos.invoke('orders.updateLine', { orderClientId: order.clientId, lineId: line.lineId, discount }), accept);
  const remove = (line: LineView) =>
    void action.run(() => pos.invoke('orders.removeLine', { orderClientId: order.clientId, lineId: line.lineId }), accept);

  const [confirmDelete, setConfirmDelete] = useState(false);
  // Escape takes the question back, as Cancel does.
  useEffect(() => {
    if (!confirmDelete) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setConfirmDelete(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirmDelete]);
  // What the terminal would refuse a deletion for, said before the click: a charge awaiting the card
  // terminal now, money held, or a charge unresolved.
  const deleteHint = cardWaiting
    ? t('editor.deleteWaiting')
    : order.paid !== 0
      ? t('error.payments_held', { held: money(order.paid, order.currency) })
      : order.unresolvedAttempts.length > 0
        ? t('error.payment_unresolved')
        : null;
  // By hand only for a delivery with something in it: a walk-in order is not "in delivery".
  const markable = order.delivery !== null && order.lines.length > 0;
  const deleteOrder = () => {
    setConfirmDelete(false);
    void action.run(() => pos.invoke('orders.delete', { orderClientId: order.clientId }), accept);
  };
  // Made final by the server (deleted, or completed elsewhere) while Blocked here: nothing more is
  // edited; once nothing is held, the staff take the server's order (orders.delete does so).
  const finalElsewhere = order.finalOnServer !== null;
  const editable = !isFinal(order.status) && !finalElsewhere;
  return (
    <section className="panel editor" data-testid="order-editor" aria-label={t('orders.number', { id: orderNumber(order) })}>
      <header className="panel-head">
        <h2>{t('orders.number', { id: orderNumber(order) })}</h2>
        <StatusBadge status={order.status} finalOnServer={order.finalOnServer} />
        {/* Whether the server has the order is the staff's concern, not a kiosk customer's. */}
        {staff && <SyncBadge status={order.syncStatus} orderStatus={order.status} />}
      </header>
      {order.syncStatus === 'Blocked' && order.blockedReason && (
        <p className="blocked-reason" role="alert" data-testid="blocked-reason" title={syncProblemTooltip(i18n, order.blockedReason)}>
          <b>{t('editor.blocked')}</b> {syncProblemText(i18n, order.blockedReason)}
        </p>
      )}
      {editable && (
        <p className="order-actions">
          {MANUAL_STATUSES.filter((status) => staff && markable && canMoveOrderStatus(order.status, status)).map((status) => (
            <button
              type="button"
              key={status}
              className="secondary"
              data-testid={`mark-${status}`}
              disabled={action.busy}
              onClick={() => void action.run(() => pos.invoke('orders.setStatus', { orderClientId: order.clientId, status }), accept)}
            >
              {t('editor.markAs', { status: t(`status.${status}`) })}
            </button>
          ))}
          {confirmDelete ? (
            <>
              <span>{t('editor.deleteConfirm')}</span>
              <button type="button" className="secondary danger" data-testid="delete-confirm" disabled={action.busy || deleteHint !== null} onClick={deleteOrder}>
                {t('editor.delete')}
              </button>
              <button type="button" className="link" onClick={() => setConfirmDelete(false)}>
                {t('pay.cancel')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="link danger" data-testid="delete-order" disabled={action.busy || deleteHint !== null} onClick={() => setConfirmDelete(true)}>
                {t('editor.delete')}
              </button>
              {deleteHint && (
                <span className="muted small" data-testid="delete-hint">
                  {deleteHint}
                </span>
              )}
            </>
          )}
        </p>
      )}
      {finalElsewhere && order.paid === 0 && order.unresolvedAttempts.length === 0 && (
        <p className="order-actions">
          <button type="button" className="secondary" data-testid="take-server-order" disabled={action.busy} onClick={deleteOrder}>
            {t('editor.takeServerOrder')}
          </button>
        </p>
      )}
      {order.sale?.voidedAt && (
        <p className="notice sale-voided" data-testid="sale-voided">
          <b>{t('editor.saleVoided', { receipt: order.sale.receiptNo })}</b>
          <span className="small">{order.sale.voidReason && syncProblemText(i18n, order.sale.voidReason)}</span>
        </p>
      )}
      {order.sale && !order.sale.voidedAt && (
        <p className="notice sale-done" data-testid="sale-done">
          <span>{withReceipt(t, 'editor.sold', order.sale.receiptNo)}</span>
          {printing && (
            <button type="button" className="secondary" data-testid="print-receipt" disabled={action.busy} onClick={() => void action.run(() => printReceipt(pos, printing))}>
              {t('receipt.print')}
            </button>
          )}
        </p>
      )}
      <Receipt order={order} />
      <LineTable lines={order.lines} currency={order.currency} editable={editable} disabled={action.busy} onQty={setQty} onDiscount={setDiscount} onRemove={remove} />
      <p className="total-line">
        <span>{t('money.total')}</span>
        <b data-testid="order-total">{money(order.total, order.currency)}</b>
      </p>
      <ErrorLine message={action.error} />
      {editable && <ProductPicker currency={order.currency} products={products} disabled={action.busy} onPick={addProduct} fieldRef={barcodeField} />}
      {/* The customer's name and a delivery are taken by the staff: a kiosk's customer takes their order away. */}
      {staff && <CustomerDelivery pos={pos} order={order} editable={editable} onOrder={accept} />}
    </section>
  );
}

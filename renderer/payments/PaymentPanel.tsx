import { useState } from 'react';
import { cardTerminalMethods, heldByCharges, isRefundOnly, type OrderView, type PaymentMethod } from '../../common/entities.ts';
import type { PosApi, Result } from '../../common/ipc-contract.ts';
import { decimalSeparator, minorDigits } from '../../common/money.ts';
import { isFinal } from '../../common/order-status.ts';
import { usePaymentMethods, useStaff } from '../settings/use-staff.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useAction } from '../shared/use-action.ts';
import { useMoney } from '../shared/use-money.ts';
import { AmountFields, typedReferenceMethods, type AmountField } from './AmountFields.tsx';
import { CardAttempts } from './CardAttempts.tsx';
import { applyKey, cashTaken, minorToMajorInput, readMajorAmount } from './amount-input.ts';
import { amountRefusalText } from './amount-refusal-text.ts';
import { balanceLine } from './balance-line.ts';
import { Keypad } from './Keypad.tsx';
import { TransactionList } from './TransactionList.tsx';
import { orderMoved } from '../shared/order-moved.ts';

interface Props {
  pos: PosApi;
  order: OrderView;
  onOrder: (order: OrderView) => void;
  /** A payment was taken: the next scan belongs to the barcode field, not to the amount just typed. */
  onPaid?: () => void;
  /** The card terminal is being asked (a charge, refund or reconciliation awaits its answer), or no longer. */
  onWaiting?: (waiting: boolean) => void;
}

/**
 * Takes the order's payments in any mix of methods, shows what remains, and completes the sale
 * when the balance is exactly zero. The terminal decides what is allowed; its refusals show here.
 */
export function PaymentPanel({ pos, order, onOrder, onPaid, onWaiting }: Props) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const separator = decimalSeparator(locale);
  const staff = useStaff();
  const money = useMoney();
  const action = useAction(orderMoved(order));
  const digits = minorDigits(order.currency) ?? 2;
  const methods = usePaymentMethods();
  const [chosen, setMethod] = useState<PaymentMethod>('cash');
  // At a kiosk's customer only the payment terminal's methods are offered (cash needs staff).
  const method = methods.includes(chosen) ? chosen : (methods[0] ?? chosen);
  const [text, setText] = useState<Record<AmountField, string>>({ amount: '', tendered: '' });
  const [active, setActive] = useState<AmountField>('amount');
  // A cheque's number (or an "other" payment's reference), typed by the staff: sent only for those methods.
  const [referenceText, setReference] = useState('');
  // The change to hand back for the cash payment just taken: shown while that payment is the
  // order's last transaction (not after a refund, on another order, or once it is deleted).
  const [changeGiven, setChangeGiven] = useState<{ amount: number; orderClientId: string; transactions: number } | null>(null);
  const lastChange =
    changeGiven && changeGiven.orderClientId === order.clientId && changeGiven.transactions === order.transactions.length && order.status !== 'Deleted'
      ? changeGiven.amount
      : null;
  const setLastChange = (amount: number | null, view?: OrderView) =>
    setChangeGiven(amount === null || !view ? null : { amount, orderClientId: view.clientId, transactions: view.transactions.length });

  // What can be taken now: the balance less what charges awaiting the card terminal's answer hold of it.
  const held = heldByCharges(order.unresolvedAttempts);
  const payable = Math.max(0, order.balance - held);
  const typedAmount = readMajorAmount(text.amount, digits, separator);
  const typedTendered = method === 'cash' && text.tendered !== '' ? readMajorAmount(text.tendered, digits, separator) : undefined;
  const { amount, tendered } = cashTaken(
    method === 'cash',
    typedAmount.ok ? typedAmount.minor : null,
    typedTendered && (typedTendered.ok ? typedTendered.minor : null),
    payable,
  );
  // Why what was typed is refused (a fraction of yen, a third decimal of a euro…), the amount's before the tendered's.
  const refused = text.amount !== '' && !typedAmount.ok ? typedAmount.refusal : typedTendered && !typedTendered.ok ? typedTendered.refusal : null;
  const problem =
    refused !== null
      ? amountRefusalText(i18n, refused, order.currency)
      : amount !== null && tendered != null && tendered < amount
        ? t('pay.tenderedTooLow')
        : amount !== null && amount > payable
          ? beyondDue(amount)
          : null;
  const change = amount !== null && tendered != null && tendered >= amount ? tendered - amount : null;

  // Said before the click, in the words the terminal would refuse it with (only cash is handed over above what is due).
  function beyondDue(typed: number): string {
    const cur = order.currency;
    if (payable === 0) return held > 0 ? t('error.nothing_to_pay.held', { held: money(held, cur) }) : t('error.nothing_to_pay', { balance: money(order.balance, cur) });
    const amounts = { amount: money(typed, cur), due: money(payable, cur) };
    return held > 0 ? t('error.overpayment.held', { ...amounts, held: money(held, cur) }) : t('error.overpayment', amounts);
  }
  // While the card terminal is asked (up to its timeout) the staff see that it is waited for.
  const [waiting, setWaitingHere] = useState(false);
  // The editor is told too: the order is not deleted while the card terminal may still take money for it.
  const setWaiting = (value: boolean) => {
    setWaitingHere(value);
    onWaiting?.(value);
  };
  const run = async <T,>(viaTerminal: boolean, call: () => Promise<Result<T>>, onValue: (value: T) => void): Promise<boolean> => {
    setWaiting(viaTerminal);
    const result = await action.run(call, onValue).finally(() => setWaiting(false));
    // An unknown outcome is told once, by the unresolved charge it left (CardAttempts), not twice.
    const unknown = !result.ok && result.error.code === 'payment_unknown';
    if (unknown) action.setError(null);
    return unknown;
  };
  const viaTerminal = (m: PaymentMethod | undefined) => m !== undefined && cardTerminalMethods.includes(m);

  const edit = (field: AmountField, value: string) => {
    setLastChange(null);
    setText((current) => ({ ...current, [field]: value }));
  };
  const choose = (next: PaymentMethod) => {
    setLastChange(null);
    // A cheque's number is not another method's reference.
    if (next !== method) setReference('');
    setMethod(next);
    setActive('amount');
  };
  const final = isFinal(order.status);
  const refundOnly = isRefundOnly(order);
  const line = balanceLine(order);
  const canPay = !action.busy && !final && !refundOnly && amount !== null && amount > 0 && problem === null;
  const pay = () => {
    if (!canPay || amount === null) return;
    const reference = typedReferenceMethods.includes(method) ? referenceText.trim() : '';
    const input = { orderClientId: order.clientId, method, amount, ...(tendered != null ? { tendered } : {}), ...(reference !== '' ? { reference } : {}) };
    void run(
      viaTerminal(method),
      () => pos.invoke('payments.record', input),
      (view) => {
        setText({ amount: '', tendered: '' });
        setReference('');
        setActive('amount');
        setLastChange(change !== null && change > 0 ? change : null, view);
        onOrder(view);
        onPaid?.();
      },
    ).then((unknown) => {
      // The amount went to the card terminal and is held now (shown so): it is not typed again.
      if (unknown) setText({ amount: '', tendered: '' });
    });
  };
  const complete = () => void action.run(() => pos.invoke('sales.complete', { orderClientId: order.clientId }), onOrder);
  const reconcile = (attemptId: string) => void run(true, () => pos.invoke('payments.reconcile', { attemptId }), onOrder);
  const refund = (txId: string, refundAmount: number) =>
    void run(
      viaTerminal(order.transactions.find((tx) => tx.txId === txId)?.method),
      () => pos.invoke('payments.refund', { orderClientId: order.clientId, txId, amount: refundAmount }),
      onOrder,
    );

  const canComplete = !action.busy && !final && order.total > 0 && order.balance === 0 && order.unresolvedAttempts.length === 0;
  return (
    <section className="panel payment" data-testid="payment-panel" aria-label={t('pay.title')}>
      <header className="panel-head">
        <h2>{t('pay.title')}</h2>
      </header>
      <dl className="balance-box">
        <div>
          <dt>{t('money.total')}</dt>
          <dd>{money(order.total, order.currency)}</dd>
        </div>
        <div>
          <dt>{t('money.paid')}</dt>
          <dd data-testid="paid">{money(order.paid, order.currency)}</dd>
        </div>
        {line?.kind === 'paidInFull' ? (
          <div className="remaining">
            <dt>{t('money.balance')}</dt>
            <dd data-testid="paid-in-full">{t('pay.paidInFull')}</dd>
          </div>
        ) : (
          line && (
            <div className="remaining">
              <dt>{t(line.kind === 'refundDue' ? 'pay.refundDue' : 'pay.remaining')}</dt>
              <dd data-testid="balance">{money(line.amount, order.currency)}</dd>
            </div>
          )
        )}
        {held > 0 && (
          <div className="held">
            <dt>{t('pay.held')}</dt>
            <dd data-testid="held">{money(held, order.currency)}</dd>
          </div>
        )}
      </dl>
      {lastChange !== null && (
        <p className="change given" data-testid="change-given">
          <span>{t('pay.changeDue')}</span>
          <b>{money(lastChange, order.currency)}</b>
        </p>
      )}
      <CardAttempts attempts={order.unresolvedAttempts} currency={order.currency} busy={action.busy} onReconcile={reconcile} />
      {waiting && (
        <p className="waiting" role="status" data-testid="card-waiting">
          {t('pay.waitingTerminal')}
        </p>
      )}
      {!final && !refundOnly && (
        <>
          <div className="methods" role="group" aria-label={t('pay.title')}>
            {methods.map((m) => (
              <button type="button" key={m} data-testid={`method-${m}`} aria-pressed={m === method} onClick={() => choose(m)}>
                {t(`method.${m}`)}
              </button>
            ))}
          </div>
          <AmountFields
            method={method}
            currency={order.currency}
            amountText={text.amount}
            tenderedText={text.tendered}
            active={active}
            change={change}
            referenceText={referenceText}
            onText={edit}
            onFocusField={setActive}
            onFillBalance={() => edit('amount', payable > 0 ? minorToMajorInput(payable, digits, separator) : '')}
            onReference={setReference}
            onSubmit={pay}
          />
          <Keypad disabled={action.busy} separator={separator} onKey={(key) => edit(active, applyKey(text[active], key, digits, separator))} />
          <ErrorLine message={problem ?? action.error} />
          <div className="actions">
            <button type="button" className="primary" data-testid="pay-button" disabled={!canPay} onClick={pay}>
              {t('pay.record')}
            </button>
            <button type="button" className="primary success" data-testid="complete-sale" disabled={!canComplete} onClick={complete}>
              {t('pay.complete')}
            </button>
          </div>
        </>
      )}
      <h3>{t('pay.transactions')}</h3>
      <TransactionList
        transactions={order.transactions}
        currency={order.currency}
        refund={
          // While a charge or refund awaits the card terminal's answer no refund is offered (the terminal
          // refuses one): refunding a payment again could give its money back twice.
          (final && !order.saleRefused) || !staff || order.unresolvedAttempts.length > 0
            ? undefined
            : { busy: action.busy, suggested: refundOnly ? order.paid : Math.max(0, -order.balance), onRefund: refund }
        }
      />
    </section>
  );
}

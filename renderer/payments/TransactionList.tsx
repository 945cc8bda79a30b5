import { useState, type FormEvent } from 'react';
import type { TransactionView } from '../../common/entities.ts';
import { decimalSeparator, minorDigits } from '../../common/money.ts';
import { useI18n } from '../use-i18n.ts';
import { useMoney } from '../shared/use-money.ts';
import { minorToMajorInput, readMajorAmount } from './amount-input.ts';
import { amountRefusalText } from './amount-refusal-text.ts';

interface Props {
  transactions: readonly TransactionView[];
  currency: string;
  /** When set, each payment with something left to give back offers a refund (of `suggested` at most that, by default). */
  refund?: { busy: boolean; suggested: number; onRefund: (txId: string, amount: number) => void };
}

/** The payments (and refunds) taken on the order so far; a payment may be refunded, by the same method. */
export function TransactionList({ transactions, currency, refund }: Props) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const money = useMoney();
  const digits = minorDigits(currency) ?? 2;
  const [open, setOpen] = useState<{ txId: string; text: string } | null>(null);
  if (transactions.length === 0) return <p className="muted small">{t('pay.noTransactions')}</p>;

  const start = (tx: TransactionView) => {
    const amount = refund && refund.suggested > 0 ? Math.min(refund.suggested, tx.refundable) : tx.refundable;
    setOpen({ txId: tx.txId, text: minorToMajorInput(amount, digits, decimalSeparator(locale)) });
  };
  const typed = open ? readMajorAmount(open.text, digits, decimalSeparator(locale)) : null;
  const amount = typed?.ok ? typed.minor : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!open || !refund || amount === null || amount <= 0) return;
    refund.onRefund(open.txId, amount);
    setOpen(null);
  };

  return (
    <ul className="transactions" data-testid="transactions">
      {transactions.map((tx) => (
        <li key={tx.txId} data-testid="transaction" data-method={tx.method} data-amount={tx.amount}>
          <span className="transaction-row">
            <span>
              {/* A refund says so in words: a minus sign alone is easily misread at the counter. */}
              {tx.amount < 0 && (
                <span className="refund" data-testid="transaction-refund">
                  {t('pay.refundRow')}
                  {' · '}
                </span>
              )}
              {t(`method.${tx.method}`)}
              {tx.reference && <span className="muted small"> · {tx.reference}</span>}
              {/* Cash handed over exactly says nothing more than its amount. */}
              {tx.tendered !== null && tx.change !== null && tx.change > 0 && (
                <span className="muted small" data-testid="transaction-change">
                  {' · '}
                  {t('pay.tenderedChange', { tendered: money(tx.tendered, currency), change: money(tx.change, currency) })}
                </span>
              )}
            </span>
            <span className="transaction-amount">
              <b className={tx.amount < 0 ? 'refund' : undefined}>{money(tx.amount, currency)}</b>
              {refund && tx.refundable > 0 && open?.txId !== tx.txId && (
                <button type="button" className="link" data-testid="refund-start" disabled={refund.busy} onClick={() => start(tx)}>
                  {t('pay.refund')}
                </button>
              )}
            </span>
          </span>
          {tx.amount > 0 && tx.refundable < tx.amount && (
            <span className="transaction-note muted small" data-testid="transaction-refunded">
              {/* What may still be given back matters where a refund can be made; elsewhere (a sale that
                  stands, a kiosk's customer) it would read as money still owed: say what was given back. */}
              {tx.refundable === 0
                ? t('pay.refundedAll')
                : refund
                  ? t('pay.refundableLeft', { amount: money(tx.refundable, currency) })
                  : t('pay.refundedPart', { amount: money(tx.amount - tx.refundable, currency) })}
            </span>
          )}
          {refund && open?.txId === tx.txId && (
            <form className="refund-form" data-testid="refund-form" onSubmit={submit}>
              <input data-testid="refund-amount" inputMode="decimal" aria-label={t('pay.refundAmount')} value={open.text} onChange={(e) => setOpen({ ...open, text: e.target.value })} />
              <button type="submit" className="primary" data-testid="refund-confirm" disabled={refund.busy || amount === null || amount <= 0}>
                {t('pay.refundConfirm')}
              </button>
              <button type="button" className="link" onClick={() => setOpen(null)}>
                {t('pay.cancel')}
              </button>
              {open.text.trim() !== '' && typed && !typed.ok && (
                <span className="error small" role="alert" data-testid="refund-amount-problem">
                  {amountRefusalText(i18n, typed.refusal, currency)}
                </span>
              )}
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}

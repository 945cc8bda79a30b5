import type { TransactionView } from '../../common/entities.ts';
import { useI18n } from '../use-i18n.ts';
import { useMoney } from '../shared/use-money.ts';

/** The payments (and refunds) taken on the order so far. */
export function TransactionList({ transactions, currency }: { transactions: readonly TransactionView[]; currency: string }) {
  const { t } = useI18n();
  const money = useMoney();
  if (transactions.length === 0) return <p className="muted small">{t('pay.noTransactions')}</p>;
  return (
    <ul className="transactions" data-testid="transactions">
      {transactions.map((tx) => (
        <li key={tx.txId} data-testid="transaction" data-method={tx.method}>
          <span>
            {t(`method.${tx.method}`)}
            {tx.reference && <span className="muted small"> · {tx.reference}</span>}
            {tx.tendered !== null && tx.change !== null && (
              <span className="muted small" data-testid="transaction-change">
                {' · '}
                {t('pay.tenderedChange', { tendered: money(tx.tendered, currency), change: money(tx.change, currency) })}
              </span>
            )}
          </span>
          <b className={tx.amount < 0 ? 'refund' : undefined}>{money(tx.amount, currency)}</b>
        </li>
      ))}
    </ul>
  );
}

import type { OrderView } from '../../common/entities.ts';
import { useSettings } from '../settings/use-settings.ts';
import { useDateTime } from '../shared/use-date-time.ts';
import { useMoney } from '../shared/use-money.ts';
import { useI18n } from '../use-i18n.ts';

/**
 * The receipt of a completed sale, laid out for a receipt printer's narrow paper. On screen it
 * is hidden; printing (the browser's or Electron's dialog, which also saves it as a PDF) shows
 * only it.
 */
export function Receipt({ order }: { order: OrderView }) {
  const { t } = useI18n();
  const money = useMoney();
  const dateTime = useDateTime();
  const terminal = useSettings();
  const sale = order.sale;
  if (!sale || sale.voidedAt) return null; // a void sale has no receipt to print again
  const cur = order.currency;
  return (
    <article className="receipt" data-testid="receipt" aria-label={t('receipt.title', { receipt: sale.receiptNo })}>
      <h2>{t('app.title')}</h2>
      {terminal && <p data-testid="receipt-terminal">{terminal.deviceName}</p>}
      <p>
        {t('receipt.title', { receipt: sale.receiptNo })}
        <br />
        {dateTime(sale.createdAt)}
      </p>
      <table>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.lineId}>
              <td>
                {line.qty} × {line.name}
                {line.discount > 0 && <div data-testid="receipt-discount">{t('receipt.discount', { amount: money(-line.discount, cur) })}</div>}
              </td>
              <td className="amount">{money(line.total, cur)}</td>
            </tr>
          ))}
          <tr className="receipt-total">
            <td>{t('money.total')}</td>
            <td className="amount" data-testid="receipt-total">
              {money(sale.total, cur)}
            </td>
          </tr>
          {order.transactions.map((tx) => (
            <tr key={tx.txId} data-testid="receipt-payment">
              <td>
                {/* A refund says so in words, as on screen: a minus sign alone is easily misread. */}
                {tx.amount < 0 && `${t('pay.refundRow')} · `}
                {t(`method.${tx.method}`)}
                {tx.tendered !== null && tx.change !== null && tx.change > 0 && ` (${t('pay.tenderedChange', { tendered: money(tx.tendered, cur), change: money(tx.change, cur) })})`}
                {/* A card or gift-card payment's authorisation reference (for the customer to match their statement), or the number of a cheque taken. */}
                {tx.reference && (
                  <div className="receipt-reference" data-testid="receipt-reference">
                    {t('receipt.reference', { reference: tx.reference })}
                  </div>
                )}
              </td>
              <td className="amount">{money(tx.amount, cur)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('receipt.thanks')}</p>
    </article>
  );
}

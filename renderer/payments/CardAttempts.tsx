import type { CardAttemptView } from '../../common/entities.ts';
import { useI18n } from '../use-i18n.ts';
import { useMoney } from '../shared/use-money.ts';
import { cardProblemText } from '../shared/error-text.ts';

interface Props {
  attempts: readonly CardAttemptView[];
  currency: string;
  busy: boolean;
  onReconcile: (attemptId: string) => void;
}

/**
 * Card or gift-card charges whose answer never came. They block the sale until the provider
 * is asked how they ended: charging again could take the money twice.
 */
export function CardAttempts({ attempts, currency, busy, onReconcile }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const money = useMoney();
  if (attempts.length === 0) return null;
  // A refund left unanswered is told as a refund: asking how "the charge" ended misleads at the counter.
  const charges = attempts.some((a) => a.amount > 0);
  const refunds = attempts.some((a) => a.amount < 0);
  return (
    <div className="attempts" role="alert" data-testid="card-attempts">
      {charges && <p>{t('pay.unresolvedHelp')}</p>}
      {refunds && <p>{t('pay.unresolvedRefundHelp')}</p>}
      <ul>
        {attempts.map((a) => (
          <li key={a.attemptId} data-testid="card-attempt" data-state={a.state}>
            <span>
              {a.amount < 0 && (
                <span className="refund">
                  {t('pay.refundRow')}
                  {' · '}
                </span>
              )}
              {t(`method.${a.method}`)} <b>{money(a.amount, currency)}</b>
              {a.error && <span className="muted small"> · {cardProblemText(i18n, a.error)}</span>}
            </span>
            <button type="button" className="secondary" data-testid="reconcile" disabled={busy} onClick={() => onReconcile(a.attemptId)}>
              {t('pay.reconcile')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

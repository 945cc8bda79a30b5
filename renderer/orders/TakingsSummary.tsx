import type { TillTakings } from '../../common/entities.ts';
import { useMoney } from '../shared/use-money.ts';
import { useI18n } from '../use-i18n.ts';

/** Today's takings at this till, per currency: the sales, what each method took in (less refunds), and the net to count. */
export function TakingsSummary({ takings }: { takings: readonly TillTakings[] }) {
  const { t, plural } = useI18n();
  const money = useMoney();
  return (
    <section className="takings" data-testid="takings" aria-label={t('takings.today')}>
      <h3>{t('takings.today')}</h3>
      {takings.length === 0 && <p className="muted small">{t('takings.none')}</p>}
      {takings.map((c) => (
        <dl key={c.currency} className="takings-box" data-currency={c.currency}>
          <div>
            <dt>{plural('takings.sales', c.sales)}</dt>
            <dd data-testid="takings-sales">{money(c.salesTotal, c.currency)}</dd>
          </div>
          {c.voidedSales > 0 && (
            <div>
              <dt>{plural('takings.voided', c.voidedSales)}</dt>
              <dd />
            </div>
          )}
          {c.methods.map((m) => (
            <div key={m.method} data-testid={`takings-${m.method}`}>
              <dt>{t(`method.${m.method}`)}</dt>
              <dd title={m.refunded > 0 ? t('takings.refunded', { amount: money(m.refunded, c.currency) }) : undefined}>{money(m.taken - m.refunded, c.currency)}</dd>
            </div>
          ))}
          <div className="takings-net">
            <dt>{t('takings.net')}</dt>
            <dd data-testid="takings-net">{money(c.net, c.currency)}</dd>
          </div>
        </dl>
      ))}
    </section>
  );
}

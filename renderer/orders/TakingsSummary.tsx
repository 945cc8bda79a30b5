import type { TakingsGap, TillTakings } from '../../common/entities.ts';
import type { StringKey } from '../i18n.ts';
import { useMoney } from '../shared/use-money.ts';
import { useI18n } from '../use-i18n.ts';

/** What makes the net differ from the sales, each with its words (main/sales/till-takings.ts `takingsGap`). */
const GAP: ReadonlyArray<[keyof TakingsGap, StringKey]> = [
  ['heldUnsold', 'takings.heldUnsold'],
  ['voidedNet', 'takings.voidedNet'],
  ['paidOtherPeriod', 'takings.paidOtherPeriod'],
];

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
          {/* The net is not the sales: say where the difference is, so the count is not taken for a shortfall. */}
          {c.net !== c.salesTotal &&
            GAP.filter(([part]) => c[part] !== 0).map(([part, key]) => (
              <div key={part} className="takings-gap" data-testid={`takings-${part}`}>
                <dt>{t(key)}</dt>
                <dd>{money(c[part], c.currency)}</dd>
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

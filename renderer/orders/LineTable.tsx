import type { LineView } from '../../common/entities.ts';
import { useI18n } from '../use-i18n.ts';
import { useMoney } from '../shared/use-money.ts';

interface Props {
  lines: readonly LineView[];
  currency: string;
  editable: boolean;
  disabled: boolean;
  onQty: (line: LineView, qty: number) => void;
  onRemove: (line: LineView) => void;
}

/** The order's lines with quantity steppers; read-only once the order is final. */
export function LineTable({ lines, currency, editable, disabled, onQty, onRemove }: Props) {
  const { t } = useI18n();
  const money = useMoney();
  if (lines.length === 0) return <p className="muted">{t('editor.noLines')}</p>;
  return (
    <table className="lines" data-testid="lines">
      <tbody>
        {lines.map((line) => (
          <tr key={line.lineId} data-testid="line" data-sku={line.sku}>
            <td>
              <div>{line.name}</div>
              <div className="muted small">
                {line.sku} · {money(line.unitPrice, currency)}
              </div>
            </td>
            <td className="qty">
              {editable && (
                <button type="button" className="icon" aria-label={t('editor.less')} disabled={disabled || line.qty <= 1} onClick={() => onQty(line, line.qty - 1)}>
                  −
                </button>
              )}
              <span data-testid="line-qty">{line.qty}</span>
              {editable && (
                <button type="button" className="icon" aria-label={t('editor.more')} disabled={disabled} onClick={() => onQty(line, line.qty + 1)}>
                  +
                </button>
              )}
            </td>
            <td className="amount" data-testid="line-total">
              {money(line.total, currency)}
            </td>
            {editable && (
              <td>
                <button type="button" className="link danger" disabled={disabled} onClick={() => onRemove(line)}>
                  {t('editor.remove')}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

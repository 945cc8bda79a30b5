import type { LineView } from '../../common/entities.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { parseQuantity, quantityLimit } from './quantity-input.ts';
import { useMoney } from '../shared/use-money.ts';
import { LineDiscount } from './LineDiscount.tsx';
import { useLineField } from './use-line-field.ts';

interface Props {
  lines: readonly LineView[];
  currency: string;
  editable: boolean;
  disabled: boolean;
  onQty: (line: LineView, qty: number) => void;
  onDiscount: (line: LineView, discount: number) => void;
  onRemove: (line: LineView) => void;
}

/** The order's lines with quantity steppers and discounts; read-only once the order is final. */
export function LineTable({ lines, currency, editable, disabled, onQty, onDiscount, onRemove }: Props) {
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
                {line.discount > 0 && <span data-testid="line-discount"> · {t('receipt.discount', { amount: money(-line.discount, currency) })}</span>}
              </div>
              {editable && <LineDiscount line={line} currency={currency} disabled={disabled} onDiscount={onDiscount} />}
            </td>
            <td className="qty">{editable ? <Quantity line={line} disabled={disabled} onQty={onQty} /> : <span data-testid="line-qty">{line.qty}</span>}</td>
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

/**
 * One less / one more, and the quantity itself, which opens a field to type it (a case of 24 is
 * not 23 taps): Enter or leaving the field applies it, Escape gives it up. A quantity that is not
 * a whole number from 1 up is refused on the spot and the line keeps its own.
 */
function Quantity({ line, disabled, onQty }: { line: LineView; disabled: boolean; onQty: (line: LineView, qty: number) => void }) {
  const { t, locale } = useI18n();
  const field = useLineField<number>(
    (text) => {
      const qty = parseQuantity(text);
      return qty === null ? { problem: t('editor.badQty', { max: quantityLimit(locale) }) } : { value: qty };
    },
    (qty) => {
      if (qty !== line.qty) onQty(line, qty);
    },
  );
  return (
    <>
      <button type="button" className="icon" aria-label={t('editor.less')} disabled={disabled || line.qty <= 1} onClick={() => onQty(line, line.qty - 1)}>
        −
      </button>
      {field.typed === null ? (
        <button type="button" className="qty-value" data-testid="line-qty" title={t('editor.typeQty')} disabled={disabled} onClick={() => field.open(String(line.qty))}>
          {line.qty}
        </button>
      ) : (
        <input className="qty-input" data-testid="line-qty-input" aria-label={t('editor.typeQty')} inputMode="numeric" {...field.inputProps} />
      )}
      <button type="button" className="icon" aria-label={t('editor.more')} disabled={disabled} onClick={() => onQty(line, line.qty + 1)}>
        +
      </button>
      <ErrorLine message={field.problem} />
    </>
  );
}

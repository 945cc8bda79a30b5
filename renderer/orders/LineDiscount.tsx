import type { LineView } from '../../common/entities.ts';
import { decimalSeparator, minorDigits } from '../../common/money.ts';
import { minorToMajorInput } from '../payments/amount-input.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useI18n } from '../use-i18n.ts';
import { readLineDiscount } from './line-discount-input.ts';
import { useLineField } from './use-line-field.ts';

interface Props {
  line: LineView;
  currency: string;
  disabled: boolean;
  onDiscount: (line: LineView, discount: number) => void;
}

/**
 * A line's discount, an amount off the line (SPEC §2): the button opens a field with the one it
 * has; Enter or leaving the field applies what is typed (0 or empty takes it off), Escape gives it
 * up. An amount that does not read as money, or is more than the line is worth, is refused on the
 * spot, saying why (readLineDiscount), and the line keeps its own.
 */
export function LineDiscount({ line, currency, disabled, onDiscount }: Props) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const digits = minorDigits(currency) ?? 2;
  const separator = decimalSeparator(locale);
  const field = useLineField<number>(
    (text) => readLineDiscount(i18n, text, line.qty * line.unitPrice, currency),
    (discount) => {
      if (discount !== line.discount) onDiscount(line, discount);
    },
  );
  if (field.typed === null) {
    return (
      <button
        type="button"
        className="link"
        data-testid="line-discount-edit"
        disabled={disabled}
        onClick={() => field.open(line.discount > 0 ? minorToMajorInput(line.discount, digits, separator) : '')}
      >
        {t('editor.discount')}
      </button>
    );
  }
  return (
    <>
      <input className="qty-input" data-testid="line-discount-input" aria-label={t('editor.typeDiscount', { currency })} inputMode="decimal" {...field.inputProps} />
      <ErrorLine message={field.problem} />
    </>
  );
}

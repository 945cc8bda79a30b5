import { useRef, useState, type KeyboardEvent } from 'react';
import type { LineView } from '../../common/entities.ts';
import { decimalSeparator, minorDigits } from '../../common/money.ts';
import { minorToMajorInput, parseMajorAmount } from '../payments/amount-input.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useMoney } from '../shared/use-money.ts';
import { useI18n } from '../use-i18n.ts';

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
 * spot and the line keeps its own.
 */
export function LineDiscount({ line, currency, disabled, onDiscount }: Props) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const digits = minorDigits(currency) ?? 2;
  const separator = decimalSeparator(locale);
  const [typed, setTypedState] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Read by Enter and by leaving the field alike: whichever comes first applies it.
  const current = useRef<string | null>(null);
  const setTyped = (value: string | null) => {
    current.current = value;
    setTypedState(value);
  };
  const close = () => {
    setTyped(null);
    setProblem(null);
  };
  const worth = line.qty * line.unitPrice;
  const apply = () => {
    if (current.current === null) return;
    const text = current.current.trim();
    const discount = text === '' ? 0 : parseMajorAmount(text, digits, separator);
    if (discount === null || discount > worth) return setProblem(t('editor.badDiscount', { max: money(worth, currency), example: minorToMajorInput(150, digits, separator) }));
    close();
    if (discount !== line.discount) onDiscount(line, discount);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape') {
      close();
    }
  };
  if (typed === null) {
    return (
      <button
        type="button"
        className="link"
        data-testid="line-discount-edit"
        disabled={disabled}
        onClick={() => setTyped(line.discount > 0 ? minorToMajorInput(line.discount, digits, separator) : '')}
      >
        {t('editor.discount')}
      </button>
    );
  }
  return (
    <>
      <input
        className="qty-input"
        data-testid="line-discount-input"
        aria-label={t('editor.typeDiscount', { currency })}
        inputMode="decimal"
        autoFocus
        onFocus={(event) => event.target.select()}
        value={typed}
        onChange={(event) => {
          setTyped(event.target.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={apply}
      />
      <ErrorLine message={problem} />
    </>
  );
}

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { findProduct, matchProducts, type ProductView } from '../../common/catalog.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useMoney } from '../shared/use-money.ts';
import { quantityLimit, splitMultiplier } from './quantity-input.ts';

interface Props {
  currency: string;
  /** The catalog's products; null while it loads. */
  products: readonly ProductView[] | null;
  disabled: boolean;
  /** A product chosen, `qty` of it (1 from the grid; a multiplier typed before a scan). */
  onPick: (product: ProductView, qty: number) => void;
  /** The barcode field, for the screen to give it the focus back (after a payment); its own otherwise. */
  fieldRef?: RefObject<HTMLInputElement | null>;
}

/**
 * The product grid and the barcode field. A scanner is a fast keyboard ending each code with
 * Enter, so the field never locks: every code entered is handed on, in order. Typing also
 * narrows the grid (name, SKU or barcode); Enter on a name that leaves one product adds it (one
 * that leaves several says so and keeps the text), but
 * a code of digits must match a barcode exactly, so a misread scan never adds a neighbour.
 * A multiplier typed first (`12*`, then the scan) adds that many.
 */
export function ProductPicker({ currency, products, disabled, onPick, fieldRef }: Props) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const [code, setCode] = useState('');
  const [unknown, setUnknown] = useState<string | null>(null);
  const ownField = useRef<HTMLInputElement>(null);
  const field = fieldRef ?? ownField;

  // A scan goes to the barcode field whatever was tapped last: a key typed while no field has the
  // focus (a button pressed, or disabled while its work ran, leaves it on the page) moves the
  // focus there first, so the browser types it, and the rest of the code, into the field.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const at = document.activeElement;
      if (at && at !== document.body && !(at instanceof HTMLButtonElement)) return;
      if (event.key.length !== 1 || event.key === ' ' || event.ctrlKey || event.metaKey || event.altKey) return;
      field.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [field]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const { qty, code: typed } = splitMultiplier(code);
    if (!typed) return;
    const listed = products ?? [];
    const matches = /^\d+$/.test(typed) ? [] : matchProducts(typed, listed);
    const product = findProduct(typed, listed) ?? (matches.length === 1 ? matches[0] : undefined);
    // A name several products share: the text stays, for a tap on one or a few more letters.
    if (qty !== null && !product && matches.length > 1) return setUnknown(t('editor.severalMatch', { count: matches.length, text: typed }));
    setCode('');
    if (qty === null) return setUnknown(t('editor.badQty', { max: quantityLimit(locale) }));
    if (!product) return setUnknown(t('editor.unknownSku', { sku: typed }));
    setUnknown(null);
    onPick(product, qty);
  };

  const shown = useMemo(() => matchProducts(splitMultiplier(code).code, products ?? []), [code, products]);
  return (
    <section className="product-picker" aria-label={t('editor.products')}>
      <label className="field">
        <span>{t('editor.sku')}</span>
        <input
          data-testid="sku-input"
          ref={field}
          autoFocus
          value={code}
          placeholder={t('editor.skuHint')}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setCode(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </label>
      <ErrorLine message={unknown} />
      <div className="product-grid">
        {shown.map((product) => (
          <button
            type="button"
            key={product.sku}
            className="product"
            data-testid="product"
            data-sku={product.sku}
            disabled={disabled}
            onClick={() => {
              setUnknown(null);
              onPick(product, 1);
            }}
          >
            <span className="product-name">{product.name}</span>
            <span className="product-price">{money(product.unitPrice, currency)}</span>
          </button>
        ))}
      </div>
      {products !== null && products.length === 0 && (
        <p className="muted small" data-testid="no-catalog">
          {t('editor.noCatalog', { currency })}
        </p>
      )}
      {products !== null && products.length > 0 && shown.length === 0 && <p className="muted small">{t('editor.noProducts')}</p>}
    </section>
  );
}

import { useState, type KeyboardEvent } from 'react';
import { builtInProducts, findProduct, type Product } from '../catalog.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useMoney } from '../shared/use-money.ts';

interface Props {
  currency: string;
  disabled: boolean;
  onPick: (product: Product) => void;
}

/**
 * The product grid and the barcode field. A scanner is a fast keyboard ending each code with
 * Enter, so the field never locks: every code entered is handed on, in order.
 */
export function ProductPicker({ currency, disabled, onPick }: Props) {
  const { t } = useI18n();
  const money = useMoney();
  const [code, setCode] = useState('');
  const [unknown, setUnknown] = useState<string | null>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const typed = code.trim();
    if (!typed) return;
    const product = findProduct(typed);
    setCode('');
    if (!product) return setUnknown(t('editor.unknownSku', { sku: typed }));
    setUnknown(null);
    onPick(product);
  };

  return (
    <section className="product-picker" aria-label={t('editor.products')}>
      <label className="field">
        <span>{t('editor.sku')}</span>
        <input
          data-testid="sku-input"
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
        {builtInProducts.map((product) => (
          <button
            type="button"
            key={product.sku}
            className="product"
            data-testid="product"
            data-sku={product.sku}
            disabled={disabled}
            onClick={() => onPick(product)}
          >
            <span className="product-name">{product.name}</span>
            <span className="product-price">{money(product.unitPrice, currency)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

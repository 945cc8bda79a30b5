import type { PaymentMethod } from '../../common/entities.ts';
import { useI18n } from '../use-i18n.ts';
import { useMoney } from '../shared/use-money.ts';

export type AmountField = 'amount' | 'tendered';

/** The methods taken by hand, whose reference (a cheque's number, say) the staff type; the card terminal gives the others'. */
export const typedReferenceMethods: readonly PaymentMethod[] = ['cheque', 'other'];

interface Props {
  method: PaymentMethod;
  currency: string;
  amountText: string;
  tenderedText: string;
  active: AmountField;
  change: number | null;
  referenceText: string;
  onText: (field: AmountField, text: string) => void;
  onFocusField: (field: AmountField) => void;
  onFillBalance: () => void;
  onReference: (text: string) => void;
  /** Enter in either field takes the payment. */
  onSubmit: () => void;
}

/**
 * Amount to take and, for cash, what the customer handed over and the change to give; for a
 * payment taken by hand, its optional reference.
 */
export function AmountFields(props: Props) {
  const { t } = useI18n();
  const money = useMoney();
  const { method, currency, active, change } = props;
  return (
    <div className="amount-fields">
      <label className={`field${active === 'amount' ? ' active' : ''}`}>
        <span>{t('pay.amount')}</span>
        <span className="with-button">
          <input
            data-testid="amount-input"
            inputMode="decimal"
            autoComplete="off"
            value={props.amountText}
            onFocus={() => props.onFocusField('amount')}
            onKeyDown={(event) => event.key === 'Enter' && props.onSubmit()}
            onChange={(event) => props.onText('amount', event.target.value)}
          />
          <button type="button" className="secondary" data-testid="fill-balance" onClick={props.onFillBalance}>
            {t('pay.fillBalance')}
          </button>
        </span>
      </label>
      {method === 'cash' && (
        <label className={`field${active === 'tendered' ? ' active' : ''}`}>
          <span>{t('pay.tendered')}</span>
          <input
            data-testid="tendered-input"
            inputMode="decimal"
            autoComplete="off"
            value={props.tenderedText}
            onFocus={() => props.onFocusField('tendered')}
            onKeyDown={(event) => event.key === 'Enter' && props.onSubmit()}
            onChange={(event) => props.onText('tendered', event.target.value)}
          />
        </label>
      )}
      {typedReferenceMethods.includes(method) && (
        <label className="field">
          <span>{t(method === 'cheque' ? 'pay.chequeNumber' : 'pay.reference')}</span>
          <input
            data-testid="pay-reference"
            autoComplete="off"
            maxLength={100}
            value={props.referenceText}
            onKeyDown={(event) => event.key === 'Enter' && props.onSubmit()}
            onChange={(event) => props.onReference(event.target.value)}
          />
        </label>
      )}
      {method === 'cash' && change !== null && (
        <p className="change" data-testid="change-preview">
          <span>{t('pay.change')}</span>
          <b>{money(change, currency)}</b>
        </p>
      )}
    </div>
  );
}

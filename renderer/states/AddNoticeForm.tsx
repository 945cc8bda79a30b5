import { useEffect, useState, type FormEvent } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { OrderTimelineView } from '../../common/order-states.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useAction } from '../shared/use-action.ts';
import { useI18n } from '../use-i18n.ts';
import { stepLabel } from './state-label.ts';

interface Props {
  pos: PosApi;
  shipments: OrderTimelineView['shipments'];
  /** The rules' step codes, offered first (a carrier's other codes may be typed). */
  codes: readonly string[];
  /** The shipment the staff opened the order from (a search hit): the form is set on it. */
  chosenShipmentId?: string | null;
  onAdded: () => void;
}

/** `datetime-local` gives a local wall time without a zone: read it in this machine's zone. */
function toIso(local: string): string | undefined {
  if (local === '') return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
}

/** Adds a shipment's status notice by hand (source manual); empty time means now. */
export function AddNoticeForm({ pos, shipments, codes, chosenShipmentId, onAdded }: Props) {
  const { t } = useI18n();
  // A refusal goes once a notice is added or removed by other means (the timeline moved on).
  const action = useAction(shipments.reduce((n, s) => n + s.stepStates.length, 0));
  const [shipmentId, setShipmentId] = useState(chosenShipmentId ?? shipments[0]?.shipmentId ?? '');
  useEffect(() => {
    if (chosenShipmentId) setShipmentId(chosenShipmentId);
  }, [chosenShipmentId]);
  const [code, setCode] = useState('');
  const [at, setAt] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = shipments.some((s) => s.shipmentId === shipmentId) ? shipmentId : (shipments[0]?.shipmentId ?? '');
    // A refused notice leaves the form as typed (the refusal says why), so the staff correct it:
    // a time refused and emptied would be recorded as now at the next click, without a word.
    void action.run(() => pos.invoke('states.addStepState', { shipmentId: chosen, code: code.trim(), at: toIso(at) }), () => {
      setCode('');
      setAt('');
      onAdded();
    });
  };

  return (
    <form className="add-notice" data-testid="add-notice" onSubmit={submit}>
      <h3>{t('notice.title')}</h3>
      <div className="add-notice-fields">
        <label className="field">
          <span>{t('notice.shipment')}</span>
          <select data-testid="notice-shipment" value={shipmentId} onChange={(e) => setShipmentId(e.target.value)}>
            {shipments.map((s) => (
              <option key={s.shipmentId} value={s.shipmentId}>
                {s.carrier} · {s.trackingNo}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('notice.code')}</span>
          <input data-testid="notice-code" list="notice-codes" value={code} required maxLength={100} onChange={(e) => setCode(e.target.value)} />
          <datalist id="notice-codes">
            {codes.map((c) => (
              <option key={c} value={c}>
                {stepLabel(t, c) ?? c}
              </option>
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>{t('notice.at')}</span>
          <input data-testid="notice-at" type="datetime-local" step={1} value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
      </div>
      <ErrorLine message={action.error} />
      <button type="submit" className="primary" data-testid="notice-add" disabled={action.busy || shipments.length === 0 || code.trim() === ''}>
        {t('notice.add')}
      </button>
    </form>
  );
}

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OrderView } from '../../common/entities.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useAction } from '../shared/use-action.ts';
import { useI18n } from '../use-i18n.ts';
import { customerOf, deliveryOf, deliveryProblem, draftOf, sameCustomer, sameDelivery, type DeliveryDraft, type ShipmentDraft } from './delivery-draft.ts';

interface Props {
  pos: PosApi;
  order: OrderView;
  editable: boolean;
  onOrder: (order: OrderView) => void;
}

/**
 * The order's customer and, for a delivery, its address and shipments (carrier and tracking
 * number each). Saved together; what the terminal refuses is shown with the field named and
 * changes nothing. A change from elsewhere refreshes the form unless the staff are typing in it.
 */
export function CustomerDelivery({ pos, order, editable, onOrder }: Props) {
  const { t } = useI18n();
  const action = useAction();
  const [draft, setDraft] = useState<DeliveryDraft>(() => draftOf(order));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const latest = useRef(order);
  latest.current = order;

  const { customer, delivery } = order;
  useEffect(() => {
    if (!dirty) setDraft(draftOf({ customer, delivery }));
  }, [customer, delivery, dirty]);

  const change = (edit: (d: DeliveryDraft) => DeliveryDraft) => {
    setDraft(edit);
    setDirty(true);
    setSaved(false);
  };
  const setShipment = (i: number, patch: Partial<ShipmentDraft>) =>
    change((d) => ({ ...d, shipments: d.shipments.map((s, k) => (k === i ? { ...s, ...patch } : s)) }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    // What the terminal would refuse is said here, in the staff's words, and nothing is sent.
    const problem = deliveryProblem(draft);
    if (problem) {
      // Said in the language shown when it is read (the staff may switch it meanwhile).
      action.setError(({ t }) => ('shipment' in problem ? t(`delivery.${problem.kind}Missing`, { n: problem.shipment }) : t(`delivery.${problem.kind}Missing`)));
      return;
    }
    const nextCustomer = customerOf(draft);
    const nextDelivery = deliveryOf(draft);
    const id = order.clientId;
    // The delivery first: it is what the terminal may refuse (an empty address or tracking
    // number), and then the customer is not saved either.
    if (!sameDelivery(nextDelivery, latest.current.delivery)) {
      const result = await action.run(() => pos.invoke('orders.setDelivery', { orderClientId: id, delivery: nextDelivery }), onOrder);
      if (!result.ok) return;
    }
    if (!sameCustomer(nextCustomer, latest.current.customer)) {
      const result = await action.run(() => pos.invoke('orders.setCustomer', { orderClientId: id, customer: nextCustomer }), onOrder);
      if (!result.ok) return;
    }
    setDirty(false);
    setSaved(true);
  };

  return (
    <form className="customer-delivery" data-testid="customer-delivery" onSubmit={(e) => void save(e)}>
      <h3>{t('delivery.title')}</h3>
      <fieldset disabled={!editable || action.busy}>
        <div className="pair">
          <label className="field">
            <span>{t('delivery.customer')}</span>
            <input data-testid="customer-name" value={draft.name} maxLength={200} onChange={(e) => change((d) => ({ ...d, name: e.target.value }))} />
          </label>
          <label className="field">
            <span>{t('delivery.phone')}</span>
            <input data-testid="customer-phone" type="tel" value={draft.phone} maxLength={50} onChange={(e) => change((d) => ({ ...d, phone: e.target.value }))} />
          </label>
        </div>
        <label className="check">
          <input
            type="checkbox"
            data-testid="delivers"
            checked={draft.delivers}
            onChange={(e) => change((d) => ({ ...d, delivers: e.target.checked, shipments: e.target.checked && d.shipments.length === 0 ? [{ carrier: '', trackingNo: '' }] : d.shipments }))}
          />
          {t('delivery.delivers')}
        </label>
        {draft.delivers && (
          <>
            <label className="field">
              <span>{t('delivery.address')}</span>
              <input data-testid="delivery-address" value={draft.address} maxLength={500} onChange={(e) => change((d) => ({ ...d, address: e.target.value }))} />
            </label>
            <ul className="shipment-rows">
              {draft.shipments.map((s, i) => (
                <li key={s.shipmentId ?? `new-${i}`} data-testid="shipment-row">
                  <input data-testid="shipment-carrier" aria-label={t('delivery.carrier')} placeholder={t('delivery.carrier')} value={s.carrier} maxLength={100} onChange={(e) => setShipment(i, { carrier: e.target.value })} />
                  <input data-testid="shipment-tracking" aria-label={t('delivery.tracking')} placeholder={t('delivery.tracking')} value={s.trackingNo} maxLength={100} onChange={(e) => setShipment(i, { trackingNo: e.target.value })} />
                  <button type="button" className="link danger" onClick={() => change((d) => ({ ...d, shipments: d.shipments.filter((_, k) => k !== i) }))}>
                    {t('editor.remove')}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="secondary" data-testid="add-shipment" onClick={() => change((d) => ({ ...d, shipments: [...d.shipments, { carrier: '', trackingNo: '' }] }))}>
              {t('delivery.addShipment')}
            </button>
          </>
        )}
      </fieldset>
      <ErrorLine message={action.error} />
      {editable && (
        <p className="form-actions">
          <button type="submit" className="primary" data-testid="save-delivery" disabled={!dirty || action.busy}>
            {t('delivery.save')}
          </button>
          {saved && !dirty && <span className="muted small" data-testid="delivery-saved">{t('delivery.saved')}</span>}
        </p>
      )}
    </form>
  );
}

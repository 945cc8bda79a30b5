import type { OrderTimelineView } from '../../common/order-states.ts';
import { useDateTime } from '../shared/use-date-time.ts';
import { useI18n } from '../use-i18n.ts';
import { StepCode } from './StepCode.tsx';

interface Props {
  shipments: OrderTimelineView['shipments'];
  editable: boolean;
  busy: boolean;
  onRemove: (stepStateId: string) => void;
}

/** An order's shipments, each with its status notices in time order; a notice may be removed. */
export function ShipmentNotices({ shipments, editable, busy, onRemove }: Props) {
  const { t } = useI18n();
  const dateTime = useDateTime();
  return (
    <ul className="shipments" data-testid="shipments">
      {shipments.map((s) => (
        <li key={s.shipmentId} data-testid="shipment" data-shipment-id={s.shipmentId}>
          <p className="shipment-head">
            <b>{s.carrier}</b> <span className="mono">{s.trackingNo}</span>
          </p>
          {s.stepStates.length === 0 ? (
            <p className="muted small">{t('timeline.noNotices')}</p>
          ) : (
            <ul className="notices">
              {s.stepStates.map((n) => (
                <li key={n.id} data-testid="notice" data-code={n.code} data-source={n.source}>
                  <StepCode code={n.code} />
                  <span className="small">{dateTime(n.at)}</span>
                  {n.source === 'manual' && <span className="badge">{t('timeline.manual')}</span>}
                  {editable && (
                    <button type="button" className="link danger" data-testid="notice-remove" disabled={busy} onClick={() => onRemove(n.id)}>
                      {t('timeline.removeNotice')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { isFinal } from '../../common/order-status.ts';
import type { IpcError, PosApi } from '../../common/ipc-contract.ts';
import type { OrderTimelineView } from '../../common/order-states.ts';
import { ErrorLine, StatusBadge } from '../shared/Badges.tsx';
import { errorText, syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import { useAction } from '../shared/use-action.ts';
import { useDateTime } from '../shared/use-date-time.ts';
import { useI18n } from '../use-i18n.ts';
import { AddNoticeForm } from './AddNoticeForm.tsx';
import { jobNotice } from './job-notice.ts';
import { ShipmentNotices } from './ShipmentNotices.tsx';
import { StateBadge } from './StateBadge.tsx';
import { sinceText, validityText } from './state-interval.ts';
import { stateLabel } from './state-label.ts';

/** While a change waits for the reconstruction, the timeline looks again after this long. */
const PENDING_POLL_MS = 1_000;

interface Props {
  pos: PosApi;
  orderClientId: string;
  /** The shipment the staff opened the order from, if any: adding a notice starts on it. */
  shipmentId?: string | null;
}

/**
 * One order's states (SPEC §5 deliveries screen): the current state, its history with validity,
 * each rule's progress, the shipments with their notices (remove one, or add one by hand), and
 * the reconstruction's own state (pending, re-checked later, retrying after a failure, or dead
 * with its error).
 */
export function OrderTimeline({ pos, orderClientId, shipmentId }: Props) {
  const i18n = useI18n();
  const { t, plural } = i18n;
  const dateTime = useDateTime();
  const action = useAction();
  const [view, setView] = useState<OrderTimelineView | null>(null);
  const [codes, setCodes] = useState<readonly string[]>([]);
  // Kept as the terminal refused it and worded when shown: after a language change it reads in the new one.
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  // Bumped when a state dated ahead starts, so that "from <time>" becomes "since <time>" then.
  const [, setStarted] = useState(0);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    const result = await pos.invoke('states.timeline', { orderClientId });
    if (mine !== seq.current) return; // a newer answer is on its way, or the order was closed
    if (result.ok) setView(result.value);
    setLoadError(result.ok ? null : result.error);
  }, [pos, orderClientId]);

  useEffect(() => {
    void load();
    void pos.invoke('states.rules', {}).then((rules) => {
      if (rules.ok) setCodes([...new Set(rules.value.rules.filter((r) => r.active).map((r) => r.code))]);
    });
    const offNotification = pos.on('notification', (n) => n.orderClientId === orderClientId && void load());
    const offOrder = pos.on('order.changed', (c) => c.orderClientId === orderClientId && void load());
    return () => {
      seq.current++;
      offNotification();
      offOrder();
    };
  }, [pos, orderClientId, load]);

  useEffect(() => {
    // While a change waits for the reconstruction, look again shortly; a job re-checked later
    // (rules partly reached) is looked at again when it is due, not every second until then.
    if (!view?.pending) return;
    const dueIn = view.job?.state === 'queued' ? Date.parse(view.job.dueAt) - Date.now() : 0;
    const timer = setTimeout(() => void load(), Math.min(2 ** 31 - 1, Math.max(PENDING_POLL_MS, dueIn + PENDING_POLL_MS)));
    return () => clearTimeout(timer);
  }, [view, load]);

  useEffect(() => {
    const startsIn = view?.orderStateSince ? Date.parse(view.orderStateSince) - Date.now() : 0;
    if (!(startsIn > 0)) return;
    const timer = setTimeout(() => setStarted((n) => n + 1), Math.min(2 ** 31 - 1, startsIn + 1));
    return () => clearTimeout(timer);
  }, [view]);

  const loadErrorText = loadError && errorText(i18n, loadError);
  if (!view) return <section className="panel timeline">{loadErrorText ? <ErrorLine message={loadErrorText} /> : <p className="muted">{t('app.loading')}</p>}</section>;

  const now = Date.now();
  const final = isFinal(view.status);
  const notice = jobNotice(view.job, view.pending, now);
  const deleted = view.status === 'Deleted';
  const removeNotice = (stepStateId: string) => void action.run(() => pos.invoke('states.removeStepState', { stepStateId }), () => void load());
  const retryJob = () => void action.run(() => pos.invoke('states.retryJob', { orderClientId }), () => void load());

  return (
    <section className="panel timeline" data-testid="timeline" data-order-id={orderClientId} aria-label={t('timeline.title')}>
      <header className="panel-head">
        <h2>{t('orders.number', { id: view.orderNumber })}</h2>
        <StatusBadge status={view.status} finalOnServer={view.finalOnServer} />
      </header>
      {/* As the order editor says it: its states may still move while the server does not take it. */}
      {view.syncStatus === 'Blocked' && view.blockedReason && (
        <p className="blocked-reason" role="alert" data-testid="blocked-reason" title={syncProblemTooltip(i18n, view.blockedReason)}>
          <b>{t('editor.blocked')}</b> {syncProblemText(i18n, view.blockedReason)}
        </p>
      )}
      {deleted ? (
        // A deleted order is in no state any more (the reconstruction skips it): its history is what it went through.
        <p className="current-state muted" data-testid="timeline-deleted">
          {t('timeline.deleted')}
        </p>
      ) : (
        <p className="current-state">
          <span className="muted">{t('timeline.current')}</span> <StateBadge state={view.orderState} />{' '}
          {view.orderStateSince && (
            <span className="muted small" data-testid="current-since">
              {sinceText(t, dateTime, view.orderStateSince, now)}
            </span>
          )}
        </p>
      )}
      {notice?.kind === 'dead' ? (
        <div className="error" role="alert" data-testid="timeline-dead">
          {t('timeline.deadJob', { error: notice.error })}{' '}
          <button type="button" className="secondary" disabled={action.busy} onClick={retryJob}>
            {t('timeline.retryJob')}
          </button>
        </div>
      ) : notice?.kind === 'retrying' ? (
        <p className="error small" role="status" data-testid="timeline-pending" data-retrying="true">
          {t('timeline.retrying', { attempt: notice.attempt, error: notice.error })}
        </p>
      ) : (
        notice && (
          <p className="muted small" data-testid="timeline-pending">
            {notice.kind === 'recheck' ? t('timeline.recheck', { time: dateTime(notice.time) }) : t('timeline.pending')}
          </p>
        )
      )}
      <ErrorLine message={action.error ?? loadErrorText} />

      <h3>{t('timeline.history')}</h3>
      {view.history.length === 0 ? (
        <p className="muted small" data-testid="history-empty">{t('timeline.noHistory')}</p>
      ) : (
        <ol className="history" data-testid="history">
          {view.history.map((h) => (
            <li key={h.id} data-testid="history-entry" data-state={h.state}>
              <StateBadge state={h.state} />
              <span className="small">{validityText(t, dateTime, h, deleted, now)}</span>
            </li>
          ))}
        </ol>
      )}

      <h3>{t('timeline.progress')}</h3>
      <ul className="progress" data-testid="rule-progress">
        {view.progress.map((p) => (
          // Each rule with the share it needs ("1 of 4" meets 25 %, not 100 %), and marked when met.
          <li key={p.ruleId} className={p.fulfilled ? 'met' : undefined} data-rule={p.ruleId} data-fulfilled={String(p.fulfilled)}>
            <span>{stateLabel(t, p.state)}</span>
            <meter min={0} max={100} value={p.percent} aria-label={stateLabel(t, p.state)} />
            <span className="muted small rule-share">
              <span>{t('timeline.reached', { reached: p.reached, shipments: p.shipments })}</span> · <span data-testid="rule-needs">{t('timeline.needs', { percent: p.minPercent })}</span>
            </span>
            <span className="small">
              {p.fulfilled && (
                <span className="rule-met" data-testid="rule-met">
                  <span aria-hidden="true">✓ </span>
                  {t('timeline.met')}
                </span>
              )}
              {p.fulfilled && p.fulfilledAt ? ` ${dateTime(p.fulfilledAt)}` : ''}
            </span>
          </li>
        ))}
      </ul>

      <h3>{plural('timeline.shipments', view.shipments.length)}</h3>
      <ShipmentNotices shipments={view.shipments} editable={!final} busy={action.busy} onRemove={removeNotice} />
      {!final && view.shipments.length > 0 && <AddNoticeForm pos={pos} shipments={view.shipments} codes={codes} chosenShipmentId={shipmentId} onAdded={() => void load()} />}
    </section>
  );
}

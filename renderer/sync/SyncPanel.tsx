import { useCallback, useEffect, useRef, useState } from 'react';
import { outboxStates, type BlockedOrderSummary, type OutboxOperationView, type OutboxState } from '../../common/entities.ts';
import type { CommandOutput, IpcError, PosApi } from '../../common/ipc-contract.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { nextDrain, type Drain } from './drain-progress.ts';
import { TerminalInfo } from './TerminalInfo.tsx';
import { BlockedOrders } from './BlockedOrders.tsx';
import { OutboxRow } from './OutboxRow.tsx';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from '../shared/refresh-throttle.ts';
import { errorText, syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import type { Problem } from '../../common/problem.ts';
import type { I18n } from '../use-i18n.ts';
import type { StringKey } from '../i18n.ts';

type SyncStatusView = CommandOutput<'sync.status'>;

/** Connectivity changes send no event of their own: look again this often. */
const POLL_MS = 5_000;
/** Rows of each group shown; the counts above the list tell how many there are in all. */
const LIST_LIMIT = 100;

/** Failed and Blocked first (they need the staff), then what is waiting, each in send order. */
const ATTENTION: OutboxState[] = ['failed', 'blocked'];

/** The panel's last error, after the label of the operation it is about when it names one (`op`) and is said in words. */
function lastErrorText(i18n: I18n, problem: Problem): string {
  const text = syncProblemText(i18n, problem);
  const op = problem.params?.op;
  return typeof op === 'string' && text !== problem.message ? `${i18n.t(`outboxKind.${op}` as StringKey)}: ${text}` : text;
}

/**
 * The sync panel (SPEC §5): online/offline, the last error, a progress bar while the outbox
 * drains, and the open operations (Failed and Blocked first, with Retry / Discard: OutboxRow.tsx),
 * each with its last error and its order's number, which opens the order at the counter. Events
 * are coalesced: a drain of thousands of operations costs a few refreshes a second. Every error is
 * kept as the terminal gave it and put in words when shown, so it follows a change of language.
 */
export function SyncPanel({ pos, onOpenOrder }: { pos: PosApi; onOpenOrder: (orderClientId: string) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [attention, setAttention] = useState<readonly OutboxOperationView[]>([]);
  const [waiting, setWaiting] = useState<readonly OutboxOperationView[]>([]);
  const [blockedOrders, setBlockedOrders] = useState<readonly BlockedOrderSummary[]>([]);
  const [drain, setDrain] = useState<Drain | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const live = useRef(true);

  const load = useCallback(async () => {
    const [nextStatus, stuck, pending, blocked] = await Promise.all([
      pos.invoke('sync.status', {}),
      pos.invoke('outbox.list', { states: ATTENTION, limit: LIST_LIMIT }),
      pos.invoke('outbox.list', { states: ['pending'], limit: LIST_LIMIT }),
      pos.invoke('orders.listBlocked', { limit: LIST_LIMIT }),
    ]);
    if (!live.current) return;
    const failure = [nextStatus, stuck, pending, blocked].find((r) => !r.ok);
    setLoadError(failure && !failure.ok ? failure.error : null);
    if (nextStatus.ok) {
      setStatus(nextStatus.value);
      setDrain((previous) => nextDrain(previous, nextStatus.value.outbox.pending));
    }
    if (stuck.ok) setAttention(stuck.value);
    if (pending.ok) setWaiting(pending.value);
    if (blocked.ok) setBlockedOrders(blocked.value);
  }, [pos]);

  const requestRefresh = useRef<() => void>(() => {});

  useEffect(() => {
    live.current = true;
    const throttle = createRefreshThrottle(load, REFRESH_INTERVAL_MS);
    requestRefresh.current = throttle.request;
    throttle.request();
    const offOutbox = pos.on('outbox.changed', throttle.request);
    const offOrder = pos.on('order.changed', throttle.request);
    const poll = setInterval(throttle.request, POLL_MS);
    return () => {
      live.current = false;
      offOutbox();
      offOrder();
      clearInterval(poll);
      throttle.stop();
      requestRefresh.current = () => {};
    };
  }, [pos, load]);

  const operations = [...attention, ...waiting];
  const lastError =
    status?.lastError ?? attention.find((op) => op.lastError)?.lastError ?? waiting.find((op) => op.lastError)?.lastError ?? null;
  const shownPending = waiting.length;
  const morePending = Math.max(0, (status?.outbox.pending ?? 0) - shownPending);
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(locale) : '—');

  return (
    <section className="panel sync" data-testid="sync-panel" aria-label={t('outbox.title')}>
      <header className="panel-head">
        <h2>{t('outbox.title')}</h2>
        {status && (
          <span
            className={`conn ${status.online ? 'conn-online' : 'conn-offline'}`}
            data-testid="sync-online"
            data-online={String(status.online)}
          >
            {t(status.online ? 'syncPanel.online' : 'syncPanel.offline')}
          </span>
        )}
        {status && !status.running && (
          <span className="conn conn-stopped" data-testid="sync-stopped">
            {t('syncPanel.stopped')}
          </span>
        )}
      </header>

      {status && (
        <ul className="chips" data-testid="outbox-summary">
          {outboxStates.map((state) => (
            <li key={state} className={`chip chip-${state}`} data-state={state}>
              {t(`outbox.${state}`)} <b>{status.outbox[state]}</b>
            </li>
          ))}
          {blockedOrders.length > 0 && (
            <li className="chip chip-blocked" data-testid="blocked-orders-count">
              {t('blockedOrders.chip')} <b>{blockedOrders.length}</b>
            </li>
          )}
        </ul>
      )}

      {drain && status?.running && (
        <div className="drain" data-testid="drain-progress">
          <progress max={drain.total} value={drain.sent} aria-label={t('syncPanel.progressLabel')} />
          <span className="drain-text" data-testid="drain-text">
            {t('syncPanel.progress', { sent: drain.sent, total: drain.total })}
          </span>
          {status.inFlight > 0 && <span className="muted small">{t('syncPanel.inFlight', { count: status.inFlight })}</span>}
        </div>
      )}

      {lastError && (
        // The network's or the exception's own text is for support: in the tooltip, not the staff's words.
        <p className="last-error" data-testid="sync-last-error" title={syncProblemTooltip(i18n, lastError)}>
          <span className="muted">{t('outbox.error')}:</span> {lastErrorText(i18n, lastError)}
        </p>
      )}
      {status && (
        <p className="muted small" data-testid="sync-last-pull">
          {status.lastPullAt ? t('syncPanel.lastPull', { time: time(status.lastPullAt) }) : t('syncPanel.neverPulled')}
        </p>
      )}
      <ErrorLine message={loadError ? errorText(i18n, loadError) : null} />
      <BlockedOrders orders={blockedOrders} onOpenOrder={onOpenOrder} />

      {operations.length === 0 ? (
        <p className="muted" data-testid="outbox-empty">
          {t('outbox.empty')}
        </p>
      ) : (
        <table className="outbox" data-testid="outbox-list">
          <thead>
            <tr>
              <th>{t('outbox.seq')}</th>
              <th>{t('outbox.kind')}</th>
              <th>{t('outbox.order')}</th>
              <th>{t('outbox.state')}</th>
              <th>{t('outbox.attempts')}</th>
              <th>{t('outbox.next')}</th>
              <th>{t('outbox.error')}</th>
              <th>
                <span className="sr-only">{t('outbox.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <OutboxRow key={op.opId} pos={pos} op={op} onOpenOrder={onOpenOrder} onActed={() => requestRefresh.current()} />
            ))}
          </tbody>
        </table>
      )}
      {morePending > 0 && (
        <p className="muted small" data-testid="outbox-more">
          {t('outbox.more', { count: morePending })}
        </p>
      )}
      <TerminalInfo pos={pos} />
    </section>
  );
}

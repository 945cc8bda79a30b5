import { useCallback, useEffect, useState } from 'react';
import { outboxStates, type OutboxOperationView, type OutboxState } from '../../common/entities.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { useI18n } from '../use-i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useAction } from '../shared/use-action.ts';

/** The outbox: how many operations are in each state, and each one with its attempts and error. */
export function SyncPanel({ pos }: { pos: PosApi }) {
  const { t, locale } = useI18n();
  const action = useAction();
  const [summary, setSummary] = useState<Record<OutboxState, number> | null>(null);
  const [operations, setOperations] = useState<readonly OutboxOperationView[]>([]);
  const { run } = action;

  const load = useCallback(() => {
    void run(() => pos.invoke('outbox.summary', {}), setSummary);
    void run(() => pos.invoke('outbox.list', { limit: 200 }), setOperations);
  }, [pos, run]);

  useEffect(() => {
    load();
    const offOutbox = pos.on('outbox.changed', load);
    const offOrder = pos.on('order.changed', load);
    return () => {
      offOutbox();
      offOrder();
    };
  }, [pos, load]);

  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(locale) : '—');
  return (
    <section className="panel sync" data-testid="sync-panel" aria-label={t('outbox.title')}>
      <header className="panel-head">
        <h2>{t('outbox.title')}</h2>
      </header>
      {summary && (
        <ul className="chips" data-testid="outbox-summary">
          {outboxStates.map((state) => (
            <li key={state} className={`chip chip-${state}`} data-state={state}>
              {t(`outbox.${state}`)} <b>{summary[state]}</b>
            </li>
          ))}
        </ul>
      )}
      <ErrorLine message={action.error} />
      {operations.length === 0 ? (
        <p className="muted">{t('outbox.empty')}</p>
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
            </tr>
          </thead>
          <tbody>
            {operations.map((op) => (
              <tr key={op.opId} data-testid="outbox-op" data-state={op.state}>
                <td>{op.seq}</td>
                <td data-kind={op.kind}>{t(`outboxKind.${op.kind}`)}</td>
                <td className="mono">{op.orderClientId.slice(-6).toUpperCase()}</td>
                <td>
                  <span className={`chip chip-${op.state}`}>{t(`outbox.${op.state}`)}</span>
                </td>
                <td>{op.attempts}</td>
                <td>{time(op.nextAttemptAt)}</td>
                <td className="error-cell">{op.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import type { OutboxOperationView } from '../../common/entities.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import { useAction } from '../shared/use-action.ts';
import { useI18n } from '../use-i18n.ts';

interface Props {
  pos: PosApi;
  op: OutboxOperationView;
  onOpenOrder: (orderClientId: string) => void;
  /** After Retry or Discard, answered either way: the panel reads the outbox again. */
  onActed: () => void;
}

/**
 * One operation of the sync panel's list, with Retry / Discard where the staff may settle it. A
 * refusal of either is kept as the terminal gave it (`useAction`) and said in the language shown
 * when it is read, so switching language words it again.
 */
export function OutboxRow({ pos, op, onOpenOrder, onActed }: Props) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const action = useAction();
  const act = async (command: 'outbox.retry' | 'outbox.discard') => {
    await action.run(() => pos.invoke(command, { seq: op.seq }));
    onActed();
  };
  const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(locale) : '—');
  return (
    <tr data-testid="outbox-op" data-state={op.state} data-seq={op.seq} data-order-id={op.orderClientId}>
      <td>{op.seq}</td>
      <td data-kind={op.kind}>{t(`outboxKind.${op.kind}`)}</td>
      <td>
        <button type="button" className="link" data-testid="op-order" title={t('outbox.openOrder')} onClick={() => onOpenOrder(op.orderClientId)}>
          #{op.orderNumber}
        </button>
      </td>
      <td>
        <span className={`chip chip-${op.state}`}>{t(`outbox.${op.state}`)}</span>
      </td>
      <td>{op.attempts}</td>
      <td>{op.state === 'pending' ? time(op.nextAttemptAt) : '—'}</td>
      <td className="error-cell" data-testid="op-error" title={op.lastError ? syncProblemTooltip(i18n, op.lastError) : undefined}>
        {op.lastError ? syncProblemText(i18n, op.lastError) : ''}
      </td>
      <td className="op-actions">
        {/* A Blocked operation of an order the server made final is settled at the order (refund), not retried. */}
        {op.retryable && (
          <div className="op-buttons">
            <button type="button" className="secondary" data-testid="op-retry" disabled={action.busy} onClick={() => void act('outbox.retry')}>
              {t('outbox.retry')}
            </button>
            {op.state === 'failed' && (
              <button type="button" className="link danger" data-testid="op-discard" disabled={action.busy} onClick={() => void act('outbox.discard')}>
                {t('outbox.discard')}
              </button>
            )}
          </div>
        )}
        {op.state === 'blocked' && !op.retryable && (
          <button type="button" className="link" data-testid="op-settle" onClick={() => onOpenOrder(op.orderClientId)}>
            {t('outbox.settleAtOrder')}
          </button>
        )}
        {action.error && (
          <p className="error small" role="alert" data-testid="op-action-error">
            {action.error}
          </p>
        )}
      </td>
    </tr>
  );
}

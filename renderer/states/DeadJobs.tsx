import { useCallback, useEffect, useState } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { StateJobView } from '../../common/order-states.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from '../shared/refresh-throttle.ts';
import { useAction } from '../shared/use-action.ts';
import { useI18n } from '../use-i18n.ts';

/** A job dies without an event of its own: look again this often. */
const POLL_MS = 5_000;
const LIMIT = 20;

interface Props {
  pos: PosApi;
  onSelect: (orderClientId: string) => void;
}

/**
 * Order-state updates that failed every attempt (SPEC §6: kept with their error, never dropped),
 * whichever order they belong to: each can be opened or tried again. Nothing shows when none failed.
 */
export function DeadJobs({ pos, onSelect }: Props) {
  const { t } = useI18n();
  const action = useAction();
  const [jobs, setJobs] = useState<readonly StateJobView[]>([]);

  const load = useCallback(async () => {
    const result = await pos.invoke('states.queue', { states: ['dead'], limit: LIMIT });
    if (result.ok) setJobs(result.value);
  }, [pos]);

  useEffect(() => {
    const throttle = createRefreshThrottle(load, REFRESH_INTERVAL_MS);
    throttle.request();
    const offOrder = pos.on('order.changed', throttle.request);
    const poll = setInterval(throttle.request, POLL_MS);
    return () => {
      offOrder();
      clearInterval(poll);
      throttle.stop();
    };
  }, [pos, load]);

  if (jobs.length === 0) return null;
  const retry = (orderClientId: string) => void action.run(() => pos.invoke('states.retryJob', { orderClientId }), () => void load());
  return (
    <section className="dead-jobs" role="alert" data-testid="dead-jobs">
      <h3>{t('deadJobs.title')}</h3>
      <ul>
        {jobs.map((job) => (
          <li key={job.orderClientId} data-testid="dead-job" data-order-id={job.orderClientId}>
            <button type="button" className="link" onClick={() => onSelect(job.orderClientId)}>
              {t('orders.number', { id: job.orderNumber })}
            </button>
            <span className="small dead-error">{job.lastError}</span>
            <button type="button" className="secondary" data-testid="dead-retry" disabled={action.busy} onClick={() => retry(job.orderClientId)}>
              {t('timeline.retryJob')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorLine message={action.error} />
    </section>
  );
}

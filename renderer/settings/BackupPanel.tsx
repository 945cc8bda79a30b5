import { useState } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { BackupsView } from '../../common/settings.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { useAction } from '../shared/use-action.ts';
import { useDateTime } from '../shared/use-date-time.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';
import { useI18n } from '../use-i18n.ts';

/** No event announces a copy: the panel reads them when shown and after its own copy. */
const RELOAD_ON = [] as const;

/**
 * The daily copies of the terminal's database (db/backups.ts): when the newest was made, how many
 * are kept and where, and a copy made now, which says it is running until it is whole.
 */
export function BackupPanel({ pos }: { pos: PosApi }) {
  const { t } = useI18n();
  const dateTime = useDateTime();
  const action = useAction();
  const loaded = useLiveQuery(pos, 'backups.status', RELOAD_ON);
  const [copied, setCopied] = useState<BackupsView | null>(null);
  const view = copied ?? loaded;

  if (!view) return null;
  const copyNow = () => void action.run(() => pos.invoke('backups.run', {}), setCopied);
  return (
    <section className="backups" aria-label={t('backups.title')} data-testid="backups">
      <h3>{t('backups.title')}</h3>
      {!view.enabled ? (
        <p className="muted">{t('backups.off')}</p>
      ) : (
        <>
          <p data-testid="backups-latest">{view.latest ? t('backups.latest', { time: dateTime(view.latest.takenAt) }) : t('backups.none')}</p>
          <p className="muted small">
            {t('backups.kept', { count: view.kept, keep: view.keep })} <span className="mono">{view.dir}</span>
          </p>
          {view.failure ? (
            <p className="error" role="alert" data-testid="backups-failure">
              {t(view.failure.damaged ? 'backups.damaged' : 'backups.failed', { time: dateTime(view.failure.at), detail: view.failure.detail })}
            </p>
          ) : null}
          <ErrorLine message={action.error} />
          <button type="button" className="secondary" data-testid="backups-run" disabled={action.busy} onClick={copyNow}>
            {action.busy ? t('backups.running') : t('backups.run')}
          </button>
        </>
      )}
    </section>
  );
}

import type { PosApi } from '../../common/ipc-contract.ts';
import { syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';
import { useI18n } from '../use-i18n.ts';

const RELOAD_ON = ['settings.changed'] as const;

/**
 * Who this terminal is and where it sends: what support asks for first. A saved setting the
 * terminal left out at start (a plain-http server address an earlier version took) is said first,
 * with why: otherwise the staff see a terminal that does not sync and an address they never chose.
 */
export function TerminalInfo({ pos }: { pos: PosApi }) {
  const i18n = useI18n();
  const { t } = i18n;
  const info = useLiveQuery(pos, 'terminal.info', RELOAD_ON);
  if (!info) return null;
  return (
    <section className="terminal-info" aria-label={t('terminal.title')}>
      <h3>{t('terminal.title')}</h3>
      {info.ignoredSettings.map((problem) => (
        <p
          key={String(problem.params?.field)}
          className="error small"
          data-testid="ignored-setting"
          data-field={String(problem.params?.field)}
          title={syncProblemTooltip(i18n, problem)}
        >
          {syncProblemText(i18n, problem)}
        </p>
      ))}
      <dl data-testid="terminal-info">
        <dt>{t('terminal.name')}</dt>
        <dd data-testid="terminal-name">{info.deviceName}</dd>
        <dt>{t('terminal.device')}</dt>
        <dd data-testid="terminal-device">{info.deviceId}</dd>
        <dt>{t('terminal.server')}</dt>
        <dd className="mono">{info.serverUrl}</dd>
        <dt>{t('terminal.currency')}</dt>
        <dd>{info.currency}</dd>
        <dt>{t('terminal.receipts')}</dt>
        <dd className="mono">{info.receiptPrefix}</dd>
        <dt>{t('terminal.data')}</dt>
        <dd className="mono">{info.dataDir}</dd>
        <dt>{t('terminal.version')}</dt>
        <dd>{info.version}</dd>
      </dl>
    </section>
  );
}

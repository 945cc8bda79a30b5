import { useEffect, useState } from 'react';
import type { CommandOutput, PosApi } from '../../common/ipc-contract.ts';
import { useI18n } from '../use-i18n.ts';

/** Who this terminal is and where it sends: what support asks for first. */
export function TerminalInfo({ pos }: { pos: PosApi }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<CommandOutput<'terminal.info'> | null>(null);
  useEffect(() => {
    let live = true;
    void pos.invoke('terminal.info', {}).then((result) => {
      if (live && result.ok) setInfo(result.value);
    });
    return () => {
      live = false;
    };
  }, [pos]);
  if (!info) return null;
  return (
    <section className="terminal-info" aria-label={t('terminal.title')}>
      <h3>{t('terminal.title')}</h3>
      <dl data-testid="terminal-info">
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

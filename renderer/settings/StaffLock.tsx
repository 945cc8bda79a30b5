import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { StaffStatus } from '../../common/settings.ts';
import { useAction } from '../shared/use-action.ts';
import { useI18n } from '../use-i18n.ts';
import { invokeShell, useShellCapabilities } from '../shared/shell.ts';

/**
 * At a self-service kiosk, the header's way into the staff screens: the admin PIN opens a staff
 * session (it closes with Lock, or by itself when left unused); customers see only the counter.
 * Where the desktop shell offers it, the staff may also leave kiosk mode, with the PIN again.
 */
export function StaffLock({ pos, staff }: { pos: PosApi; staff: StaffStatus }) {
  const { t } = useI18n();
  const action = useAction();
  const shell = useShellCapabilities(pos);
  // What the PIN typed is for: opening the staff screens, or (staff only) leaving kiosk mode.
  const [asking, setAsking] = useState<'unlock' | 'exit' | null>(null);
  const [pin, setPin] = useState('');

  if (asking === null || (asking === 'exit' && !staff.unlocked)) {
    if (!staff.unlocked) {
      return (
        <button type="button" className="staff-lock" data-testid="staff-open" onClick={() => setAsking('unlock')}>
          {t('staff.open')}
        </button>
      );
    }
    return (
      <span className="staff-actions">
        <button type="button" className="staff-lock" data-testid="staff-lock" disabled={action.busy} onClick={() => void action.run(() => pos.invoke('staff.lock', {}))}>
          {t('staff.lock')}
        </button>
        {shell.exitKiosk && (
          <button type="button" className="staff-lock" data-testid="kiosk-exit" onClick={() => setAsking('exit')}>
            {t('staff.exitKiosk')}
          </button>
        )}
      </span>
    );
  }
  // Cancel, or Escape anywhere in the form: the form closes, the PIN typed and its error with it.
  const cancel = () => {
    setAsking(null);
    setPin('');
    action.setError(null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Right or wrong, the PIN typed does not stay on screen. Leaving the kiosk asks for it again:
    // an open staff session alone does not close the shop's till.
    const run = asking === 'exit' ? () => invokeShell(pos, 'shell.exitKiosk', { pin }) : () => pos.invoke('staff.unlock', { pin });
    void action.run(run, () => setAsking(null)).then(() => setPin(''));
  };
  return (
    <form className="staff-unlock" data-testid="staff-unlock" data-purpose={asking} onSubmit={submit} onKeyDown={onKeyDown}>
      <input
        data-testid="staff-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        autoFocus
        aria-label={t('settings.adminPin')}
        placeholder={t('settings.adminPin')}
        value={pin}
        maxLength={12}
        onChange={(e) => setPin(e.target.value)}
      />
      <button type="submit" className="primary" data-testid="staff-unlock-submit" disabled={action.busy || pin === ''}>
        {t(asking === 'exit' ? 'staff.exit' : 'staff.unlock')}
      </button>
      <button type="button" className="link" onClick={cancel}>
        {t('pay.cancel')}
      </button>
      {action.error && (
        <span className="staff-error" role="alert" data-testid="staff-error">
          {action.error}
        </span>
      )}
    </form>
  );
}

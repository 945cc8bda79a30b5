import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { StaffStatus } from '../../common/settings.ts';
import { useAction } from '../shared/use-action.ts';
import { useI18n } from '../use-i18n.ts';

/**
 * At a self-service kiosk, the header's way into the staff screens: the admin PIN opens a staff
 * session (it closes with Lock, or by itself when left unused); customers see only the counter.
 */
export function StaffLock({ pos, staff }: { pos: PosApi; staff: StaffStatus }) {
  const { t } = useI18n();
  const action = useAction();
  const [asking, setAsking] = useState(false);
  const [pin, setPin] = useState('');

  if (staff.unlocked) {
    return (
      <button type="button" className="staff-lock" data-testid="staff-lock" disabled={action.busy} onClick={() => void action.run(() => pos.invoke('staff.lock', {}))}>
        {t('staff.lock')}
      </button>
    );
  }
  if (!asking) {
    return (
      <button type="button" className="staff-lock" data-testid="staff-open" onClick={() => setAsking(true)}>
        {t('staff.open')}
      </button>
    );
  }
  // Cancel, or Escape anywhere in the form: the form closes, the PIN typed and its error with it.
  const cancel = () => {
    setAsking(false);
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
    // Right or wrong, the PIN typed does not stay on screen.
    void action.run(() => pos.invoke('staff.unlock', { pin }), () => setAsking(false)).then(() => setPin(''));
  };
  return (
    <form className="staff-unlock" data-testid="staff-unlock" onSubmit={submit} onKeyDown={onKeyDown}>
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
        {t('staff.unlock')}
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

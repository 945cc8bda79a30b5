import { useEffect, useState, type FormEvent } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import { EDITABLE_SETTINGS, type EditableSetting, type EditableSettings, type SettingsUpdate } from '../../common/settings.ts';
import type { Lang } from '../i18n.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { LanguageSelect } from '../shared/LanguageSelect.tsx';
import { useAction } from '../shared/use-action.ts';
import { BackupPanel } from './BackupPanel.tsx';
import { TerminalInfo } from '../sync/TerminalInfo.tsx';
import { useI18n } from '../use-i18n.ts';
import { useSettings } from './use-settings.ts';

/** Currencies offered first; any ISO 4217 code the terminal knows may be typed. */
const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'RUB', 'MXN', 'ARS', 'CHF', 'PLN', 'SEK', 'JPY'];

const help: Record<EditableSetting, 'settings.serverUrl.help' | 'settings.deviceName.help' | 'settings.currency.help'> = {
  serverUrl: 'settings.serverUrl.help',
  deviceName: 'settings.deviceName.help',
  currency: 'settings.currency.help',
};

/**
 * Settings (SPEC §5): the server's address, this terminal's name, the currency of new orders,
 * the UI language. A setting fixed where the terminal was started is shown, not editable; where
 * an admin PIN is configured, saving asks for it. Only the changed settings are sent.
 */
export function SettingsScreen({ pos, onLang }: { pos: PosApi; onLang: (lang: Lang) => void }) {
  const { t } = useI18n();
  const settings = useSettings();
  const action = useAction();
  const [draft, setDraft] = useState<EditableSettings | null>(null);
  const [pin, setPin] = useState('');
  const [saved, setSaved] = useState(false);

  // The form starts from the terminal's settings, and follows them while it holds no edit.
  const dirty = settings !== null && draft !== null && EDITABLE_SETTINGS.some((f) => draft[f].trim() !== settings[f]);
  useEffect(() => {
    if (settings && !dirty) setDraft({ serverUrl: settings.serverUrl, deviceName: settings.deviceName, currency: settings.currency });
    // Only a new reading of the settings resets the form, not each keystroke.
  }, [settings]);

  if (!settings || !draft) return <p className="muted loading">{t('app.loading')}</p>;

  const edit = (field: EditableSetting, value: string) => {
    setSaved(false);
    setDraft({ ...draft, [field]: field === 'currency' ? value.toUpperCase() : value });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const update: SettingsUpdate = {};
    for (const field of EDITABLE_SETTINGS) {
      const value = draft[field].trim();
      if (value !== settings[field]) update[field] = value;
    }
    if (settings.pinRequired) update.adminPin = pin;
    void action.run(() => pos.invoke('settings.update', update), (view) => {
      setPin('');
      setSaved(true);
      setDraft({ serverUrl: view.serverUrl, deviceName: view.deviceName, currency: view.currency });
    });
  };

  return (
    <div className="settings-screen">
      <form className="panel settings" data-testid="settings" onSubmit={submit} aria-label={t('settings.title')}>
        <h2>{t('settings.title')}</h2>
        {EDITABLE_SETTINGS.map((field) => {
          const lockedBy = settings.lockedBy[field];
          return (
            <label className="field" key={field}>
              <span>{t(`settings.${field}`)}</span>
              <input
                data-testid={`setting-${field}`}
                value={draft[field]}
                disabled={lockedBy !== undefined || action.busy}
                list={field === 'currency' ? 'settings-currencies' : undefined}
                maxLength={field === 'currency' ? 3 : field === 'deviceName' ? 40 : 500}
                inputMode={field === 'serverUrl' ? 'url' : undefined}
                spellCheck={false}
                onChange={(e) => edit(field, e.target.value)}
              />
              <small className="muted" data-testid={lockedBy ? `setting-${field}-locked` : undefined}>
                {lockedBy ? t('settings.lockedBy', { by: lockedBy }) : t(help[field])}
              </small>
            </label>
          );
        })}
        <datalist id="settings-currencies">
          {COMMON_CURRENCIES.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        {settings.pinRequired && (
          <label className="field">
            <span>{t('settings.adminPin')}</span>
            <input data-testid="setting-adminPin" type="password" inputMode="numeric" autoComplete="off" value={pin} maxLength={12} onChange={(e) => setPin(e.target.value)} />
          </label>
        )}
        <ErrorLine message={action.error} />
        <div className="settings-actions">
          <button type="submit" className="primary" data-testid="settings-save" disabled={action.busy || !dirty}>
            {t('settings.save')}
          </button>
          {saved && !dirty && (
            <span className="muted" role="status" data-testid="settings-saved">
              {t('settings.saved')}
            </span>
          )}
        </div>
        <LanguageSelect onChange={onLang} testId="setting-language" />
      </form>
      <div className="panel">
        <TerminalInfo pos={pos} />
        <BackupPanel pos={pos} />
      </div>
    </div>
  );
}

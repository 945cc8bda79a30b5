import { useI18n } from '../use-i18n.ts';

const keys = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '00', 'decimal'] as const;

/**
 * A touch keypad for amounts (keys as amount-input.ts `applyKey` takes them); `back` and `clear`
 * edit what was typed. The decimal key shows the UI language's separator.
 */
export function Keypad({ onKey, disabled, separator }: { onKey: (key: string) => void; disabled: boolean; separator: string }) {
  const { t } = useI18n();
  return (
    <div className="keypad" data-testid="keypad">
      {keys.map((key) => (
        <button type="button" key={key} disabled={disabled} onClick={() => onKey(key)} data-testid={key === 'decimal' ? 'keypad-decimal' : undefined}>
          {key === 'decimal' ? separator : key}
        </button>
      ))}
      <button type="button" className="secondary" aria-label={t('keypad.back')} disabled={disabled} onClick={() => onKey('back')}>
        ⌫
      </button>
      <button type="button" className="secondary wide" disabled={disabled} onClick={() => onKey('clear')}>
        {t('keypad.clear')}
      </button>
    </div>
  );
}

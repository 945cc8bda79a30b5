import { languages, type Lang } from '../i18n.ts';
import { useI18n } from '../use-i18n.ts';

const names: Record<Lang, string> = { en: 'English', ru: 'Русский', es: 'Español' };

/** The UI language, each named in itself; `compact` shows the codes (the header). */
export function LanguageSelect({ onChange, compact = false, testId }: { onChange: (lang: Lang) => void; compact?: boolean; testId?: string }) {
  const { lang, t } = useI18n();
  return (
    <label className={compact ? 'lang' : 'field'}>
      <span>{t('app.language')}</span>
      <select data-testid={testId} value={lang} onChange={(event) => onChange(event.target.value as Lang)}>
        {languages.map((l) => (
          <option key={l} value={l}>
            {compact ? l.toUpperCase() : names[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

import { createContext, useContext } from 'react';
import { translate, type Lang, type StringKey } from './i18n.ts';

/** The UI language in React: `useI18n()` gives the strings, plural forms and locale. */

type PluralBase<K> = K extends `${infer Base}.one` ? Base : never;
/** Keys that come in `.one` / `.other` forms. */
export type PluralKey = PluralBase<StringKey>;

export interface I18n {
  lang: Lang;
  /** BCP 47 locale for numbers, money and dates. */
  locale: string;
  t: (key: StringKey, vars?: Record<string, string | number>) => string;
  /** "1 line" / "2 lines": picks the form for `count` (Intl plural rules; Russian uses a counted form). */
  plural: (key: PluralKey, count: number) => string;
}

/**
 * Each language's locale for numbers, money and dates: the shop's European form, so that an
 * English date reads day first (02/12/2026), not as the bare 'en' (en-US) writes it (12/2/26).
 */
export const LOCALES: Readonly<Record<Lang, string>> = { en: 'en-GB', es: 'es-ES', ru: 'ru-RU' };

export function i18nFor(lang: Lang): I18n {
  const rules = new Intl.PluralRules(lang);
  return {
    lang,
    locale: LOCALES[lang],
    t: (key, vars) => translate(lang, key, vars),
    plural: (key, count) => translate(lang, `${key}.${rules.select(count) === 'one' ? 'one' : 'other'}`, { count }),
  };
}

export const I18nContext = createContext<I18n>(i18nFor('en'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

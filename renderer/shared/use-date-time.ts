import { useMemo } from 'react';
import { useI18n } from '../use-i18n.ts';

/** Formats an ISO 8601 instant as a short local date and time in the UI language ('—' for none). */
export function useDateTime(): (iso: string | null | undefined) => string {
  const { locale } = useI18n();
  const format = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }), [locale]);
  return (iso) => (iso ? format.format(new Date(iso)) : '—');
}

import type { I18n } from '../use-i18n.ts';

type Words = I18n['t'];
type DateTime = (iso: string) => string;

/** Whether a moment is still ahead: a notice may be dated up to a day ahead, and the state it grants starts then. */
const ahead = (iso: string, nowMs: number) => Date.parse(iso) > nowMs;

/** The current state's start: "since <time>", or "from <time>" while that time is still ahead ("since tomorrow" reads wrong). */
export function sinceText(t: Words, dateTime: DateTime, since: string, nowMs: number): string {
  return t(ahead(since, nowMs) ? 'timeline.from' : 'timeline.since', { time: dateTime(since) });
}

/**
 * A history entry's validity: "<from> – <to>", the last one "<from> – now", or "… – until the
 * order was deleted" on a deleted order's timeline. The last one of an order whose state starts
 * ahead reads "from <time>": it does not hold now yet, and "tomorrow – now" runs backwards.
 */
export function validityText(t: Words, dateTime: DateTime, entry: { validFrom: string; validTo: string | null }, deleted: boolean, nowMs: number): string {
  const from = dateTime(entry.validFrom);
  if (entry.validTo !== null) return t('timeline.validity', { from, to: dateTime(entry.validTo) });
  if (deleted) return t('timeline.validity', { from, to: t('timeline.untilDeleted') });
  if (ahead(entry.validFrom, nowMs)) return t('timeline.from', { time: from });
  return t('timeline.validity', { from, to: t('timeline.now') });
}

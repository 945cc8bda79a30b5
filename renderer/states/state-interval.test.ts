import { describe, expect, it } from 'vitest';
import { languages } from '../i18n.ts';
import { i18nFor } from '../use-i18n.ts';
import { sinceText, validityText } from './state-interval.ts';

const now = Date.parse('2026-03-02T12:00:00.000Z');
const earlier = '2026-03-02T10:30:00.000Z';
const ahead = '2026-03-03T09:00:00.000Z'; // a notice dated up to a day ahead: tomorrow morning
/** Each moment by name, so the words around it are what is checked. */
const dateTime = (iso: string) => ({ [earlier]: 'EARLIER', [ahead]: 'AHEAD', '2026-03-02T11:00:00.000Z': 'ELEVEN' })[iso] ?? iso;

describe.each(languages)('a state’s interval on the timeline (%s)', (lang) => {
  const { t } = i18nFor(lang);
  const nowWord = t('timeline.now');

  it('a state reached before now holds since then, until now', () => {
    expect(sinceText(t, dateTime, earlier, now)).toBe(t('timeline.since', { time: 'EARLIER' }));
    expect(validityText(t, dateTime, { validFrom: earlier, validTo: null }, false, now)).toBe(`EARLIER – ${nowWord}`);
  });

  it('a state that starts ahead reads “from <time>”, never “since” nor “– now”', () => {
    const since = sinceText(t, dateTime, ahead, now);
    expect(since).toBe(t('timeline.from', { time: 'AHEAD' }));
    expect(since).not.toBe(t('timeline.since', { time: 'AHEAD' }));
    const validity = validityText(t, dateTime, { validFrom: ahead, validTo: null }, false, now);
    expect(validity).toBe(t('timeline.from', { time: 'AHEAD' }));
    expect(validity).not.toContain(nowWord);
    // From the moment it starts, it reads as any other.
    expect(sinceText(t, dateTime, ahead, Date.parse(ahead))).toBe(t('timeline.since', { time: 'AHEAD' }));
    expect(validityText(t, dateTime, { validFrom: ahead, validTo: null }, false, Date.parse(ahead))).toBe(`AHEAD – ${nowWord}`);
  });

  it('an earlier entry reads between its two moments, even when the next state starts ahead', () => {
    expect(validityText(t, dateTime, { validFrom: earlier, validTo: ahead }, false, now)).toBe('EARLIER – AHEAD');
    expect(validityText(t, dateTime, { validFrom: earlier, validTo: '2026-03-02T11:00:00.000Z' }, false, now)).toBe('EARLIER – ELEVEN');
  });

  it('a deleted order’s last entry ends with the deletion', () => {
    expect(validityText(t, dateTime, { validFrom: earlier, validTo: null }, true, now)).toBe(`EARLIER – ${t('timeline.untilDeleted')}`);
  });
});

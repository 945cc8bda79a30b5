/**
 * ISO 8601 times compared as instants. The canonical form this terminal stores
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, what `Date#toISOString` writes) is read digit by digit — the
 * reconstruction compares hundreds of them per order and `Date.parse` dominated its cost;
 * anything else (an offset, no milliseconds, a character out of place) goes through
 * `Date.parse`, and both give the same answer for every string (instant.test.ts).
 */
export function instantMs(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */) {
    const year = digits(iso, 0, 4);
    const month = digits(iso, 5, 2);
    const day = digits(iso, 8, 2);
    const hour = digits(iso, 11, 2);
    const minute = digits(iso, 14, 2);
    const second = digits(iso, 17, 2);
    const ms = digits(iso, 20, 3);
    if (
      year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
      hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && ms >= 0 &&
      iso.charCodeAt(4) === 45 /* - */ && iso.charCodeAt(7) === 45 && iso.charCodeAt(13) === 58 /* : */ &&
      iso.charCodeAt(16) === 58 && iso.charCodeAt(19) === 46 /* . */
    ) {
      // Like Date.parse, 30 February is 2 March.
      return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
    }
  }
  return Date.parse(iso);
}

/** The decimal number written in `count` characters from `at`; -1 if one of them is not a digit. */
function digits(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The canonical stored form of an ISO 8601 time; throws on anything that is not one. */
export function canonicalIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(iso).slice(0, 60)}`);
  return new Date(ms).toISOString();
}

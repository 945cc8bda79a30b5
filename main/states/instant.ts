/**
 * ISO 8601 times compared as instants. The canonical form this terminal stores
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, what `Date#toISOString` writes) is read digit by digit — the
 * reconstruction compares hundreds of them per order and `Date.parse` dominated its cost;
 * any other ISO form (an offset, no milliseconds) goes through `Date.parse`.
 */
export function instantMs(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(23) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */) {
    const d = (i: number) => iso.charCodeAt(i) - 48;
    const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const month = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    const hour = d(11) * 10 + d(12);
    const minute = d(14) * 10 + d(15);
    const second = d(17) * 10 + d(18);
    const ms = d(20) * 100 + d(21) * 10 + d(22);
    const value = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    // A malformed string that merely has the right shape falls back to the strict parser.
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60 && second < 60 && !Number.isNaN(value)) {
      return value;
    }
  }
  return Date.parse(iso);
}

/** The canonical stored form of an ISO 8601 time; throws on anything that is not one. */
export function canonicalIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(iso).slice(0, 60)}`);
  return new Date(ms).toISOString();
}

import { MAX_MINOR } from '../../common/money.ts';

/**
 * Why typed text is not an amount the terminal takes, for the screen to say so: `no_fraction`
 * a fraction for a currency without minor units (JPY), `too_many_decimals` more than its minor
 * digits, `grouping` the separator the UI language does not use before three digits (a
 * thousands separator, perhaps), `negative` a minus sign, `too_large` above MAX_MINOR,
 * `not_a_number` anything else.
 */
export type AmountRefusal = 'not_a_number' | 'negative' | 'no_fraction' | 'too_many_decimals' | 'grouping' | 'too_large';

export type AmountReading = { ok: true; minor: number } | { ok: false; refusal: AmountRefusal };

/**
 * What the cashier types is major units ("12.5", "12,50", "1250"); the terminal takes integer
 * minor units. The conversion works on the digits of the string, never with float arithmetic,
 * so "0.29" is 29 cents and not 28.999…. Either "." or "," is read as the decimal point, except
 * where the one the UI language does not use could be a thousands separator: "1,500" in English
 * on a three-digit currency (KWD) may mean 1500, so it is refused rather than read as 1.500.
 */
export function readMajorAmount(text: string, minorDigits: number, separator = '.'): AmountReading {
  const trimmed = text.trim();
  const match = /^(\d{0,14})(?:([.,])(\d*))?$/.exec(trimmed);
  if (!match) return { ok: false, refusal: unreadable(trimmed) };
  const whole = match[1] ?? '';
  const fraction = match[3] ?? '';
  if (whole === '' && fraction === '') return { ok: false, refusal: 'not_a_number' };
  // Checked before the digits: "1,500" in English is more likely fifteen hundred than a fraction too long.
  if (match[2] !== undefined && match[2] !== separator && whole !== '' && fraction.length === 3) return { ok: false, refusal: 'grouping' };
  if (fraction.length > minorDigits) return { ok: false, refusal: minorDigits === 0 ? 'no_fraction' : 'too_many_decimals' };
  const minor = Number((whole || '0') + fraction.padEnd(minorDigits, '0'));
  return Number.isSafeInteger(minor) && minor <= MAX_MINOR ? { ok: true, minor } : { ok: false, refusal: 'too_large' };
}

/** Why text that is not digits with at most one separator was refused: a sign, too many digits, or neither. */
function unreadable(text: string): AmountRefusal {
  if (/^[-−]\s*(\d|[.,]\d)/.test(text)) return 'negative';
  if (/^\d{15,}(?:[.,]\d*)?$/.test(text)) return 'too_large';
  return 'not_a_number';
}

/** `readMajorAmount`'s amount, or null when it is refused. */
export function parseMajorAmount(text: string, minorDigits: number, separator = '.'): number | null {
  const reading = readMajorAmount(text, minorDigits, separator);
  return reading.ok ? reading.minor : null;
}

/** The reverse, for pre-filling an input: 1250 with 2 digits → "12.50" (or "12,50" with `separator` ","). */
export function minorToMajorInput(minor: number, minorDigits: number, separator = '.'): string {
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(minorDigits + 1, '0');
  if (minorDigits === 0) return sign + digits;
  return `${sign}${digits.slice(0, -minorDigits)}${separator}${digits.slice(-minorDigits)}`;
}

/**
 * Applies a keypad key (a digit, `00`, `decimal`, `back` or `clear`) to the text being typed;
 * keeps it a plausible amount. `decimal` writes the UI language's `separator`.
 */
export function applyKey(text: string, key: string, minorDigits: number, separator = '.'): string {
  if (key === 'clear') return '';
  if (key === 'back') return text.slice(0, -1);
  if (key === 'decimal') {
    if (minorDigits === 0 || /[.,]/.test(text)) return text;
    return (text || '0') + separator;
  }
  const next = text === '0' ? key.replace(/^0+/, '') || '0' : text + key;
  const fraction = /[.,](\d*)$/.exec(next)?.[1];
  if (fraction !== undefined && fraction.length > minorDigits) return text;
  return next.length > 17 ? text : next;
}

/**
 * The amount to take and the cash handed over, from what was typed. Cashiers type what the
 * customer hands over: cash typed above the balance due, with nothing typed as handed over, is
 * the balance taken and that sum handed over (the change is the difference). Any other method,
 * or an amount the cashier split out themselves, is taken as typed (the terminal refuses more
 * than is due).
 */
export function cashTaken(
  cash: boolean,
  amount: number | null,
  tendered: number | null | undefined,
  balance: number,
): { amount: number | null; tendered: number | null | undefined } {
  if (cash && tendered === undefined && amount !== null && balance > 0 && amount > balance) return { amount: balance, tendered: amount };
  return { amount, tendered };
}

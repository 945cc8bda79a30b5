/**
 * ISO 4217 minor-unit exponents that are not 2 (every other current code has 2). Written out
 * rather than read from Intl: CLDR gives the decimals people usually show (0 for IQD, HUF, IDR,
 * COP, PKR, LBP), not the ISO minor unit amounts are counted in, and Node's ICU and Chromium's
 * may differ, while main and renderer must read an amount the same way.
 */
const NOT_TWO = new Map<string, number>([
  ...['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map(
    (code) => [code, 0] as const,
  ),
  ...['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((code) => [code, 3] as const),
  ...['CLF', 'UYW'].map((code) => [code, 4] as const),
]);

/** The ISO 4217 exponent of a currency code: 2 unless listed above. Says nothing on whether the code exists. */
export function iso4217Exponent(code: string): number {
  return NOT_TWO.get(code) ?? 2;
}

/**
 * Text as a search compares it: accents and case set aside ("Björn" and "bjorn", "ÁLVAREZ" and
 * "alvarez" fold the same). The product search, and SQLite's `fold()` for the order lists.
 */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

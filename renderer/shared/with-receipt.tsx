import type { StringKey } from '../i18n.ts';

/** Stands for the receipt number in a sentence, which is then cut there to keep the number whole. */
const RECEIPT_MARK = '\u0000';

type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

/** The sentence `key` in the staff's language with the receipt number in its `{receipt}` place, never broken across lines. */
export function withReceipt(t: Translate, key: StringKey, receiptNo: string) {
  const [before, after = ''] = t(key, { receipt: RECEIPT_MARK }).split(RECEIPT_MARK);
  return (
    <>
      {before}
      <span className="receipt-no">{receiptNo}</span>
      {after}
    </>
  );
}

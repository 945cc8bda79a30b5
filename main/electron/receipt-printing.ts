import type { WebContents } from 'electron';
import type { Result } from '../../common/ipc-contract.ts';
import { refusal } from '../../common/refusals.ts';

/**
 * A kiosk prints its receipt without the system print dialog: that dialog's "print to file" opens
 * a file chooser, a way out of the kiosk. Printing the page as it is applies its print styles
 * (styles.css shows the receipt alone), so the receipt comes out as window.print() would print it,
 * on the default printer. Backgrounds stay off: receipt paper is thermal and monochrome.
 */
export function printSilently(contents: WebContents): Promise<Result<null>> {
  return new Promise((resolve) => {
    contents.print({ silent: true, printBackground: false }, (success, failureReason) => {
      if (success) return resolve({ ok: true, value: null });
      console.error(`printing the receipt failed: ${failureReason}`);
      resolve({ ok: false, error: refusal('internal', `printing the receipt failed: ${failureReason}`) });
    });
  });
}

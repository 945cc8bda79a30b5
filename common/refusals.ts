import type { Problem, ProblemParams } from './problem.ts';

/**
 * Every code a command can be refused with (a Result's `error.code`): the terminal's own
 * refusals (main/errors.ts DomainError), the dispatcher's and the bridges' between the screen
 * and the terminal. The screens have words for each (`error.<code>`, and `error.<code>.<reason>`
 * where the refusal names a reason; renderer/i18n.ts), and a test checks every language has them,
 * so no refusal reaches the staff as the terminal's English sentence.
 */
export const TERMINAL_REFUSAL_CODES = [
  // Orders and their lines
  'not_found',
  'bad_status_change',
  'no_change',
  'order_final',
  'orders_in_progress',
  'duplicate_line',
  'amount_too_large',
  'discount_too_large',
  'duplicate_shipment',
  'shipment_conflict',
  'bad_time',
  // Payments and the sale
  'invalid_amount',
  'invalid_tendered',
  'nothing_to_pay',
  'overpayment',
  'over_refund',
  'not_a_payment',
  'payments_held',
  'payment_unresolved',
  'payment_declined',
  'payment_unknown',
  'already_settled',
  'empty_order',
  'balance_due',
  'refund_due',
  // The outbox and the order-state queue
  'not_stuck',
  'not_failed',
  'keep_money',
  'not_dead',
  // Settings, staff and backups
  'forbidden',
  'pin_required',
  'staff_only',
  'locked',
  'backups_off',
  // The dispatcher (main/ipc/dispatch.ts) and the socket (main/host)
  'invalid_input',
  'unknown_command',
  'bad_message',
  'internal',
] as const;

/** The screen's own (renderer/pos-bridge.ts, use-action.ts): a call that never reached the terminal, or whose answer was lost; never sent over IPC. */
export const SCREEN_REFUSAL_CODES = ['not_sent', 'disconnected', 'bridge'] as const;

export const REFUSAL_CODES = [...TERMINAL_REFUSAL_CODES, ...SCREEN_REFUSAL_CODES] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A refusal as a Result carries it: its code, its English sentence and what it names. */
export function refusal(code: RefusalCode, message: string, params?: ProblemParams): Problem {
  return params === undefined ? { code, message } : { code, message, params };
}

/**
 * A call that failed before the terminal could answer it (the bridge between the screen and the
 * terminal threw): the screen says so in the staff's words, so the detail goes to the log.
 */
export function bridgeFailure(error: unknown): Problem {
  console.error('the call to the terminal failed:', error);
  return refusal('bridge', String(error));
}

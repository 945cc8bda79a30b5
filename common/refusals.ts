import type { MoneyParam, Problem, ProblemParams } from './problem.ts';

/** What a param of a refusal is: the words for it format an amount or a number in the reader's way. */
export type ParamKind = 'text' | 'number' | 'money';
/**
 * A refusal's variants, by the reason it gives (`params.reason`, whose words are
 * `error.<code>.<reason>`), each with the params it names and their kinds: `_` is the refusal
 * without a reason, and `*` any reason (a field's name). The words for a variant use only what it
 * names (a test checks every language), and throw sites give exactly that (the types check them).
 */
type Variants = Readonly<Record<string, Readonly<Record<string, ParamKind>>>>;

/**
 * Every code a command can be refused with (a Result's `error.code`): the terminal's own
 * refusals (main/errors.ts DomainError), the dispatcher's and the bridges' between the screen
 * and the terminal. The screens have words for each (`error.<code>`, and `error.<code>.<reason>`
 * where the refusal names a reason; renderer/i18n.ts), and a test checks every language has them,
 * so no refusal reaches the staff as the terminal's English sentence.
 */
export const TERMINAL_REFUSALS = {
  // Orders and their lines
  not_found: { order: {}, line: {}, transaction: {}, operation: {}, payment_attempt: {}, shipment: {}, step_state: {} },
  bad_status_change: { _: { from: 'text', to: 'text' } },
  no_change: { _: { status: 'text' } },
  order_final: { closed_here: {}, deleted_here: {}, deleted: {}, completed: {}, no_notices: {}, no_retry: { order: 'text' } },
  orders_in_progress: { _: { count: 'number', currency: 'text' } },
  duplicate_line: { _: {}, other_order: {} },
  amount_too_large: { line: { sku: 'text' }, total: {} },
  discount_too_large: { _: { sku: 'text' } },
  duplicate_shipment: { _: { trackingNo: 'text' } },
  shipment_conflict: { _: { order: 'text', trackingNo: 'text' } },
  bad_time: { _: {}, before_order: { createdAt: 'text' } },
  // Payments and the sale
  invalid_amount: { _: {} },
  invalid_tendered: { _: { tendered: 'money', amount: 'money' }, not_cash: {} },
  // `held`: what is due is taken up by charges awaiting the card terminal's answer.
  nothing_to_pay: { _: { balance: 'money' }, held: { held: 'money' } },
  overpayment: { _: { amount: 'money', due: 'money' }, held: { amount: 'money', due: 'money', held: 'money' } },
  over_refund: { _: { amount: 'money', refundable: 'money' } },
  not_a_payment: { _: {} },
  payments_held: { _: { held: 'money' } },
  payment_unresolved: { _: {} },
  payment_declined: { _: { detail: 'text' }, giftcard: { detail: 'text' } },
  payment_unknown: { _: { detail: 'text' }, timeout: { detail: 'text', seconds: 'number' } },
  already_settled: { _: {} },
  empty_order: { _: {} },
  balance_due: { _: { balance: 'money' } },
  refund_due: { _: { refund: 'money' } },
  // The outbox and the order-state queue
  not_stuck: { _: {} },
  not_failed: { _: {} },
  keep_money: { _: {} },
  not_dead: { _: {} },
  // Settings, staff and backups
  forbidden: { _: {}, wrong_pin: {}, locked_out: { seconds: 'number' }, no_pin: {} },
  pin_required: { _: {} },
  staff_only: { _: {} },
  locked: { _: { field: 'text', by: 'text' } },
  backups_off: { _: {} },
  database_damaged: { _: { detail: 'text' } },
  // The dispatcher (main/ipc/dispatch.ts) and the socket (main/host): an invalid input names its
  // field's path, and its last segment as the reason when that is a name; a whole input refused
  // (not an object, or naming nothing to do) has no field.
  invalid_input: { _: { field: 'text' }, '*': { field: 'text' }, whole: {} },
  unknown_command: { _: {} },
  bad_message: { _: {} },
  internal: { _: {} },
} as const satisfies Record<string, Variants>;

/** The screen's own (renderer/pos-bridge.ts, use-action.ts): a call that never reached the terminal, or whose answer was lost; never sent over IPC. */
export const SCREEN_REFUSALS = { not_sent: { _: {} }, disconnected: { _: {} }, bridge: { _: {} } } as const satisfies Record<string, Variants>;

export type RefusalCode = keyof typeof TERMINAL_REFUSALS | keyof typeof SCREEN_REFUSALS;

export const REFUSALS: Readonly<Record<RefusalCode, Variants>> = { ...TERMINAL_REFUSALS, ...SCREEN_REFUSALS };

const codesOf = <T extends object>(refusals: T) => Object.keys(refusals) as Array<keyof T>;
export const TERMINAL_REFUSAL_CODES = codesOf(TERMINAL_REFUSALS);
export const SCREEN_REFUSAL_CODES = codesOf(SCREEN_REFUSALS);
export const REFUSAL_CODES: readonly RefusalCode[] = [...TERMINAL_REFUSAL_CODES, ...SCREEN_REFUSAL_CODES];

type Refusals = typeof TERMINAL_REFUSALS & typeof SCREEN_REFUSALS;
type ValueOf<K extends ParamKind> = K extends 'money' ? MoneyParam : K extends 'number' ? number : string;
type Named<S> = { -readonly [P in keyof S]: S[P] extends ParamKind ? ValueOf<S[P]> : never };
type VariantParams<S, R> = R extends '_' ? (keyof S extends never ? undefined : Named<S>) : { reason: R extends '*' ? string : R } & Named<S>;

/** The params a refusal with this code gives: one of its variants (see `TERMINAL_REFUSALS`). */
export type RefusalParams<C extends RefusalCode> = { [R in keyof Refusals[C]]: VariantParams<Refusals[C][R], R> }[keyof Refusals[C]];

/** The params argument: optional where the code has a variant naming nothing, required otherwise. */
export type RefusalParamsArg<C extends RefusalCode> = undefined extends RefusalParams<C> ? [params?: RefusalParams<C>] : [params: RefusalParams<C>];

/** A refusal as a Result carries it: its code, its English sentence and what it names, as its code declares. */
export function refusal<C extends RefusalCode>(code: C, message: string, ...[params]: RefusalParamsArg<C>): Problem {
  return params === undefined ? { code, message } : { code, message, params: params as ProblemParams };
}

/**
 * A call that failed before the terminal could answer it (the bridge between the screen and the
 * terminal threw): the screen says so in the staff's words, so the detail goes to the log.
 */
export function bridgeFailure(error: unknown): Problem {
  console.error('the call to the terminal failed:', error);
  return refusal('bridge', String(error));
}

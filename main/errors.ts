import type { ErrorParams, IpcError, MoneyParam } from '../common/ipc-contract.ts';
import type { RefusalCode, RefusalParams, RefusalParamsArg } from '../common/refusals.ts';

/**
 * A refusal the staff or a tool can act on: a stable `code`, a sentence for people (English),
 * and what it names (`params`), from which the UI says it in the staff's language.
 * Services throw it before anything is written (or inside the SQLite transaction, which then
 * rolls back), so a refused command changes nothing.
 */
export class DomainError<C extends RefusalCode = RefusalCode> extends Error {
  readonly code: C;
  readonly params: ErrorParams | undefined;
  /** `params` as the code declares them (common/refusals.ts), so the words for it have what they need. */
  constructor(code: C, message: string, ...[params]: RefusalParamsArg<C>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.params = params as ErrorParams | undefined;
  }

  /** The refusal as a Result carries it. */
  problem(): IpcError {
    return this.params === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, params: this.params };
  }
}

/** An amount for an error's params. */
export function moneyParam(minor: number, currency: string): MoneyParam {
  return { minor, currency };
}

/** Something asked for by id that this terminal does not hold; `reason` is what (`order`, `payment_attempt`, …). */
export function notFound(reason: RefusalParams<'not_found'>['reason'], id: string): DomainError {
  return new DomainError('not_found', `${reason.replaceAll('_', ' ')} ${id} does not exist on this terminal`, { reason });
}

/** What threw, as a log line or a problem's detail (for support, not the screen): `SqliteError: …`. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

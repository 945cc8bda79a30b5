import type { ErrorParams, MoneyParam } from '../common/ipc-contract.ts';
import type { RefusalCode } from '../common/refusals.ts';

/**
 * A refusal the staff or a tool can act on: a stable `code`, a sentence for people (English),
 * and what it names (`params`), from which the UI says it in the staff's language.
 * Services throw it before anything is written (or inside the SQLite transaction, which then
 * rolls back), so a refused command changes nothing.
 */
export class DomainError extends Error {
  readonly code: RefusalCode;
  readonly params: ErrorParams | undefined;
  constructor(code: RefusalCode, message: string, params?: ErrorParams) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }
}

/** An amount for an error's params. */
export function moneyParam(minor: number, currency: string): MoneyParam {
  return { minor, currency };
}

/** Something asked for by id that this terminal does not hold; `reason` is what (`order`, `payment_attempt`, …). */
export function notFound(what: string, id: string): DomainError {
  return new DomainError('not_found', `${what} ${id} does not exist on this terminal`, { reason: what.replaceAll(' ', '_') });
}

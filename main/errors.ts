/**
 * A refusal the staff or a tool can act on: a stable `code` and a sentence for people.
 * Services throw it before anything is written (or inside the SQLite transaction, which then
 * rolls back), so a refused command changes nothing.
 */
export class DomainError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
  }
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('not_found', `${what} ${id} does not exist on this terminal`);
}

import type { z } from 'zod';
import { commands, type CommandArgs, type CommandDef, type CommandName, type CommandOutput, type IpcError, type Result } from '../../common/ipc-contract.ts';
import { DomainError } from '../errors.ts';
import { refusal } from '../../common/refusals.ts';

/** One function per command of the contract; each domain contributes its part. */
export type Handlers = {
  [K in CommandName]: (args: CommandArgs<K>) => CommandOutput<K> | Promise<CommandOutput<K>>;
};

export type Dispatch = (name: unknown, input: unknown) => Promise<Result<unknown>>;

/** "lines.0.qty: must be at least 1; currency: must be an ISO 4217 code such as EUR" */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * A command's input refused: every issue in English, and the first one's field for the UI's words
 * (`field` is its whole path; the reason, `error.invalid_input.<name>`, its last segment when that
 * is a name), or `whole` when the input itself is refused (not an object).
 */
export function invalidInput(command: string, error: z.ZodError): IpcError {
  const path = error.issues[0]?.path ?? [];
  const last = path.at(-1);
  const message = `${command}: ${describeZodError(error)}`;
  const field = path.map(String).join('.');
  if (field === '') return refusal('invalid_input', message, { reason: 'whole' });
  return typeof last === 'string' ? refusal('invalid_input', message, { reason: last, field }) : refusal('invalid_input', message, { field });
}

/** Who may run the contract's staff commands now (main/settings/staff-access.ts). */
export interface StaffGuard {
  allowed(): boolean;
  /** A staff command is about to run (a kiosk's staff session lasts longer). */
  used(): void;
}

/**
 * Validates a command and its input against the contract, runs its handler and turns every
 * outcome into a Result. Nothing thrown crosses the boundary; an invalid input never reaches
 * a handler, so it changes nothing; nor does a staff command nobody unlocked.
 */
export function createDispatch(handlers: Handlers, staff?: StaffGuard): Dispatch {
  return async (name, input) => {
    if (typeof name !== 'string' || !Object.hasOwn(commands, name)) {
      return { ok: false, error: refusal('unknown_command', `unknown command ${JSON.stringify(name)?.slice(0, 80)}`) };
    }
    const command = name as CommandName;
    const parsed = commands[command].input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      return { ok: false, error: invalidInput(command, parsed.error) };
    }
    const def: CommandDef = commands[command];
    if ((def.staff || def.staffRead) && staff) {
      if (!staff.allowed()) {
        return { ok: false, error: refusal('staff_only', `${command}: staff only on this self-service kiosk; unlock with the admin PIN (staff.unlock)`) };
      }
      // A staff action keeps the session open; a read the screens repeat by themselves does not.
      if (def.staff) staff.used();
    }
    try {
      const handler = handlers[command] as (args: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof DomainError) {
        return { ok: false, error: error.problem() };
      }
      console.error(`command ${command} failed:`, error);
      return { ok: false, error: refusal('internal', `${command} failed unexpectedly: ${String(error)}`) };
    }
  };
}

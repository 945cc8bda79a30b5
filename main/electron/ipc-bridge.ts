import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { events, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type EventName, type Result } from '../../common/ipc-contract.ts';
import type { Terminal } from '../terminal.ts';
import { invalidInput } from '../ipc/dispatch.ts';
import { shellCommands, type ShellCommandName, type ShellOutput } from '../../common/shell-commands.ts';
import type { z } from 'zod';
import { isAppUrl } from './app-origin.ts';
import { refusal } from '../../common/refusals.ts';

/** Commands of the desktop shell itself (not of the terminal), such as closing a kiosk: common/shell-commands.ts. */
export type ShellCommands = Partial<Record<ShellCommandName, (input: unknown) => Promise<Result<unknown>> | Result<unknown>>>;

/** A shell command's handler: its input validated against the shared definition first, refused naming the field. */
export function shellCommand<N extends ShellCommandName>(
  name: N,
  run: (input: z.output<(typeof shellCommands)[N]['input']>) => Result<ShellOutput<N>> | Promise<Result<ShellOutput<N>>>,
): (input: unknown) => Result<ShellOutput<N>> | Promise<Result<ShellOutput<N>>> {
  return (input) => {
    const parsed = shellCommands[name].input.safeParse(input);
    if (!parsed.success) return { ok: false, error: invalidInput(name, parsed.error) };
    // The schema picked by `name` (TypeScript cannot follow the index through safeParse's union).
    return run(parsed.data as z.output<(typeof shellCommands)[N]['input']>);
  };
}

/**
 * The one IPC handler: a command is accepted only from our own top-level page, then goes to the
 * terminal's dispatch (which validates it against the contract). Terminal events go to our windows.
 * Returns a function that disconnects both directions.
 */
export function connectTerminal(terminal: Pick<Terminal, 'dispatch' | 'onScreen'>, shell: ShellCommands = {}): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: refusal('forbidden', 'commands are accepted only from the Counter POS window') };
    }
    const command = typeof name === 'string' && Object.hasOwn(shell, name) ? shell[name as ShellCommandName] : undefined;
    if (command) return command(input);
    return terminal.dispatch(name, input);
  });
  const unsubscribe = (Object.keys(events) as EventName[]).map((name) => terminal.onScreen(name, (payload) => broadcast(name, payload)));
  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    for (const off of unsubscribe) off();
  };
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

function broadcast(name: EventName, payload: unknown): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_EVENT_CHANNEL, name, payload);
  }
}

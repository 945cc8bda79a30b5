import { useEffect, useState } from 'react';
import type { PosApi, Result } from '../../common/ipc-contract.ts';
import type { TerminalMode } from '../../common/settings.ts';
import type { ShellCapabilities, ShellCommandName, ShellInput, ShellOutput } from '../../common/shell-commands.ts';

/** Sends one of the desktop shell's own commands (common/shell-commands.ts) over the terminal's bridge. */
export function invokeShell<N extends ShellCommandName>(pos: PosApi, name: N, input: ShellInput<N>): Promise<Result<ShellOutput<N>>> {
  // The bridge carries any command name; its types know the terminal's contract only.
  const invoke = pos.invoke as unknown as (name: string, input: unknown) => Promise<Result<ShellOutput<N>>>;
  return invoke(name, input);
}

const NONE: ShellCapabilities = { exitKiosk: false, silentPrint: false };
const asked = new WeakMap<PosApi, Promise<ShellCapabilities | null>>();

/**
 * What the shell offers the screen, asked once per bridge; null when the call did not get
 * through (asked again next time). No shell (the browser host) answers `unknown_command`:
 * nothing offered.
 */
function askShell(pos: PosApi): Promise<ShellCapabilities | null> {
  const known = asked.get(pos);
  if (known) return known;
  const answer = invokeShell(pos, 'shell.capabilities', {}).then((result) => {
    if (result.ok) return result.value;
    if (result.error.code === 'unknown_command') return NONE;
    asked.delete(pos);
    return null;
  });
  asked.set(pos, answer);
  return answer;
}

/** What the shell offers the screen: nothing when there is no shell, or it could not be asked. */
export function shellCapabilities(pos: PosApi): Promise<ShellCapabilities> {
  return askShell(pos).then((capabilities) => capabilities ?? NONE);
}

/** What `ask` answers for this bridge, for a component: `before` until it has answered. */
function useAnswer<T>(pos: PosApi, ask: (pos: PosApi) => Promise<T>, before: T): T {
  const [answer, setAnswer] = useState(before);
  useEffect(() => {
    let live = true;
    void ask(pos).then((value) => live && setAnswer(value));
    return () => {
      live = false;
    };
  }, [pos, ask]);
  return answer;
}

/** `shellCapabilities` for a component: nothing offered until the shell has answered. */
export function useShellCapabilities(pos: PosApi): ShellCapabilities {
  return useAnswer(pos, shellCapabilities, NONE);
}

const modes = new WeakMap<PosApi, Promise<TerminalMode | null>>();

/** The terminal's mode (fixed while it runs), asked once per bridge; null when the call failed (asked again next time). */
function terminalMode(pos: PosApi): Promise<TerminalMode | null> {
  const known = modes.get(pos);
  if (known) return known;
  const answer = pos.invoke('staff.status', {}).then((result) => {
    if (result.ok) return result.value.mode;
    modes.delete(pos);
    return null;
  });
  modes.set(pos, answer);
  return answer;
}

/** How a receipt may be printed: by the shell without a dialog, through the browser's print dialog, or not at all. */
export type ReceiptPrinting = 'silent' | 'dialog' | null;

/**
 * A kiosk prints only without a dialog: the system dialog's "print to file" opens a file
 * chooser, a way out of the kiosk. So where the screen is a kiosk's, or may be (its mode not
 * known yet), nothing is printed until the shell has said it prints silently: not while it is
 * being asked, not when asking failed, not where there is no shell. The counter uses the
 * dialog wherever the shell does not print silently (its staff pick the printer there).
 */
export function receiptPrinting(mode: TerminalMode | null, capabilities: ShellCapabilities | null): ReceiptPrinting {
  if (capabilities?.silentPrint) return 'silent';
  return mode === 'counter' ? 'dialog' : null;
}

/** `receiptPrinting` for this bridge, once the terminal's mode and the shell's offer are asked. */
export async function receiptPrintingOf(pos: PosApi): Promise<ReceiptPrinting> {
  const [mode, capabilities] = await Promise.all([terminalMode(pos), askShell(pos)]);
  return receiptPrinting(mode, capabilities);
}

/** `receiptPrintingOf` for a component: no printing until both have answered. */
export function useReceiptPrinting(pos: PosApi): ReceiptPrinting {
  return useAnswer<ReceiptPrinting>(pos, receiptPrintingOf, null);
}

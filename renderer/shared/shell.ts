import { useEffect, useState } from 'react';
import type { PosApi, Result } from '../../common/ipc-contract.ts';
import type { ShellCapabilities, ShellCommandName, ShellInput, ShellOutput } from '../../common/shell-commands.ts';

/** Sends one of the desktop shell's own commands (common/shell-commands.ts) over the terminal's bridge. */
export function invokeShell<N extends ShellCommandName>(pos: PosApi, name: N, input: ShellInput<N>): Promise<Result<ShellOutput<N>>> {
  // The bridge carries any command name; its types know the terminal's contract only.
  const invoke = pos.invoke as unknown as (name: string, input: unknown) => Promise<Result<ShellOutput<N>>>;
  return invoke(name, input);
}

const NONE: ShellCapabilities = { exitKiosk: false, silentPrint: false };
const asked = new WeakMap<PosApi, Promise<ShellCapabilities>>();

/**
 * What the shell offers the screen, asked once per bridge. No shell (the browser host) answers
 * `unknown_command`: nothing offered. A call that did not get through is asked again next time.
 */
export function shellCapabilities(pos: PosApi): Promise<ShellCapabilities> {
  const known = asked.get(pos);
  if (known) return known;
  const answer = invokeShell(pos, 'shell.capabilities', {}).then((result) => {
    if (result.ok) return result.value;
    if (result.error.code !== 'unknown_command') asked.delete(pos);
    return NONE;
  });
  asked.set(pos, answer);
  return answer;
}

/** `shellCapabilities` for a component: nothing offered until the shell has answered. */
export function useShellCapabilities(pos: PosApi): ShellCapabilities {
  const [capabilities, setCapabilities] = useState(NONE);
  useEffect(() => {
    let live = true;
    void shellCapabilities(pos).then((value) => live && setCapabilities(value));
    return () => {
      live = false;
    };
  }, [pos]);
  return capabilities;
}

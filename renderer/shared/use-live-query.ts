import { useEffect, useState } from 'react';
import type { CommandInput, CommandName, CommandOutput, EventName, PosApi } from '../../common/ipc-contract.ts';

/** The commands whose input is empty. */
type NoInput = { [K in CommandName]: Record<string, never> extends CommandInput<K> ? K : never }[CommandName];

/**
 * A command without input, read at once and again whenever one of `reloadOn` arrives; null
 * until the first answer. `reloadOn` must be a stable array (a module constant).
 */
export function useLiveQuery<K extends NoInput>(pos: PosApi, command: K, reloadOn: readonly EventName[]): CommandOutput<K> | null {
  const [value, setValue] = useState<CommandOutput<K> | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void pos.invoke(command, {} as CommandInput<K>).then((result) => {
        if (live && result.ok) setValue(result.value);
      });
    load();
    const offs = reloadOn.map((event) => pos.on(event, load));
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [pos, command, reloadOn]);
  return value;
}

import { useEffect, useState } from 'react';
import type { CommandInput, CommandName, CommandOutput, EventName, PosApi } from '../../common/ipc-contract.ts';

/** The commands whose input is empty. */
type NoInput = { [K in CommandName]: Record<string, never> extends CommandInput<K> ? K : never }[CommandName];

/**
 * A command read at once and again whenever one of `reloadOn` arrives; null until the first
 * answer. `reloadOn` must be a stable array (a module constant). With an `input`, it is read again
 * when the input changes (compared by value), and an answer to another input is never returned,
 * not even while the new one loads; a null input reads nothing and keeps the last answer.
 */
export function useLiveQuery<K extends NoInput>(pos: PosApi, command: K, reloadOn: readonly EventName[]): CommandOutput<K> | null;
export function useLiveQuery<K extends CommandName>(pos: PosApi, command: K, reloadOn: readonly EventName[], input: CommandInput<K> | null): CommandOutput<K> | null;
export function useLiveQuery<K extends CommandName>(pos: PosApi, command: K, reloadOn: readonly EventName[], input: CommandInput<K> | null = {} as CommandInput<K>): CommandOutput<K> | null {
  const key = input === null ? null : JSON.stringify(input);
  const [answer, setAnswer] = useState<{ key: string; value: CommandOutput<K> } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const load = () =>
      void pos.invoke(command, JSON.parse(key) as CommandInput<K>).then((result) => {
        if (live && result.ok) setAnswer({ key, value: result.value });
      });
    load();
    const offs = reloadOn.map((event) => pos.on(event, load));
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [pos, command, reloadOn, key]);
  return answer !== null && (key === null || answer.key === key) ? answer.value : null;
}

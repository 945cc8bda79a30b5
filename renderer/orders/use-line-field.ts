import { useRef, useState, type KeyboardEvent } from 'react';

/**
 * A value typed at a line (its quantity, its discount): a field opened with the line's own value;
 * Enter or leaving the field applies what is typed, Escape gives it up. `read` turns the text into
 * the value, or into the problem shown beside the field (which stays open, the line unchanged).
 * The refused text is kept, not the problem's words: read again at each render, it is said in the
 * language chosen since.
 */
export function useLineField<T>(read: (text: string) => { value: T } | { problem: string }, apply: (value: T) => void) {
  const [typed, setTypedState] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const reading = refused === null ? null : read(refused);
  const problem = reading !== null && 'problem' in reading ? reading.problem : null;
  // What is typed, read by Enter and by leaving the field alike: whichever comes first applies it.
  const current = useRef<string | null>(null);
  const setTyped = (value: string | null) => {
    current.current = value;
    setTypedState(value);
  };
  const close = () => {
    setTyped(null);
    setRefused(null);
  };
  const commit = () => {
    if (current.current === null) return;
    const result = read(current.current);
    if ('problem' in result) return setRefused(current.current);
    close();
    apply(result.value);
  };
  return {
    /** The text being typed; null while the field is closed. */
    typed,
    problem,
    open: (initial: string) => setTyped(initial),
    inputProps: {
      autoFocus: true,
      value: typed ?? '',
      onFocus: (event: { target: HTMLInputElement }) => event.target.select(),
      onChange: (event: { target: HTMLInputElement }) => {
        setTyped(event.target.value);
        setRefused(null);
      },
      onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        } else if (event.key === 'Escape') {
          close();
        }
      },
      onBlur: commit,
    },
  };
}

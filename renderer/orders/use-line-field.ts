import { useRef, useState, type KeyboardEvent } from 'react';

/**
 * A value typed at a line (its quantity, its discount): a field opened with the line's own value;
 * Enter or leaving the field applies what is typed, Escape gives it up. `read` turns the text into
 * the value, or into the problem shown beside the field (which stays open, the line unchanged).
 */
export function useLineField<T>(read: (text: string) => { value: T } | { problem: string }, apply: (value: T) => void) {
  const [typed, setTypedState] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // What is typed, read by Enter and by leaving the field alike: whichever comes first applies it.
  const current = useRef<string | null>(null);
  const setTyped = (value: string | null) => {
    current.current = value;
    setTypedState(value);
  };
  const close = () => {
    setTyped(null);
    setProblem(null);
  };
  const commit = () => {
    if (current.current === null) return;
    const result = read(current.current);
    if ('problem' in result) return setProblem(result.problem);
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
        setProblem(null);
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

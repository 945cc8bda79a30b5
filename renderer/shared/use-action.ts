import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, Result } from '../../common/ipc-contract.ts';
import { useI18n, type I18n } from '../use-i18n.ts';
import { errorText } from './error-text.ts';
import { bridgeFailure } from '../../common/refusals.ts';

/** Words said in the language shown when they are read, not when they were set. */
export type ErrorWords = (i18n: I18n) => string;

export interface Action {
  /** True while a call is in flight: buttons bound to it are disabled, nothing else waits. */
  busy: boolean;
  /** The last failed call's refusal in the staff's current language (error-text.ts), shown inline. */
  error: string | null;
  /** A message of the panel's own: words rendered now in the current language (a function), or none. */
  setError: (message: ErrorWords | null) => void;
  run<T>(call: () => Promise<Result<T>>, onValue?: (value: T) => void): Promise<Result<T>>;
}

/** What is kept of an error: the refusal itself (its code and params) or the panel's own words, never a sentence in one language. */
type Kept = { refusal: IpcError } | { words: ErrorWords } | null;

/**
 * One user action at a time per panel, its errors kept for display: until the next action, or
 * until `clearOn` changes (what the panel shows moved on, e.g. a refund made elsewhere on the
 * screen after this panel's delete was refused for the money held). A refusal is kept as the
 * terminal gave it and put in words at display time: after a language change it reads in the new one.
 */
export function useAction(clearOn?: string | number): Action {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const [kept, setKept] = useState<Kept>(null);
  useEffect(() => setKept(null), [clearOn]);
  const inFlight = useRef(0);

  const run = useCallback(async <T,>(call: () => Promise<Result<T>>, onValue?: (value: T) => void) => {
    inFlight.current += 1;
    setBusy(true);
    setKept(null);
    try {
      const result = await call().catch(
        (error: unknown): Result<T> => ({ ok: false, error: bridgeFailure(error) }),
      );
      if (result.ok) onValue?.(result.value);
      else setKept({ refusal: result.error });
      return result;
    } finally {
      inFlight.current -= 1;
      if (inFlight.current === 0) setBusy(false);
    }
  }, []);
  const setError = useCallback((message: ErrorWords | null) => setKept(message === null ? null : { words: message }), []);

  const error = kept === null ? null : 'refusal' in kept ? errorText(i18n, kept.refusal) : kept.words(i18n);
  return { busy, error, setError, run };
}

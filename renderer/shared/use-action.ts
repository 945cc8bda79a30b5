import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../common/ipc-contract.ts';
import { useErrorText } from './use-error-text.ts';
import { bridgeFailure } from '../../common/refusals.ts';

export interface Action {
  /** True while a call is in flight: buttons bound to it are disabled, nothing else waits. */
  busy: boolean;
  /** The last failed call's refusal in the staff's language (error-text.ts), shown inline. */
  error: string | null;
  setError: (message: string | null) => void;
  run<T>(call: () => Promise<Result<T>>, onValue?: (value: T) => void): Promise<Result<T>>;
}

/**
 * One user action at a time per panel, its errors kept for display: until the next action, or
 * until `clearOn` changes (what the panel shows moved on, e.g. a refund made elsewhere on the
 * screen after this panel's delete was refused for the money held).
 */
export function useAction(clearOn?: string | number): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [clearOn]);
  const inFlight = useRef(0);
  const textOf = useErrorText();

  const run = useCallback(async <T,>(call: () => Promise<Result<T>>, onValue?: (value: T) => void) => {
    inFlight.current += 1;
    setBusy(true);
    setError(null);
    try {
      const result = await call().catch(
        (error: unknown): Result<T> => ({ ok: false, error: bridgeFailure(error) }),
      );
      if (result.ok) onValue?.(result.value);
      else setError(textOf(result.error));
      return result;
    } finally {
      inFlight.current -= 1;
      if (inFlight.current === 0) setBusy(false);
    }
  }, [textOf]);

  return { busy, error, setError, run };
}

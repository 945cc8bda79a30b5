import { useCallback, useRef } from 'react';
import type { IpcError } from '../../common/ipc-contract.ts';
import { useI18n } from '../use-i18n.ts';
import { errorText } from './error-text.ts';

/** `errorText` in the current language, as one stable function (safe in callbacks made once). */
export function useErrorText(): (error: IpcError) => string {
  const current = useI18n();
  const i18n = useRef(current);
  i18n.current = current;
  return useCallback((error: IpcError) => errorText(i18n.current, error), []);
}

import { createContext, useContext } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { SettingsView } from '../../common/settings.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';

const RELOAD_ON = ['settings.changed'] as const;

/** The terminal's settings (settings.get), read again whenever they change. The app reads them once and provides them. */
export function useSettingsSource(pos: PosApi): SettingsView | null {
  return useLiveQuery(pos, 'settings.get', RELOAD_ON);
}

export const SettingsContext = createContext<SettingsView | null>(null);

/** The settings in force (null until first read), for any screen: the name on a receipt, the settings form. */
export function useSettings(): SettingsView | null {
  return useContext(SettingsContext);
}

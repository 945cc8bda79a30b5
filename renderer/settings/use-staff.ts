import { createContext, useContext } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { StaffStatus } from '../../common/settings.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';

const RELOAD_ON = ['staff.changed'] as const;

/** Whether staff commands may run (staff.status), read again whenever a kiosk's staff session opens or closes. */
export function useStaffSource(pos: PosApi): StaffStatus | null {
  return useLiveQuery(pos, 'staff.status', RELOAD_ON);
}

export const StaffContext = createContext(false);

/** True where staff actions are offered: at a counter, or at a kiosk with a staff session open. */
export function useStaff(): boolean {
  return useContext(StaffContext);
}

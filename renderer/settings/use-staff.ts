import { createContext, useContext } from 'react';
import type { PosApi } from '../../common/ipc-contract.ts';
import type { PaymentMethod } from '../../common/entities.ts';
import type { StaffStatus } from '../../common/settings.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';

const RELOAD_ON = ['staff.changed'] as const;

/** Whether staff commands may run (staff.status), read again whenever a kiosk's staff session opens or closes. */
export function useStaffSource(pos: PosApi): StaffStatus | null {
  return useLiveQuery(pos, 'staff.status', RELOAD_ON);
}

/** What the staff status allows the screens now (App.tsx provides it from `staff.status`). */
export interface StaffAllows {
  staff: boolean;
  paymentMethods: readonly PaymentMethod[];
}

export const StaffContext = createContext<StaffAllows>({ staff: false, paymentMethods: [] });

/** True where staff actions are offered: at a counter, or at a kiosk with a staff session open. */
export function useStaff(): boolean {
  return useContext(StaffContext).staff;
}

/** The payment methods that may be taken now: at a kiosk's customer, only the payment terminal's. */
export function usePaymentMethods(): readonly PaymentMethod[] {
  return useContext(StaffContext).paymentMethods;
}

import type { Handlers } from '../ipc/dispatch.ts';
import type { PaymentService } from './payment-service.ts';
import type { StaffAccess } from '../settings/staff-access.ts';

/** `staff` decides which methods may be taken now (a kiosk's customer: only the payment terminal's). */
export function paymentHandlers(payments: PaymentService, staff: Pick<StaffAccess, 'checkPayment'>) {
  return {
    'payments.record': (args) => {
      staff.checkPayment(args.method);
      return payments.record(args);
    },
    'payments.refund': (args) => payments.refund(args),
    'payments.reconcile': (args) => payments.reconcile(args),
  } satisfies Partial<Handlers>;
}

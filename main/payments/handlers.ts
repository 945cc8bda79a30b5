import type { Handlers } from '../ipc/dispatch.ts';
import type { PaymentService } from './payment-service.ts';

export function paymentHandlers(payments: PaymentService) {
  return {
    'payments.record': (args) => payments.record(args),
    'payments.refund': (args) => payments.refund(args),
    'payments.reconcile': (args) => payments.reconcile(args),
  } satisfies Partial<Handlers>;
}

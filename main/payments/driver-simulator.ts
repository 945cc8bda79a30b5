import { cardTerminalMethods, type PaymentMethod } from '../../common/entities.ts';
import type { DriverOutcome, DriverRequest, PaymentDriver } from './payment-driver.ts';

export type SimulatedBehaviour = 'approve' | 'decline' | 'timeout-approved' | 'timeout-declined';

/**
 * The demo's card terminal (`npm start`) lets the staff try what a real one does
 * by the amount's last two digits: …13 is declined, …14 never answers (the charge went through
 * at the provider, so reconciling finds it approved); any other amount is approved.
 */
export function demoBehaviour(amount: number): SimulatedBehaviour {
  const cents = amount % 100;
  return cents === 13 ? 'decline' : cents === 14 ? 'timeout-approved' : 'approve';
}

/**
 * A card terminal and gift-card provider for demos and tests. Behaviours are queued with
 * `next()`; with none queued it approves, or with `byAmount` does what `demoBehaviour` says. A
 * `timeout-*` behaviour settles the charge at the "provider" (approved or declined) but never
 * answers, as a terminal whose link dropped.
 */
export class SimulatedPaymentDriver implements PaymentDriver {
  readonly methods: readonly PaymentMethod[] = cardTerminalMethods;
  private readonly queue: SimulatedBehaviour[] = [];
  private readonly ledger = new Map<string, DriverOutcome>();
  private counter = 0;
  /** Every request the provider received, for tests: a charge must never be sent twice. */
  readonly received: DriverRequest[] = [];
  private readonly byAmount: boolean;

  constructor(options: { byAmount?: boolean } = {}) {
    this.byAmount = options.byAmount ?? false;
  }

  next(...behaviours: SimulatedBehaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  request(req: DriverRequest): Promise<DriverOutcome> {
    this.received.push(req);
    const behaviour = this.queue.shift() ?? (this.byAmount ? demoBehaviour(req.amount) : 'approve');
    const approved: DriverOutcome = { outcome: 'approved', reference: `SIM-${String(++this.counter).padStart(6, '0')}` };
    const declined: DriverOutcome = { outcome: 'declined', reason: 'declined by the card issuer (simulated)' };
    switch (behaviour) {
      case 'approve':
        this.ledger.set(req.attemptId, approved);
        return Promise.resolve(approved);
      case 'decline':
        this.ledger.set(req.attemptId, declined);
        return Promise.resolve(declined);
      case 'timeout-approved':
        this.ledger.set(req.attemptId, approved);
        return new Promise<DriverOutcome>(() => {});
      case 'timeout-declined':
        this.ledger.set(req.attemptId, declined);
        return new Promise<DriverOutcome>(() => {});
    }
  }

  lookup(attemptId: string): Promise<DriverOutcome> {
    return Promise.resolve(
      this.ledger.get(attemptId) ?? { outcome: 'declined', reason: 'the provider has no record of this charge' },
    );
  }
}

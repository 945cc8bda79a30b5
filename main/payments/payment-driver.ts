import type { PaymentMethod } from '../../common/entities.ts';

/**
 * A card terminal or gift-card provider. Every request carries the terminal's attempt id, so
 * the provider can be asked later how a charge whose answer was lost ended (`lookup`).
 */
export interface DriverRequest {
  attemptId: string;
  kind: 'charge' | 'refund';
  method: PaymentMethod;
  /** Positive minor units. */
  amount: number;
  currency: string;
  /** Gift-card number, or the authorisation of the payment a refund gives back. */
  reference: string | null;
}

export type DriverOutcome =
  | { outcome: 'approved'; reference: string }
  | { outcome: 'declined'; reason: string }
  /** `timeoutMs` when it is unknown because no answer came in that time. */
  | { outcome: 'unknown'; reason: string; timeoutMs?: number };

export interface PaymentDriver {
  /** Methods this driver handles; others (cash, cheque, other) are recorded directly. */
  readonly methods: readonly PaymentMethod[];
  request(req: DriverRequest): Promise<DriverOutcome>;
  /** How an earlier request ended, from the provider's records. */
  lookup(attemptId: string): Promise<DriverOutcome>;
}

/** Asks the driver, turning no answer within `timeoutMs` (or a thrown error) into `unknown`. */
export async function requestWithTimeout(driver: PaymentDriver, req: DriverRequest, timeoutMs: number): Promise<DriverOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DriverOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: 'unknown', reason: `no answer from the ${req.method} terminal within ${timeoutMs} ms`, timeoutMs }), timeoutMs);
  });
  try {
    return await Promise.race([
      driver.request(req).catch((error: unknown) => ({ outcome: 'unknown' as const, reason: String(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

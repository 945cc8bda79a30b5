import { paymentMethods, type PaymentMethod } from '../../common/entities.ts';
import type { StaffStatus, TerminalMode } from '../../common/settings.ts';
import type { Clock } from '../clock.ts';
import { DomainError } from '../errors.ts';
import type { EventBus } from '../events.ts';
import type { AdminPinGate } from './admin-pin.ts';

/** A kiosk's staff session locks after this long without a staff command. */
export const STAFF_IDLE_MS = 5 * 60_000;

/**
 * Who may run the staff commands of the IPC contract (those marked `staff`: refunds, status moves,
 * notices by hand, outbox retry and discard, order-state retries). At a counter the staff are
 * at the till: always. At a self-service kiosk a customer is: only after the admin PIN, until
 * the staff lock it again or leave it unused for STAFF_IDLE_MS. The main process enforces it
 * (the dispatcher asks `allowed` before every staff command); the UI only follows.
 */
export class StaffAccess {
  private readonly mode: TerminalMode;
  private readonly gate: AdminPinGate | null;
  private readonly clock: Clock;
  private readonly events: EventBus;
  private readonly idleMs: number;
  /** The methods the payment terminal collects itself: all a kiosk's customer may pay with alone. */
  private readonly selfService: readonly PaymentMethod[];
  private until = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(mode: TerminalMode, gate: AdminPinGate | null, clock: Clock, events: EventBus, selfService: readonly PaymentMethod[], idleMs = STAFF_IDLE_MS) {
    this.mode = mode;
    this.selfService = selfService;
    this.gate = gate;
    this.clock = clock;
    this.events = events;
    this.idleMs = idleMs;
  }

  allowed(): boolean {
    return this.mode === 'counter' || this.clock.now() < this.until;
  }

  status(): StaffStatus {
    const unlocked = this.allowed();
    return {
      mode: this.mode,
      unlocked,
      locksAt: this.mode === 'kiosk' && unlocked ? new Date(this.until).toISOString() : null,
      paymentMethods: unlocked ? [...paymentMethods] : paymentMethods.filter((m) => this.selfService.includes(m)),
    };
  }

  /**
   * A payment by `method` is about to be taken: at a kiosk without a staff session only by the
   * payment terminal (a customer could otherwise record cash or "other" they never handed over
   * and leave with the goods); in a staff session it keeps the session open, as a staff command.
   */
  checkPayment(method: PaymentMethod): void {
    if (this.mode === 'counter') return;
    if (this.allowed()) return this.used();
    if (!this.selfService.includes(method)) {
      throw new DomainError('staff_only', `method: ${method} payments are taken by staff on this self-service kiosk; unlock with the admin PIN (staff.unlock)`);
    }
  }

  /** A staff command ran: the session lasts another idle period. */
  used(): void {
    if (this.mode === 'kiosk' && this.allowed()) this.extend();
  }

  unlock(pin: string): StaffStatus {
    if (this.mode === 'counter') return this.status();
    if (!this.gate) throw new DomainError('forbidden', 'pin: no admin PIN is configured on this kiosk', { reason: 'no_pin' });
    const verdict = this.gate.check(pin);
    if (!verdict.ok) throw new DomainError('forbidden', `pin: ${verdict.message}`, verdict.params);
    this.extend();
    return this.announce();
  }

  lock(): StaffStatus {
    if (this.mode === 'counter') return this.status();
    this.until = 0;
    clearTimeout(this.timer);
    return this.announce();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private extend(): void {
    this.until = this.clock.now() + this.idleMs;
    this.schedule();
  }

  /** Tells the UI when the session lapses by itself (it goes back to the customer's screen). */
  private schedule(): void {
    clearTimeout(this.timer);
    const wait = this.until - this.clock.now();
    if (wait <= 0) return;
    this.timer = setTimeout(() => (this.allowed() ? this.schedule() : this.announce()), wait);
    this.timer.unref?.();
  }

  private announce(): StaffStatus {
    const status = this.status();
    this.events.emit('staff.changed', status);
    return status;
  }
}

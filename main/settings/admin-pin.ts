import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A PIN checked: accepted, or refused with the reason (as an error's params) and a sentence. */
export type PinVerdict = { ok: true } | { ok: false; message: string; params: { reason: 'wrong_pin' } | { reason: 'locked_out'; seconds: number } };

/**
 * The admin PIN that closes a kiosk and guards the terminal's settings. Only its scrypt hash is
 * stored; wrong guesses lock the gate for a while, longer each time, so a customer at the kiosk
 * can't try every PIN. One gate per terminal, so guesses at either place count together, and the
 * count is kept in the terminal's database, so a restart does not reset it.
 */

export function hashAdminPin(pin: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, 32).toString('hex')}`;
}

export function verifyAdminPin(pin: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Wrong guesses in a row that lock the gate. */
export const MAX_PIN_FAILURES = 5;
/** The first lockout; each one after it, with no right PIN between, lasts twice as long… */
export const PIN_LOCKOUT_MS = 60_000;
/** …up to an hour, so a customer guessing all day gets a handful of tries per hour at most. */
export const MAX_PIN_LOCKOUT_MS = 3_600_000;

/** How long the `lockouts`-th lockout in a row lasts (1 → 60 s, 2 → 120 s, … capped at an hour). */
export function pinLockoutMs(lockouts: number): number {
  return Math.min(PIN_LOCKOUT_MS * 2 ** Math.max(0, lockouts - 1), MAX_PIN_LOCKOUT_MS);
}

/** Where the gate keeps its count in the terminal's device_settings (main/settings/settings-store.ts). */
export const PIN_ATTEMPTS_KEY = 'adminPin.attempts';

/** The gate's count, kept across restarts: restarting the kiosk must not give a guesser fresh tries. */
const PinAttempts = z.strictObject({
  /** Wrong PINs since the last lockout or right PIN. */
  failures: z.number().int().min(0),
  /** Lockouts in a row since the last right PIN (each doubles the next). */
  lockouts: z.number().int().min(0),
  /** Until when the gate refuses every PIN (ms since the epoch; 0 when open). */
  lockedUntil: z.number().int().min(0),
});
type PinAttempts = z.output<typeof PinAttempts>;

/** What the gate needs of the device settings store: SettingsStore has it. */
export interface AttemptsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export class AdminPinGate {
  private attempts: PinAttempts = { failures: 0, lockouts: 0, lockedUntil: 0 };
  private store: AttemptsStore | null = null;
  private readonly stored: string;
  private readonly now: () => number;

  constructor(stored: string, now: () => number = Date.now) {
    this.stored = stored;
    this.now = now;
  }

  /**
   * Keeps the count in the terminal's database from now on, taking up the count saved there (a
   * lockout still running when the terminal stopped goes on). The terminal calls this as it opens.
   */
  keepAttemptsIn(store: AttemptsStore): void {
    this.store = store;
    const saved = store.get<unknown>(PIN_ATTEMPTS_KEY);
    const parsed = PinAttempts.safeParse(saved);
    if (parsed.success) this.attempts = parsed.data;
    else if (saved !== undefined) console.warn(`${PIN_ATTEMPTS_KEY}: the saved count of wrong admin PINs is unreadable, started afresh: ${parsed.error.issues[0]?.message ?? ''}`);
    this.save();
  }

  check(pin: string): PinVerdict {
    const now = this.now();
    // No longer than the lockout itself, should the clock have been set back since it began.
    const remaining = Math.min(this.attempts.lockedUntil - now, pinLockoutMs(this.attempts.lockouts));
    if (remaining > 0) {
      const seconds = Math.ceil(remaining / 1000);
      return { ok: false, message: `too many wrong PINs; try again in ${seconds} s`, params: { reason: 'locked_out', seconds } };
    }
    if (verifyAdminPin(pin, this.stored)) {
      this.attempts = { failures: 0, lockouts: 0, lockedUntil: 0 };
      this.save();
      return { ok: true };
    }
    const failures = this.attempts.failures + 1;
    if (failures >= MAX_PIN_FAILURES) {
      const lockouts = this.attempts.lockouts + 1;
      this.attempts = { failures: 0, lockouts, lockedUntil: now + pinLockoutMs(lockouts) };
    } else {
      this.attempts = { ...this.attempts, failures };
    }
    this.save();
    return { ok: false, message: 'wrong admin PIN', params: { reason: 'wrong_pin' } };
  }

  private save(): void {
    this.store?.set(PIN_ATTEMPTS_KEY, this.attempts);
  }
}

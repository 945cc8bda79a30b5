import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** A PIN checked: accepted, or refused with the reason (as an error's params) and a sentence. */
export type PinVerdict = { ok: true } | { ok: false; message: string; params: { reason: 'wrong_pin' } | { reason: 'locked_out'; seconds: number } };

/**
 * The admin PIN that closes a kiosk and guards the terminal's settings. Only its scrypt hash is
 * stored; wrong guesses lock the gate for a while, so a customer at the kiosk can't try every PIN.
 * One gate per terminal, so guesses at either place count together.
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

export const MAX_PIN_FAILURES = 5;
export const PIN_LOCKOUT_MS = 60_000;

export class AdminPinGate {
  private failures = 0;
  private lockedUntil = 0;
  private readonly stored: string;
  private readonly now: () => number;

  constructor(stored: string, now: () => number = Date.now) {
    this.stored = stored;
    this.now = now;
  }

  check(pin: string): PinVerdict {
    const now = this.now();
    if (now < this.lockedUntil) {
      const seconds = Math.ceil((this.lockedUntil - now) / 1000);
      return { ok: false, message: `too many wrong PINs; try again in ${seconds} s`, params: { reason: 'locked_out', seconds } };
    }
    if (verifyAdminPin(pin, this.stored)) {
      this.failures = 0;
      return { ok: true };
    }
    this.failures += 1;
    if (this.failures >= MAX_PIN_FAILURES) {
      this.failures = 0;
      this.lockedUntil = now + PIN_LOCKOUT_MS;
    }
    return { ok: false, message: 'wrong admin PIN', params: { reason: 'wrong_pin' } };
  }
}

import { describe, expect, it } from 'vitest';
import { tempTerminal } from '../testing/temp-terminal.ts';
import { AdminPinGate, hashAdminPin, MAX_PIN_FAILURES, MAX_PIN_LOCKOUT_MS, PIN_ATTEMPTS_KEY, PIN_LOCKOUT_MS, pinLockoutMs, type AttemptsStore } from './admin-pin.ts';

const PIN = '482913';
const stored = hashAdminPin(PIN);

/** Guesses wrong until the gate locks, and returns how long it then says to wait (s). */
function lockOut(gate: AdminPinGate): number {
  for (let i = 0; i < MAX_PIN_FAILURES; i++) expect(gate.check('000000')).toMatchObject({ ok: false, params: { reason: 'wrong_pin' } });
  const verdict = gate.check(PIN);
  if (verdict.ok || verdict.params.reason !== 'locked_out') throw new Error(`not locked out: ${JSON.stringify(verdict)}`);
  return verdict.params.seconds;
}

/** The device settings store as the gate sees it, in memory. */
function memoryStore(): AttemptsStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, structuredClone(value)) };
}

describe('the admin PIN lockout', () => {
  it('doubles with each lockout in a row (60 s, 120 s, …), up to an hour', () => {
    let now = 1_000_000;
    const gate = new AdminPinGate(stored, () => now);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const seconds = lockOut(gate);
      waits.push(seconds);
      now += seconds * 1000;
    }
    expect(waits).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(pinLockoutMs(1)).toBe(PIN_LOCKOUT_MS);
    expect(pinLockoutMs(50)).toBe(MAX_PIN_LOCKOUT_MS);
  });

  it('refuses even the right PIN until the lockout ends, then starts over from 60 s after it', () => {
    let now = 0;
    const gate = new AdminPinGate(stored, () => now);
    expect(lockOut(gate)).toBe(60);
    now += 60_000;
    expect(lockOut(gate)).toBe(120);
    now += 119_000;
    expect(gate.check(PIN)).toMatchObject({ ok: false, params: { reason: 'locked_out', seconds: 1 } });
    now += 1_000;
    expect(gate.check(PIN)).toEqual({ ok: true });
    expect(lockOut(gate)).toBe(60);
  });

  it('keeps its count in the store it is given, and takes up the count saved there', () => {
    let now = 0;
    const store = memoryStore();
    const first = new AdminPinGate(stored, () => now);
    first.keepAttemptsIn(store);
    expect(lockOut(first)).toBe(60);
    now += 60_000;
    for (let i = 0; i < MAX_PIN_FAILURES - 1; i++) first.check('000000');
    expect(store.values.get(PIN_ATTEMPTS_KEY)).toEqual({ failures: MAX_PIN_FAILURES - 1, lockouts: 1, lockedUntil: 60_000 });

    // A restart: a new gate on the same store. One more wrong guess locks it, for twice as long.
    const second = new AdminPinGate(stored, () => now);
    second.keepAttemptsIn(store);
    expect(second.check('000000')).toMatchObject({ params: { reason: 'wrong_pin' } });
    expect(second.check(PIN)).toMatchObject({ ok: false, params: { reason: 'locked_out', seconds: 120 } });

    // A restart during a lockout: it goes on.
    now += 30_000;
    const third = new AdminPinGate(stored, () => now);
    third.keepAttemptsIn(store);
    expect(third.check(PIN)).toMatchObject({ ok: false, params: { reason: 'locked_out', seconds: 90 } });
  });

  it('waits no longer than the lockout itself when the clock was set back, and starts afresh from an unreadable count', () => {
    const store = memoryStore();
    store.set(PIN_ATTEMPTS_KEY, { failures: 0, lockouts: 1, lockedUntil: 10 * 86_400_000 });
    const gate = new AdminPinGate(stored, () => 0);
    gate.keepAttemptsIn(store);
    expect(gate.check(PIN)).toMatchObject({ ok: false, params: { reason: 'locked_out', seconds: 60 } });

    store.set(PIN_ATTEMPTS_KEY, { failures: 'many' });
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args);
    try {
      const fresh = new AdminPinGate(stored, () => 0);
      fresh.keepAttemptsIn(store);
      expect(fresh.check(PIN)).toEqual({ ok: true });
    } finally {
      console.warn = warn;
    }
    expect(warned).toHaveLength(1);
  });

  it('survives a restart of the terminal: the count is in its database', async () => {
    let now = 5_000;
    const before = new AdminPinGate(stored, () => now);
    const first = tempTerminal({}, { stateTimers: false, backups: false, mode: 'kiosk', adminPin: before });
    let second: ReturnType<typeof tempTerminal> | undefined;
    try {
      for (let i = 0; i < MAX_PIN_FAILURES; i++) {
        expect(await first.terminal.dispatch('staff.unlock', { pin: '000000' })).toMatchObject({ ok: false, error: { params: { reason: 'wrong_pin' } } });
      }
      first.terminal.close();

      now += 10_000;
      const after = new AdminPinGate(stored, () => now);
      second = tempTerminal({ dataDir: first.dataDir }, { stateTimers: false, backups: false, mode: 'kiosk', adminPin: after });
      expect(await second.terminal.dispatch('staff.unlock', { pin: PIN })).toMatchObject({ ok: false, error: { params: { reason: 'locked_out', seconds: 50 } } });
    } finally {
      second?.terminal.close();
      first.cleanup();
    }
  });
});

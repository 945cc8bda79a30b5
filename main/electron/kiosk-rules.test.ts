import { describe, expect, it } from 'vitest';
import { AdminPinGate, hashAdminPin, MAX_PIN_FAILURES, PIN_LOCKOUT_MS, verifyAdminPin } from '../settings/admin-pin.ts';
import { isAppUrl } from './app-origin.ts';
import { isBlockedKioskShortcut, reloadBackoff, type KeyInput } from './kiosk-rules.ts';

/** A key as a US layout gives it: the character, and the physical key it comes from. */
const US_CODES: Record<string, string> = { Enter: 'Enter', Backspace: 'Backspace', '7': 'Digit7', '+': 'Equal', '-': 'Minus', '0': 'Digit0' };
const codeOf = (k: string) => US_CODES[k] ?? (/^F\d+$/.test(k) ? k : `Key${k.toUpperCase()}`);
const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, code: codeOf(k), control: false, meta: false, alt: false, shift: false, ...mods });
/** A key on a Russian layout: the Cyrillic letter it types, on the physical key of the Latin one. */
const ru = (letter: string, code: string, mods: Partial<KeyInput> = {}): KeyInput => ({ ...key(letter, mods), code });

describe('kiosk shortcuts', () => {
  it.each([
    key('F12'),
    key('F5'),
    key('r', { control: true }),
    key('R', { meta: true }),
    key('I', { control: true, shift: true }),
    key('w', { control: true }),
    key('F4', { alt: true }),
    key('p', { control: true }),
    key('+', { control: true, shift: true }),
  ])('blocks %o', (input) => expect(isBlockedKioskShortcut(input)).toBe(true));

  it.each([
    ru('Ш', 'KeyI', { control: true, shift: true }), // developer tools
    ru('О', 'KeyJ', { control: true, shift: true }), // console
    ru('С', 'KeyC', { control: true, shift: true }), // inspect element
    ru('к', 'KeyR', { control: true }), // reload
    ru('ц', 'KeyW', { control: true }), // close
    ru('з', 'KeyP', { meta: true }), // print
    ru('й', 'KeyQ', { control: true }), // quit
  ])('blocks on a Russian layout %o', (input) => expect(isBlockedKioskShortcut(input)).toBe(true));

  it.each([
    key('a'),
    key('7'),
    key('Enter'),
    key('Backspace'),
    key('A', { shift: true }),
    { ...key('F12'), type: 'keyUp' },
    ru('Ш', 'KeyI', { shift: true }), // a capital letter typed, no shortcut
    ru('к', 'KeyR'),
    // Editing shortcuts on Latin layouts whose letters sit elsewhere: Chromium acts on the character.
    { ...key('a', { control: true }), code: 'KeyQ' }, // AZERTY select all
    { ...key('z', { control: true }), code: 'KeyW' }, // AZERTY undo
    { ...key('y', { control: true }), code: 'KeyT' }, // Dvorak redo
  ])('lets %o through', (input) => expect(isBlockedKioskShortcut(input)).toBe(false));
});

describe('reloadBackoff', () => {
  it('doubles the wait while failures follow each reload closely, up to the cap, and never refuses', () => {
    let now = 0;
    const nextWait = reloadBackoff({ firstMs: 100, maxMs: 500, calmMs: 1000 }, () => now);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = nextWait();
      waits.push(wait);
      now += wait + 999; // the reloaded page fails again just short of calm
    }
    expect(waits).toEqual([100, 200, 400, 500, 500, 500]);
  });

  it('starts over once the reloaded page stayed up for the calm period', () => {
    let now = 0;
    const nextWait = reloadBackoff({ firstMs: 100, maxMs: 500, calmMs: 1000 }, () => now);
    expect(nextWait()).toBe(100); // reloads at 100
    now = 100 + 999;
    expect(nextWait()).toBe(200); // reloads at 1299
    now = 1299 + 1000;
    expect(nextWait()).toBe(100);
  });
});

describe('admin PIN', () => {
  const stored = hashAdminPin('482913');

  it('verifies against the hash only', () => {
    expect(stored).not.toContain('482913');
    expect(verifyAdminPin('482913', stored)).toBe(true);
    expect(verifyAdminPin('482912', stored)).toBe(false);
    expect(verifyAdminPin('482913', 'plain')).toBe(false);
  });

  it('locks after repeated wrong PINs, even for the right one', () => {
    let now = 0;
    const gate = new AdminPinGate(stored, () => now);
    for (let i = 0; i < MAX_PIN_FAILURES; i++) expect(gate.check('000000')).toEqual({ ok: false, message: 'wrong admin PIN', params: { reason: 'wrong_pin' } });
    expect(gate.check('482913')).toMatchObject({ ok: false, message: expect.stringContaining('too many'), params: { reason: 'locked_out', seconds: PIN_LOCKOUT_MS / 1000 } });
    now = PIN_LOCKOUT_MS;
    expect(gate.check('482913')).toEqual({ ok: true });
  });
});

describe('app origin', () => {
  it('recognises only our pages', () => {
    expect(isAppUrl('app://counter-pos/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app://user@counter-pos/')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('https://counter-pos/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

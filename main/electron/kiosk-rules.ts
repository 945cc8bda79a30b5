/** Pure rules of the kiosk window, kept apart from Electron so they can be tested in Node. */

export interface KeyInput {
  type: string;
  /** The character the layout gives ('Ш' for Shift+I on a Russian layout). */
  key: string;
  /** The physical key, whatever the layout ('KeyI'), as KeyboardEvent.code. */
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * Matched by the character where the layout gives a plain ASCII one (Chromium acts on it: on
 * AZERTY, Ctrl+A is the physical KeyQ and selects all, which stays allowed), and by the physical
 * key (`code`) where it gives another script's letter (Ctrl+Shift+I gives 'Ш' on a Russian
 * layout, and Chromium then acts on the key's Latin letter).
 */
const BLOCKED_PLAIN = new Set(['F5', 'F11', 'F12']);
const BLOCKED_WITH_MODIFIER = {
  codes: new Set(['KeyR', 'KeyW', 'KeyQ', 'KeyN', 'KeyT', 'KeyP', 'KeyO', 'KeyS', 'KeyU', 'KeyL', 'Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']),
  keys: new Set(['r', 'w', 'q', 'n', 't', 'p', 'o', 's', 'u', 'l', '+', '-', '=', '0']),
};
const DEVTOOLS = { codes: new Set(['KeyI', 'KeyJ', 'KeyC']), keys: new Set(['i', 'j', 'c']) };

/** Shortcuts a customer could use to reload, close, zoom, print or open developer tools. */
export function isBlockedKioskShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const ascii = /^[\x20-\x7e]$/.test(key);
  const matches = (set: { codes: Set<string>; keys: Set<string> }) => (ascii ? set.keys.has(key) : set.codes.has(input.code));
  if (BLOCKED_PLAIN.has(input.code) || BLOCKED_PLAIN.has(key)) return true;
  if (input.alt && (input.code === 'F4' || key === 'F4')) return true;
  const command = input.control || input.meta;
  if (!command) return false;
  if (input.shift && matches(DEVTOOLS)) return true;
  return matches(BLOCKED_WITH_MODIFIER);
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
  /** How long a reloaded page must stay up for the next failure to count as a fresh one. */
  calmMs: number;
}

/**
 * The waits before reloading a page that keeps failing: `firstMs`, doubling with each failure
 * that follows soon after the last reload, up to `maxMs`; never a refusal, since a kiosk left on a
 * dead page helps nobody. Returns a function giving the wait for the failure happening now.
 */
export function reloadBackoff({ firstMs, maxMs, calmMs }: Backoff = { firstMs: 1_000, maxMs: 60_000, calmMs: 60_000 }, now: () => number = Date.now): () => number {
  let wait = 0;
  let reloadedAt = -Infinity;
  return () => {
    const t = now();
    wait = t - reloadedAt >= calmMs ? firstMs : Math.min(wait * 2, maxMs);
    reloadedAt = t + wait;
    return wait;
  };
}

/** Pure rules of the kiosk window, kept apart from Electron so they can be tested in Node. */

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const BLOCKED_PLAIN = new Set(['F5', 'F11', 'F12']);
const BLOCKED_WITH_MODIFIER = new Set(['r', 'w', 'q', 'n', 't', 'p', 'o', 's', 'u', 'l', '+', '-', '=', '0']);
const DEVTOOLS_KEYS = new Set(['i', 'j', 'c']);

/** Shortcuts a customer could use to reload, close, zoom, print or open developer tools. */
export function isBlockedKioskShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (BLOCKED_PLAIN.has(key)) return true;
  if (input.alt && key === 'F4') return true;
  const command = input.control || input.meta;
  if (!command) return false;
  if (input.shift && DEVTOOLS_KEYS.has(key)) return true;
  return BLOCKED_WITH_MODIFIER.has(key);
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

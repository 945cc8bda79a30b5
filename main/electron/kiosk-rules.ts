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

/**
 * A crashed renderer is restarted, but not forever: a page that crashes in a loop would only
 * flicker. Returns a function that says whether one more restart is allowed now.
 */
export function restartBudget(maxRestarts: number, perMs: number, now: () => number = Date.now): () => boolean {
  const restarts: number[] = [];
  return () => {
    const t = now();
    while (restarts.length > 0 && t - (restarts[0] ?? 0) >= perMs) restarts.shift();
    if (restarts.length >= maxRestarts) return false;
    restarts.push(t);
    return true;
  };
}

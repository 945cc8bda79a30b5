import { useEffect, useRef } from 'react';

/** What the window counts as someone at the screen. */
const ACTIVITY = ['pointerdown', 'keydown', 'wheel'] as const;

/**
 * Calls `onIdle` once nobody touched the screen for `ms` while `active` (a kiosk showing a
 * customer's order): the next customer starts from a clean screen.
 */
export function useIdleReset(active: boolean, ms: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(() => callback.current(), ms);
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), ms);
    };
    for (const event of ACTIVITY) window.addEventListener(event, touched, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, touched);
    };
  }, [active, ms]);
}

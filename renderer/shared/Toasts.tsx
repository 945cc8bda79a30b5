import { useEffect, useRef, useState } from 'react';
import type { EventPayload, PosApi } from '../../common/ipc-contract.ts';
import { useI18n } from '../use-i18n.ts';
import { notificationText } from './notification-text.ts';

/** How long a notification stays on screen. */
const SHOW_MS = 6_000;
/** At most this many at once; a burst (a rebuild, a long drain) becomes one line with a count. */
const MAX_SHOWN = 3;

interface Toast {
  id: string;
  headline: string;
  detail: string | null;
}

/**
 * Notifications (order-state changes; sync's refusals, blocks and sales that overrode changes made elsewhere) as they
 * happen, on whichever screen is open, for a few seconds each.
 */
export function Toasts({ pos }: { pos: PosApi }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const [burst, setBurst] = useState(0);
  const shown = useRef<Toast[]>([]);
  const taken = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    let live = true;
    const later = (fn: () => void) => {
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        fn();
      }, SHOW_MS);
      timers.current.add(timer);
    };
    const textOf = async (n: EventPayload<'notification'>): Promise<Toast> => {
      if (!n.orderClientId) return { id: n.id, headline: n.message, detail: null };
      // The stored notification has the order's number (and the state), for the staff's language.
      const stored = await pos.invoke('states.notifications', { orderClientId: n.orderClientId, limit: 5 });
      const row = stored.ok ? stored.value.find((r) => r.id === n.id) : undefined;
      return { id: n.id, ...notificationText(i18n, row ?? { kind: n.kind, orderNumber: null, state: null, message: n.message }) };
    };
    const show = (next: Toast[]) => {
      shown.current = next;
      setToasts(next);
    };
    const off = pos.on('notification', (n) => {
      // Places are taken when a notification arrives, so a burst asks the terminal nothing more.
      if (taken.current >= MAX_SHOWN) {
        setBurst((count) => count + 1);
        later(() => setBurst((count) => Math.max(0, count - 1)));
        return;
      }
      taken.current++;
      void textOf(n).then((toast) => {
        if (!live) return;
        show([...shown.current, toast]);
        later(() => {
          taken.current--;
          show(shown.current.filter((toast) => toast.id !== n.id));
        });
      });
    });
    const pending = timers.current;
    return () => {
      // Also on a change of language: what is shown goes, with its timers.
      live = false;
      off();
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      taken.current = 0;
      show([]);
      setBurst(0);
    };
  }, [pos, i18n]);

  if (toasts.length === 0 && burst === 0) return null;
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.map((toast) => (
        <p key={toast.id} className="toast" data-testid="toast">
          {toast.headline}
          {toast.detail && <small className="toast-detail">{toast.detail}</small>}
        </p>
      ))}
      {burst > 0 && (
        <p className="toast" data-testid="toast-more">
          {t('notifications.more', { count: burst })}
        </p>
      )}
    </div>
  );
}

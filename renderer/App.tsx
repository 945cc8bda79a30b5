import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OrderSummary, OrderView } from '../common/entities.ts';
import type { IpcError, PosApi } from '../common/ipc-contract.ts';
import { isFinal } from '../common/order-status.ts';
import { languages, type Lang } from './i18n.ts';
import { I18nContext, i18nFor } from './use-i18n.ts';
import { CounterScreen } from './orders/CounterScreen.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { StaffLock } from './settings/StaffLock.tsx';
import { SettingsContext, useSettingsSource } from './settings/use-settings.ts';
import { StaffContext, useStaffSource } from './settings/use-staff.ts';
import { LanguageSelect } from './shared/LanguageSelect.tsx';
import { DeliveriesScreen } from './states/DeliveriesScreen.tsx';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from './shared/refresh-throttle.ts';
import { SyncGlanceBadges, useSyncGlance } from './sync/SyncGlance.tsx';
import { SyncPanel } from './sync/SyncPanel.tsx';
import { Toasts } from './shared/Toasts.tsx';
import { useIdleReset } from './shared/use-idle-reset.ts';
import { errorText } from './shared/error-text.ts';

const screens = ['counter', 'deliveries', 'sync', 'settings'] as const;

/** A kiosk left untouched this long with an order on screen goes back to a clean screen for the next customer. */
const KIOSK_IDLE_MS = 90_000;
type Screen = (typeof screens)[number];

const savedLang = (): Lang => {
  const stored = localStorage.getItem('pos.lang');
  return languages.find((l) => l === stored) ?? 'en';
};

/** The shell of the UI: header, language, screens; keeps the active orders and the open one. */
export function App({ pos }: { pos: PosApi }) {
  const [lang, setLang] = useState<Lang>(savedLang);
  const i18n = useMemo(() => i18nFor(lang), [lang]);
  const { t } = i18n;
  // App provides the language (it is outside its own I18nContext): its refusals read it directly.
  const i18nNow = useRef(i18n);
  i18nNow.current = i18n;
  const textOf = useCallback((error: IpcError) => errorText(i18nNow.current, error), []);
  const [screen, setScreen] = useState<Screen>('counter');
  const syncGlance = useSyncGlance(pos);
  const [orders, setOrders] = useState<readonly OrderSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [order, setOrder] = useState<OrderView | null>(null);
  const openId = useRef<string | null>(null);
  openId.current = order?.clientId ?? null;
  const listSeq = useRef(0);
  const [search, setSearch] = useState('');
  const searchText = useRef('');
  const settings = useSettingsSource(pos);
  const staff = useStaffSource(pos);
  // Staff screens and actions: at a counter always; at a kiosk only while a staff session is open.
  const staffOk = staff?.unlocked ?? false;
  const staffAllows = useMemo(() => ({ staff: staffOk, paymentMethods: staff?.paymentMethods ?? [] }), [staffOk, staff?.paymentMethods]);
  const shown = staffOk ? screens : (['counter'] as const);
  const wasStaff = useRef(staffOk);
  useEffect(() => {
    if (!staffOk) setScreen('counter');
    // A kiosk's staff session ended: whatever order the staff had open (another customer's, with
    // a name and address) leaves the screen; the next customer starts clean.
    if (wasStaff.current && !staffOk && staff?.mode === 'kiosk') setOrder(null);
    wasStaff.current = staffOk;
  }, [staffOk, staff?.mode]);
  useEffect(() => {
    // The page's language, for screen readers, hyphenation and the browser's own words.
    document.documentElement.lang = lang;
  }, [lang]);
  // A kiosk order left untouched leaves the screen. Given up before any money was taken, it is
  // deleted (nobody will finish it); one holding money stays active for the staff to settle (the
  // terminal refuses to delete an order holding money, whatever this screen last saw).
  useIdleReset(staff?.mode === 'kiosk' && !staffOk && order !== null, KIOSK_IDLE_MS, () => {
    const left = order;
    setOrder(null);
    if (left && !isFinal(left.status) && left.transactions.length === 0 && left.unresolvedAttempts.length === 0) {
      void pos.invoke('orders.delete', { orderClientId: left.clientId });
    }
  });

  // Whether the shop's list may be shown: null until the terminal has said (the screen waits).
  const listAllowed = staff === null ? null : staffOk;
  const listAllowedNow = useRef(listAllowed);
  listAllowedNow.current = listAllowed;
  const loadOrders = useCallback(async () => {
    const seq = ++listSeq.current;
    if (listAllowedNow.current === null) return;
    // A customer at a kiosk sees the order they have open, not the shop's list (staff only).
    if (!listAllowedNow.current) {
      setOrders([]);
      setListError(null);
      return;
    }
    const text = searchText.current.trim();
    const result = await pos.invoke('orders.listActive', text === '' ? {} : { search: text });
    if (seq !== listSeq.current) return; // a newer answer is on its way
    if (result.ok) setOrders(result.value);
    setListError(result.ok ? null : textOf(result.error));
  }, [pos]);

  const loadOrder = useCallback(
    async (clientId: string) => {
      const result = await pos.invoke('orders.get', { orderClientId: clientId });
      if (result.ok && openId.current === clientId) setOrder(result.value);
    },
    [pos],
  );

  useEffect(() => {
    // A drain sends an order.changed per order it touches: the list reloads a few times a second at most.
    const throttle = createRefreshThrottle(loadOrders, REFRESH_INTERVAL_MS);
    throttle.request();
    const off = pos.on('order.changed', (change) => {
      throttle.request();
      if (change.orderClientId === openId.current) void loadOrder(change.orderClientId);
    });
    return () => {
      off();
      throttle.stop();
    };
  }, [pos, loadOrders, loadOrder]);

  // The list comes and goes with a kiosk's staff session.
  useEffect(() => void loadOrders(), [listAllowed, loadOrders]);

  // From the sync panel: the order an operation belongs to, opened at the counter (to refund it, say).
  const openOrder = useCallback(
    async (clientId: string) => {
      const result = await pos.invoke('orders.get', { orderClientId: clientId });
      if (!result.ok) return;
      setOrder(result.value);
      setScreen('counter');
    },
    [pos],
  );

  const searchOrders = (text: string) => {
    searchText.current = text;
    setSearch(text);
    void loadOrders();
  };

  const chooseLang = (next: Lang) => {
    localStorage.setItem('pos.lang', next);
    setLang(next);
  };

  return (
    <I18nContext.Provider value={i18n}>
      <SettingsContext.Provider value={settings}>
        <StaffContext.Provider value={staffAllows}>
          <header className="app-header">
            <h1>{t('app.title')}</h1>
            {settings && (
              <span className="device-name" data-testid="device-name" title={settings.deviceId}>
                {settings.deviceName}
              </span>
            )}
            <nav className="tabs">
              {shown.map((s) => (
                <button type="button" key={s} data-testid={`tab-${s}`} aria-pressed={screen === s} onClick={() => setScreen(s)}>
                  {t(`nav.${s}`)}
                  {s === 'sync' && <SyncGlanceBadges glance={syncGlance} />}
                </button>
              ))}
            </nav>
            {staff?.mode === 'kiosk' && <StaffLock pos={pos} staff={staff} />}
            <LanguageSelect onChange={chooseLang} compact />
          </header>
          {/* Notifications are the staff's: a customer at a kiosk is not shown other orders' news. */}
          {staffOk && <Toasts pos={pos} />}
          {orders === null ? (
            <p className="muted loading">{listError ?? t('app.loading')}</p>
          ) : (
            <main className="app-main" data-testid="app-ready" data-screen={screen}>
              {screen === 'counter' && <CounterScreen pos={pos} orders={orders} order={order} listError={listError} search={search} onSearch={searchOrders} onOrder={setOrder} />}
              {screen === 'deliveries' && <DeliveriesScreen pos={pos} />}
              {screen === 'sync' && <SyncPanel pos={pos} onOpenOrder={(id) => void openOrder(id)} />}
              {screen === 'settings' && <SettingsScreen pos={pos} onLang={chooseLang} />}
            </main>
          )}
        </StaffContext.Provider>
      </SettingsContext.Provider>
    </I18nContext.Provider>
  );
}

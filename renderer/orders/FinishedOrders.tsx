import { useCallback, useEffect, useRef, useState } from 'react';
import type { FinishedOrderSummary, TillTakings } from '../../common/entities.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { ErrorLine } from '../shared/Badges.tsx';
import { errorText } from '../shared/error-text.ts';
import { createRefreshThrottle, REFRESH_INTERVAL_MS } from '../shared/refresh-throttle.ts';
import { RowButton } from '../shared/RowButton.tsx';
import { SearchField } from '../shared/SearchField.tsx';
import { useDateTime } from '../shared/use-date-time.ts';
import { useMoney } from '../shared/use-money.ts';
import { useI18n } from '../use-i18n.ts';
import { OrderRowHead } from './OrderList.tsx';
import { TakingsSummary } from './TakingsSummary.tsx';
import { useAction } from '../shared/use-action.ts';
import { withReceipt } from '../shared/with-receipt.tsx';

/** Today in the terminal's local time, as the period `sales.takings` takes. */
function today(): { from: string; to: string } {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

interface Props {
  pos: PosApi;
  selectedId: string | null;
  onSelect: (clientId: string) => void;
}

/**
 * Sold and deleted orders, newest first, to find a sale again (a customer back for a receipt):
 * searched by receipt number, customer or order number; opening one shows it as it ended, with
 * its receipt to print again.
 */
export function FinishedOrders({ pos, selectedId, onSelect }: Props) {
  const { t } = useI18n();
  const money = useMoney();
  const dateTime = useDateTime();
  const [orders, setOrders] = useState<readonly FinishedOrderSummary[] | null>(null);
  const [takings, setTakings] = useState<readonly TillTakings[] | null>(null);
  // A refusal is kept as the terminal gave it and worded when shown: a language chosen after it applies.
  const { error, setError } = useAction();
  const [search, setSearch] = useState('');
  const searchText = useRef('');
  const seq = useRef(0);

  const loadList = useCallback(async () => {
    const mine = ++seq.current;
    const text = searchText.current.trim();
    const result = await pos.invoke('orders.listFinished', text === '' ? {} : { search: text });
    if (mine !== seq.current) return; // a newer answer is on its way
    if (result.ok) setOrders(result.value);
    setError(result.ok ? null : (i18n) => errorText(i18n, result.error));
  }, [pos, setError]);

  useEffect(() => {
    // A sale, a refund or a deletion (here, or pulled from elsewhere) changes the list and the
    // takings; a drain's burst reloads them a few times a second at most. Typing a search
    // reloads the list alone.
    const loadTakings = async () => {
      const till = await pos.invoke('sales.takings', today());
      if (till.ok) setTakings(till.value.currencies);
    };
    const throttle = createRefreshThrottle(() => Promise.all([loadList(), loadTakings()]), REFRESH_INTERVAL_MS);
    throttle.request();
    const off = pos.on('order.changed', () => throttle.request());
    return () => {
      off();
      throttle.stop();
    };
  }, [pos, loadList]);

  const onSearch = (text: string) => {
    searchText.current = text;
    setSearch(text);
    void loadList();
  };

  const query = search.trim();
  return (
    <>
      {takings && <TakingsSummary takings={takings} />}
      <SearchField testId="finished-search" value={search} label={t('finished.search')} onChange={onSearch} />
      <ErrorLine message={error} />
      {orders === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : orders.length === 0 ? (
        <p className="muted" data-testid="no-finished">
          {query === '' ? t('finished.empty') : t('finished.noMatch', { query })}
        </p>
      ) : (
        <ul className="order-list" data-testid="finished-list">
          {orders.map((order) => (
            <li key={order.clientId}>
              <RowButton testId="finished-row" orderId={order.clientId} selected={order.clientId === selectedId} onSelect={onSelect}>
                <OrderRowHead order={order} />
                <span className="order-row-sub muted">
                  {order.customerName ?? t('orders.walkIn')} · {dateTime(order.createdAt)}
                </span>
                <span className="order-row-money">
                  <span data-testid="row-receipt">
                    {order.receiptNo ? withReceipt(t, order.saleVoided ? 'finished.voided' : 'receipt.title', order.receiptNo) : t('finished.noReceipt')}
                  </span>
                  <span>
                    {t('money.total')} <b data-testid="row-total">{money(order.total, order.currency)}</b>
                  </span>
                </span>
              </RowButton>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

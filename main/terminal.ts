import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { EventName, EventPayload } from '../common/ipc-contract.ts';
import { currencyCode } from '../common/money.ts';
import { startCheckpointer } from '../db/checkpointer.ts';
import { openDatabase } from '../db/connection.ts';
import { systemClock, type Clock } from './clock.ts';
import { createStores, inTransaction, type Context } from './context.ts';
import { EventBus } from './events.ts';
import { createDispatch, type Dispatch, type Handlers } from './ipc/dispatch.ts';
import { orderHandlers } from './orders/handlers.ts';
import { OrderService } from './orders/order-service.ts';
import { outboxHandlers } from './outbox/handlers.ts';
import { SimulatedPaymentDriver } from './payments/driver-simulator.ts';
import { paymentHandlers } from './payments/handlers.ts';
import type { PaymentDriver } from './payments/payment-driver.ts';
import { PaymentService } from './payments/payment-service.ts';
import { saleHandlers } from './sales/handlers.ts';
import { prefixFor } from './sales/receipt-number.ts';
import { SaleService } from './sales/sale-service.ts';
import { stateHandlers } from './states/handlers.ts';
import { StatesService, type StatesOptions } from './states/states-service.ts';
import { catalogView } from './catalog/catalog-service.ts';
import { statePullHooks } from './sync/state-pull-hooks.ts';
import { createSync, type Sync, type SyncOptions } from './sync/sync-engine.ts';

export const TERMINAL_VERSION = '0.1.0';

/** Everything a terminal needs to start; validated, so a bad config file names the bad field. */
export const TerminalConfig = z.strictObject({
  dataDir: z.string().min(1),
  serverUrl: z.url({ error: 'must be a URL such as http://127.0.0.1:8080' }),
  deviceId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1–64 letters, digits, dots, dashes or underscores' }),
  deviceToken: z.string().min(1).optional(),
  currency: currencyCode.default('EUR'),
  /** How long a card terminal may take to answer before the charge counts as unknown. */
  driverTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
});
export type TerminalConfigInput = z.input<typeof TerminalConfig>;

export interface TerminalOptions {
  /** Order-state sweeper/consumer timers (default on); tests turn them off and call `states.drain()`. */
  stateTimers?: boolean;
  /** How order-state jobs that throw are retried (tests shorten it). */
  stateRetry?: StatesOptions['retry'];
  clock?: Clock;
  paymentDriver?: PaymentDriver;
  /** The sync engine's settings; it starts with the terminal only when `autoStart` is set. */
  sync?: SyncOptions;
}

export interface Terminal {
  config: z.output<typeof TerminalConfig>;
  ctx: Context;
  dispatch: Dispatch;
  orders: OrderService;
  payments: PaymentService;
  sales: SaleService;
  states: StatesService;
  sync: Sync;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Closes at once: answers still on their way are dropped (they will be resent with their keys). */
  close(): void;
  /** Stops the sync engine after the answers in flight are recorded, then closes. */
  shutdown(): Promise<void>;
}

/**
 * Starts the terminal's services in plain Node (no Electron): the Electron shell, the browser
 * host, tests and benchmarks all use this one function.
 */
export function createTerminal(input: TerminalConfigInput, options: TerminalOptions = {}): Terminal {
  const parsed = TerminalConfig.safeParse(input);
  if (!parsed.success) {
    throw new Error(`invalid terminal configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const config = parsed.data;
  mkdirSync(config.dataDir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const { sqlite } = openDatabase({ file: join(config.dataDir, 'terminal.sqlite') });
  // WAL checkpoints on a thread of their own: a commit at the counter never waits for one.
  const checkpointer = startCheckpointer(sqlite);
  const ctx: Context = {
    sqlite,
    stores: createStores(sqlite, clock),
    clock,
    events: new EventBus(),
    connectivity: { online: true },
    deviceId: config.deviceId,
  };

  const receiptPrefix = inTransaction(ctx, () => {
    // A charge still pending at start-up was cut off by a stop: its outcome must be reconciled.
    ctx.stores.payments.markInterruptedAttempts(clock.iso());
    let prefix = ctx.stores.settings.get<string>('receipt.prefix');
    if (!prefix) {
      prefix = prefixFor(config.deviceId);
      ctx.stores.settings.set('receipt.prefix', prefix);
    }
    return prefix;
  });

  const orders = new OrderService(ctx, config.currency);
  const payments = new PaymentService(ctx, options.paymentDriver ?? new SimulatedPaymentDriver(), config.driverTimeoutMs);
  const sales = new SaleService(ctx, receiptPrefix);
  const states = new StatesService(ctx, { timers: options.stateTimers ?? true, retry: options.stateRetry });

  const sync = createSync(
    ctx,
    { serverUrl: config.serverUrl, deviceToken: config.deviceToken ?? `dev-token-${config.deviceId}` },
    options.sync ?? {},
    { ...statePullHooks(ctx, states), catalog: (_products, version) => ctx.events.emit('catalog.changed', { version }) },
  );

  const handlers = {
    ...sync.handlers,
    ...orderHandlers(ctx, orders),
    ...paymentHandlers(payments),
    ...saleHandlers(sales),
    ...stateHandlers(states),
    ...outboxHandlers(ctx),
    'catalog.list': () => catalogView(ctx.stores.settings, config.currency),
    'terminal.info': () => ({
      deviceId: config.deviceId,
      serverUrl: config.serverUrl,
      dataDir: config.dataDir,
      version: TERMINAL_VERSION,
      receiptPrefix,
      currency: config.currency,
    }),
  } satisfies Handlers;

  states.start();
  if (options.sync?.autoStart) sync.start();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    void sync.stop();
    states.stop();
    void checkpointer.stop();
    sqlite.close();
  };
  return {
    config,
    ctx,
    dispatch: createDispatch(handlers),
    orders,
    payments,
    sales,
    states,
    sync,
    on: (event, listener) => ctx.events.on(event, listener),
    close,
    async shutdown() {
      if (closed) return;
      await sync.stop();
      close();
      await checkpointer.stop();
    },
  };
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isStaffEvent, type EventName, type EventPayload } from '../common/ipc-contract.ts';
import { currencyCode } from '../common/money.ts';
import { deviceName, serverUrl, type TerminalMode } from '../common/settings.ts';
import { startCheckpointer, type Checkpointer } from '../db/checkpointer.ts';
import { backupsDirFor, DatabaseBackups, DEFAULT_BACKUP_POLICY, type BackupPolicy } from '../db/backups.ts';
import { openDatabase, type Sqlite } from '../db/connection.ts';
import { lockDataFolder, type DataFolderLock } from '../db/instance-lock.ts';
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
import { backupHandlers } from './backup-handlers.ts';
import { adoptRestoredCopy } from './restored-copy.ts';
import { prefixFor } from './sales/receipt-number.ts';
import { SaleService } from './sales/sale-service.ts';
import { stateHandlers } from './states/handlers.ts';
import { StatesService, type StatesOptions } from './states/states-service.ts';
import { catalogView } from './catalog/catalog-service.ts';
import type { AdminPinGate } from './settings/admin-pin.ts';
import { StaffAccess } from './settings/staff-access.ts';
import { TerminalSettings, type LockedBy } from './settings/terminal-settings.ts';
import { statePullHooks } from './sync/state-pull-hooks.ts';
import { createSync, type Sync, type SyncOptions } from './sync/sync-engine.ts';

export const TERMINAL_VERSION = '0.1.0';

/** Everything a terminal needs to start; validated, so a bad config file names the bad field. */
export const TerminalConfig = z.strictObject({
  dataDir: z.string().min(1),
  serverUrl,
  deviceId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1–64 letters, digits, dots, dashes or underscores' }),
  /** The name staff know the terminal by; the device id when absent. */
  deviceName: deviceName.optional(),
  /** Sent as `Authorization: Bearer <token>`, so an RFC 6750 b64token: anything else is no header value a request can carry. */
  deviceToken: z
    .string()
    .regex(/^[A-Za-z0-9\-._~+/]+=*$/, { error: 'must be a bearer token: letters, digits and - . _ ~ + / (then any = at its end), no spaces or other characters' })
    .optional(),
  currency: currencyCode.default('EUR'),
  /** How long a card terminal may take to answer before the charge counts as unknown. */
  driverTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  /** Daily copies of the database kept in `backups/` beside it (db/backups.ts); 0 for none. */
  backupsKept: z.number().int().min(0).max(90).default(DEFAULT_BACKUP_POLICY.keep),
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
  /** Settings fixed where the terminal was started (by an environment variable…): not editable at the counter. */
  lockedSettings?: LockedBy;
  /** The admin PIN gate (kiosks have one): changing settings needs the PIN, and at a kiosk so do staff commands. */
  adminPin?: AdminPinGate | null;
  /** `kiosk`: self-service, staff commands only after the admin PIN (default `counter`). */
  mode?: TerminalMode;
  /** The daily copies' policy over the defaults and `backupsKept` (tests shorten its timers); `false` for none. */
  backups?: Partial<Omit<BackupPolicy, 'dir'>> | false;
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
  settings: TerminalSettings;
  staff: StaffAccess;
  /** Null when the terminal was started without them. */
  backups: DatabaseBackups | null;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** An event as a screen may see it (the bridges use this): a staff event at a kiosk only while staff commands may run. */
  onScreen<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Closes at once: answers still on their way are dropped (they will be resent with their keys). */
  close(): void;
  /** Stops the sync engine after the answers in flight are recorded, then closes. */
  shutdown(): Promise<void>;
}

/** The bearer token a terminal sends: its configured one, or the demo backend's `dev-token-<deviceId>`. */
export function deviceTokenOf(config: { deviceId: string; deviceToken?: string | undefined }): string {
  return config.deviceToken ?? `dev-token-${config.deviceId}`;
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
  // Refused before the database is opened when another terminal runs on this folder.
  const lock = lockDataFolder(config.dataDir);
  try {
    return startTerminal(config, options, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Opens the database; if the services cannot be started on it, closes it again before the lock goes. */
function startTerminal(config: Terminal['config'], options: TerminalOptions, lock: DataFolderLock): Terminal {
  const file = join(config.dataDir, 'terminal.sqlite');
  const { sqlite } = openDatabase({ file });
  // WAL checkpoints on a thread of their own: a commit at the counter never waits for one.
  const checkpointer = startCheckpointer(sqlite);
  try {
    return startServices(config, options, { file, sqlite, checkpointer, lock });
  } catch (error) {
    void checkpointer.stop();
    sqlite.close();
    throw error;
  }
}

interface Opened {
  file: string;
  sqlite: Sqlite;
  checkpointer: Checkpointer;
  lock: DataFolderLock;
}

function startServices(config: Terminal['config'], options: TerminalOptions, { file, sqlite, checkpointer, lock }: Opened): Terminal {
  const clock = options.clock ?? systemClock;
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
    // Put back from a backup copy: receipts go on in a new series (restored-copy.ts).
    const restored = adoptRestoredCopy(ctx, prefixFor(config.deviceId));
    if (restored) return restored;
    let prefix = ctx.stores.settings.get<string>('receipt.prefix');
    if (!prefix) {
      prefix = prefixFor(config.deviceId);
      ctx.stores.settings.set('receipt.prefix', prefix);
    }
    return prefix;
  });

  const settings = new TerminalSettings(
    ctx,
    { serverUrl: config.serverUrl, deviceName: config.deviceName ?? config.deviceId, currency: config.currency },
    { lockedBy: options.lockedSettings, adminPin: options.adminPin },
  );
  const driver = options.paymentDriver ?? new SimulatedPaymentDriver();
  const staff = new StaffAccess(options.mode ?? 'counter', options.adminPin ?? null, clock, ctx.events, driver.methods);
  const orders = new OrderService(ctx, () => settings.current.currency);
  const payments = new PaymentService(ctx, driver, config.driverTimeoutMs);
  const sales = new SaleService(ctx, receiptPrefix);
  const states = new StatesService(ctx, { timers: options.stateTimers ?? true, retry: options.stateRetry });

  const sync = createSync(
    ctx,
    { serverUrl: settings.current.serverUrl, deviceToken: deviceTokenOf(config) },
    options.sync ?? {},
    { ...statePullHooks(ctx, states), catalog: (_products, version) => ctx.events.emit('catalog.changed', { version }) },
  );

  settings.onChange((next, previous) => {
    if (next.serverUrl !== previous.serverUrl) sync.setServerUrl(next.serverUrl);
    if (next.currency !== previous.currency) {
      ctx.events.emit('catalog.changed', { version: catalogView(ctx.stores.settings, next.currency).version ?? 0 });
    }
  });

  const backups =
    options.backups === false || config.backupsKept === 0
      ? null
      : new DatabaseBackups(sqlite, { ...DEFAULT_BACKUP_POLICY, keep: config.backupsKept, ...options.backups, dir: backupsDirFor(file) }, () => clock.now());
  const handlers = {
    ...sync.handlers,
    ...backupHandlers(backups, backupsDirFor(file)),
    ...orderHandlers(ctx, orders),
    ...paymentHandlers(payments, staff),
    ...saleHandlers(ctx.sqlite, sales),
    ...stateHandlers(states),
    ...outboxHandlers(ctx),
    'catalog.list': ({ currency }) => catalogView(ctx.stores.settings, currency ?? settings.current.currency),
    'terminal.info': () => ({
      deviceId: config.deviceId,
      deviceName: settings.current.deviceName,
      serverUrl: settings.current.serverUrl,
      dataDir: config.dataDir,
      version: TERMINAL_VERSION,
      receiptPrefix,
      currency: settings.current.currency,
      ignoredSettings: [...settings.ignored],
    }),
    'settings.get': () => settings.view(),
    'settings.update': (args) => settings.update(args),
    'staff.status': () => staff.status(),
    'staff.unlock': (args) => staff.unlock(args.pin),
    'staff.lock': () => staff.lock(),
  } satisfies Handlers;

  states.start();
  if (options.sync?.autoStart) sync.start();
  backups?.start();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    staff.stop();
    backups?.stop();
    void sync.stop();
    states.stop();
    void checkpointer.stop();
    sqlite.close();
    lock.release();
  };
  return {
    config,
    ctx,
    dispatch: createDispatch(handlers, staff),
    orders,
    payments,
    sales,
    states,
    sync,
    settings,
    staff,
    backups,
    on: (event, listener) => ctx.events.on(event, listener),
    onScreen: (event, listener) => ctx.events.on(event, (payload) => (!isStaffEvent(event) || staff.allowed()) && listener(payload)),
    close,
    async shutdown() {
      if (closed) return;
      await sync.stop();
      close();
      await checkpointer.stop();
    },
  };
}

import { vi } from 'vitest';

/**
 * Just enough of Electron's main-process API to run the shell's wiring in plain Node (there is
 * no Electron binary on build machines): it records what the shell asked for.
 */
type Handler = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Handler[]>();
  on(event: string, listener: Handler): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Handler): this {
    return this.on(event, listener);
  }
  /** Calls the listeners like Electron would, with a preventable event first. */
  emit(event: string, ...args: unknown[]): { defaultPrevented: boolean } {
    return this.emitDetails(event, {}, ...args);
  }
  /** As `emit`, for events whose details ride on the event object itself (will-frame-navigate). */
  emitDetails(event: string, details: object, ...args: unknown[]): { defaultPrevented: boolean } {
    const e = { ...details, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(e, ...args);
    return e;
  }
}

type PrintCallback = (success: boolean, failureReason: string) => void;

export class FakeWebContents extends FakeEmitter {
  url = '';
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  devToolsClosed = 0;
  crashedByShell = 0;
  /** Each print request, with the callback that answers it (the test decides how printing ends). */
  readonly prints: { options: unknown; done: PrintCallback }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  closeDevTools() {
    this.devToolsClosed += 1;
  }
  forcefullyCrashRenderer() {
    this.crashedByShell += 1;
  }
  print(options: unknown, done: PrintCallback) {
    this.prints.push({ options, done });
  }
}

export function createFakeElectron(userData: string) {
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const appEvents = new FakeEmitter();
  /** Chromium switches the app was started with (app.commandLine), without their dashes. */
  const switches = new Set<string>();
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));

  class FakeBrowserWindow extends FakeEmitter {
    static getAllWindows = () => windows;
    readonly webContents = new FakeWebContents();
    readonly options: Record<string, unknown>;
    menuRemoved = false;
    destroyed = false;
    kiosk: boolean;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      this.kiosk = options.kiosk === true;
      windows.push(this);
      appEvents.emit('web-contents-created', this.webContents);
    }
    loadURL(url: string) {
      this.webContents.url = url;
      return Promise.resolve();
    }
    setMenu(menu: unknown) {
      this.menuRemoved = menu === null;
    }
    setKiosk(flag: boolean) {
      this.kiosk = flag;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return false;
    }
    show() {}
    focus() {}
    restore() {}
  }

  const session = new (class extends FakeEmitter {
    permissionRequest: Handler | null = null;
    permissionCheck: Handler | null = null;
    devicePermission: Handler | null = null;
    headersReceived: Handler | null = null;
    setPermissionRequestHandler(h: Handler) {
      this.permissionRequest = h;
    }
    setPermissionCheckHandler(h: Handler) {
      this.permissionCheck = h;
    }
    setDevicePermissionHandler(h: Handler) {
      this.devicePermission = h;
    }
    webRequest = { onHeadersReceived: (h: Handler) => (session.headersReceived = h) };
  })();

  const electron = {
    app: {
      on: (event: string, listener: Handler) => appEvents.on(event, listener),
      getPath: vi.fn(() => userData),
      setPath: vi.fn(),
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => true),
      whenReady: () => whenReady,
      isPackaged: false,
      commandLine: { hasSwitch: vi.fn((name: string) => switches.has(name)) },
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: session },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => template) },
    dialog: { showErrorBox: vi.fn() },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
  };
  return { electron, windows, ipcHandlers, protocolHandlers, appEvents, session, switches, ready };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * The module `vi.mock('electron')` returns: each export forwards to the current fake, so one
 * mocked module serves every fresh import of the shell (vitest keeps a mock across resetModules).
 */
export function delegatingElectron(current: () => FakeElectron): Record<string, unknown> {
  const names = Object.keys(createFakeElectron('').electron) as (keyof FakeElectron['electron'])[];
  return Object.fromEntries(
    names.map((name) => {
      const target = () => current().electron[name] as object;
      const proxy = new Proxy(function () {}, {
        get: (_t, key) => Reflect.get(target(), key),
        set: (_t, key, value) => Reflect.set(target(), key, value),
        construct: (_t, args) => Reflect.construct(target() as new (...a: unknown[]) => object, args),
        apply: (_t, self, args) => Reflect.apply(target() as (...a: unknown[]) => unknown, self, args),
      });
      return [name, proxy];
    }),
  );
}

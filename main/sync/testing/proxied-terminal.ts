import { afterEach, beforeEach } from 'vitest';
import type { CounterPosServer } from '../../../server/app.ts';
import { tempTerminal, type TempTerminal } from '../../testing/temp-terminal.ts';
import { startDroppingProxy, type DroppingProxy } from './dropping-proxy.ts';
import { FAST_SYNC, startServer } from './sync-harness.ts';

export interface ProxiedBed {
  server: CounterPosServer;
  /** Between the terminal and the server: drops or holds the requests it is told to. */
  proxy: DroppingProxy;
  t: TempTerminal;
}

/**
 * For each test: a reference server, a dropping proxy before it, and terminal till-1 syncing
 * through the proxy one lane at a time (so a lane can be made to wait behind another's request),
 * pulled once; all stopped after the test. `assign` receives them before each test.
 */
export function useProxiedTerminal(assign: (bed: ProxiedBed) => void): void {
  let bed: ProxiedBed | undefined;
  beforeEach(async () => {
    const server = await startServer();
    const proxy = await startDroppingProxy(server.url);
    const t = tempTerminal(
      { serverUrl: proxy.url, deviceId: 'till-1', deviceToken: server.tokens['till-1']! },
      { sync: { ...FAST_SYNC, concurrency: 1 }, stateTimers: false },
    );
    t.terminal.sync.start();
    await t.terminal.sync.puller.pullOnce();
    bed = { server, proxy, t };
    assign(bed);
  });
  afterEach(async () => {
    if (!bed) return;
    const { server, proxy, t } = bed;
    bed = undefined;
    proxy.release();
    await t.terminal.shutdown();
    t.cleanup();
    await proxy.close();
    await server.close();
  });
}

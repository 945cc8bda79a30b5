import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandInput, CommandName, CommandOutput } from '../../common/ipc-contract.ts';
import { SimulatedPaymentDriver } from '../payments/driver-simulator.ts';
import { createTerminal, type Terminal, type TerminalConfigInput, type TerminalOptions } from '../terminal.ts';

/** A terminal in a fresh temporary folder, for tests; `cleanup()` closes it and removes the folder. */
export function tempTerminal(config: Partial<TerminalConfigInput> = {}, options: TerminalOptions = {}) {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'pos-test-'));
  const driver = (options.paymentDriver as SimulatedPaymentDriver | undefined) ?? new SimulatedPaymentDriver();
  const terminal = createTerminal(
    { serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1', driverTimeoutMs: 50, ...config, dataDir },
    { ...options, paymentDriver: driver },
  );
  return {
    terminal,
    driver,
    dataDir,
    /** Calls a command through the IPC dispatcher and returns its value, throwing its error. */
    async call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
      const result = await terminal.dispatch(name, input);
      if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code });
      return result.value as CommandOutput<K>;
    },
    cleanup() {
      terminal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TempTerminal = ReturnType<typeof tempTerminal>;

/** Every row of every table, for "nothing changed" checks. */
export function snapshotDatabase(terminal: Terminal): Record<string, unknown[]> {
  const tables = terminal.ctx.sqlite
    .prepare<[], { name: string; sql: string }>(
      `select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not like '%_fts%' order by name`,
    )
    .all();
  const snapshot: Record<string, unknown[]> = {};
  for (const { name, sql } of tables) {
    // A WITHOUT ROWID table is read in its key's order.
    const order = /\bWITHOUT ROWID\s*$/i.test(sql) ? '' : ' order by rowid';
    snapshot[name] = terminal.ctx.sqlite.prepare(`select * from "${name}"${order}`).all();
  }
  return snapshot;
}

import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The process boundaries are lint errors (eslint.config.js). Each case lints a small probe file
 * that exists only for ESLint (lintText with a path inside the folder under test), so nothing is
 * written into the source tree that other tools could pick up.
 */
const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)) });

async function boundaryMessages(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  it('reports a renderer file importing main/', async () => {
    const messages = await boundaryMessages(
      'renderer/boundary-probe.tsx',
      "import { createTerminal } from '../main/terminal.ts';\nexport const probe = createTerminal;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('../main/terminal.ts');
    expect(messages[0]).toContain('window.pos');
  });

  it.each([
    ['renderer/orders/probe.tsx', "import type { Sqlite } from '../../db/connection.ts';"],
    ['renderer/probe.ts', "import type { Terminal } from '../main/terminal.ts';"],
    ['renderer/probe.ts', "import { readFile } from 'node:fs/promises';"],
    ['renderer/probe.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/probe.ts', "import { x } from '../preload/preload.ts';"],
    ['preload/probe.ts', "import { createTerminal } from '../main/terminal.ts';"],
    ['preload/probe.ts', "import { formatMoney } from '../common/money.ts';"],
    ['common/probe.ts', "import { DomainError } from '../main/errors.ts';"],
    ['common/probe.ts', "import Database from 'better-sqlite3';"],
    ['server/probe.ts', "import { createTerminal } from '../main/terminal.ts';"],
    ['server/store/probe.ts', "import { openDatabase } from '../../db/connection.ts';"],
    ['main/orders/probe.ts', "import { x } from '../../server/app.ts';"],
    ['main/probe.ts', "import { App } from '../renderer/App.tsx';"],
    ['main/host/probe.ts', "import { app } from 'electron';"],
  ])('reports %s importing across a boundary: %s', async (file, line) => {
    expect(await boundaryMessages(file, `${line}\nexport {};\n`)).not.toEqual([]);
  });

  it.each([
    ['renderer/orders/probe.tsx', "import { formatMoney } from '../../common/money.ts';"],
    ['renderer/orders/probe.tsx', "import { App } from '../App.tsx';"],
    ['renderer/probe.ts', "import { useState } from 'react';"],
    ['preload/probe.ts', "import { IPC_INVOKE_CHANNEL } from '../common/ipc-channels.ts';"],
    ['preload/probe.ts', "import type { PosApi } from '../common/ipc-contract.ts';"],
    ['preload/probe.ts', "import { contextBridge } from 'electron';"],
    ['common/probe.ts', "import { z } from 'zod';"],
    ['common/probe.ts', "import { uuid } from './ids.ts';"],
    ['server/store/probe.ts', "import { schema } from '../db/schema.ts';"],
    ['main/host/probe.ts', "import type { App } from 'electron';"],
    ['main/electron/probe.ts', "import { app } from 'electron';"],
    ['main/orders/probe.test.ts', "import { x } from '../../server/app.ts';"],
    ['e2e/probe.ts', "import { x } from '../server/app.ts';"],
  ])('allows %s: %s', async (file, line) => {
    expect(await boundaryMessages(file, `${line}\nexport {};\n`)).toEqual([]);
  });
});

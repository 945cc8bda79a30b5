import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.ts';

const start = fileURLToPath(new URL('./start.ts', import.meta.url));
const dataDir = fileURLToPath(new URL('../.data', import.meta.url));
const electron = findElectronBinary();
if (electron) console.log(`scripts/start.test.ts: skipped, an Electron binary exists (${electron}) and npm start would open it`);

describe.skipIf(electron !== null)('npm start without Electron (headless)', () => {
  it('refuses bad POS_* settings before starting anything, naming the setting', () => {
    const hadData = existsSync(dataDir);
    for (const [env, message] of [
      [{ POS_MODE: 'kiosk' }, 'adminPinHash: is required in kiosk mode'],
      [{ POS_CURRENCY: 'XYZ' }, 'currency: is not a currency this terminal knows'],
      [{ POS_PORT: 'eighty' }, 'POS_PORT must be a port number'],
    ] as const) {
      const run = spawnSync(process.execPath, [start], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
      expect(run.status, JSON.stringify(env)).toBe(1);
      expect(run.stderr).toContain(`Counter POS cannot start: `);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    }
    expect(existsSync(dataDir)).toBe(hadData); // no demo backend was started
  });
});

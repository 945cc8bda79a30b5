import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAdminPin } from '../settings/admin-pin.ts';
import { loadShellConfig, lockedByEnvironment, serverUrlSource, terminalSettings } from './shell-config.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'counter-pos-config-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const writeConfig = (value: unknown) => writeFile(join(dir, 'config.json'), typeof value === 'string' ? value : JSON.stringify(value));

describe('loadShellConfig', () => {
  it('starts from defaults without a file', () => {
    expect(loadShellConfig(dir, {})).toMatchObject({ serverUrl: 'http://127.0.0.1:8080', deviceId: 'till-1', mode: 'counter', currency: 'EUR' });
  });

  it('reads the file, and environment variables override it', async () => {
    await writeConfig({ serverUrl: 'http://shop.local:8080', deviceId: 'till-7', currency: 'GBP' });
    expect(loadShellConfig(dir, { POS_DEVICE_ID: 'till-9', POS_SERVER_URL: '' })).toMatchObject({ serverUrl: 'http://shop.local:8080', deviceId: 'till-9', currency: 'GBP' });
  });

  it('takes a device name, from the file or POS_DEVICE_NAME; only environment variables fix settings for the counter', async () => {
    await writeConfig({ deviceName: 'Front counter', currency: 'GBP' });
    expect(loadShellConfig(dir, {})).toMatchObject({ deviceName: 'Front counter' });
    expect(loadShellConfig(dir, { POS_DEVICE_NAME: 'Kiosk 2' })).toMatchObject({ deviceName: 'Kiosk 2' });
    expect(lockedByEnvironment({ POS_SERVER_URL: 'http://shop.local', POS_DEVICE_ID: 'till-3', POS_CURRENCY: '', POS_DEVICE_NAME: 'Kiosk 2' })).toEqual({
      serverUrl: 'POS_SERVER_URL',
      deviceName: 'POS_DEVICE_NAME',
    });
  });

  it('names every bad field where it was given: in the file, or by its environment variable', async () => {
    const file = join(dir, 'config.json');
    await writeConfig({ serverUrl: 'nope', deviceId: 'till 1', colour: 'red' });
    expect(() => loadShellConfig(dir, {})).toThrow(`serverUrl in ${file}: must be an http or https URL`);
    expect(() => loadShellConfig(dir, {})).toThrow(`deviceId in ${file}: `);
    expect(() => loadShellConfig(dir, {})).toThrow(`${file}: Unrecognized key: "colour"`);
    await writeConfig({ deviceId: 'till-2' });
    // The variable, not the file that does not set it, is what to fix.
    expect(() => loadShellConfig(dir, { POS_SERVER_URL: 'not-a-url' })).toThrow(/^invalid settings: POS_SERVER_URL: must be an http or https URL/);
    expect(() => loadShellConfig(dir, { POS_SERVER_URL: 'not-a-url' })).not.toThrow(/config\.json/);
  });

  it('tells where the server address comes from: the environment, the file, or the default', async () => {
    expect(serverUrlSource(dir, {})).toBeNull();
    await writeConfig({ serverUrl: 'http://shop.local:8080' });
    expect(serverUrlSource(dir, {})).toBe('config.json');
    expect(serverUrlSource(dir, { POS_SERVER_URL: 'http://other.local' })).toBe('POS_SERVER_URL');
    expect(serverUrlSource(dir, { POS_SERVER_URL: '' })).toBe('config.json');
  });

  it('takes the number of daily database copies kept (7 without it), a whole number from 0 to 90', async () => {
    expect(loadShellConfig(dir, {}).backupsKept).toBe(7);
    await writeConfig({ backupsKept: 3 });
    expect(terminalSettings(loadShellConfig(dir, {}))).toMatchObject({ backupsKept: 3 });
    await writeConfig({ backupsKept: 2.5 });
    expect(() => loadShellConfig(dir, {})).toThrow(/backupsKept/);
  });

  it('refuses a file that is not a JSON object', async () => {
    await writeConfig('{ serverUrl: ');
    expect(() => loadShellConfig(dir, {})).toThrow(/not valid JSON/);
    await writeConfig('[]');
    expect(() => loadShellConfig(dir, {})).toThrow(/JSON object/);
  });

  it('needs an admin PIN hash for kiosk mode', () => {
    expect(() => loadShellConfig(dir, { POS_MODE: 'kiosk' })).toThrow(/adminPinHash: is required in kiosk mode/);
    const config = loadShellConfig(dir, { POS_MODE: 'kiosk', POS_ADMIN_PIN_HASH: hashAdminPin('123456') });
    expect(config.mode).toBe('kiosk');
    expect(terminalSettings(config)).not.toHaveProperty('adminPinHash');
    expect(terminalSettings(config)).not.toHaveProperty('mode');
  });
});

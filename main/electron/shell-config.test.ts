import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAdminPin } from '../settings/admin-pin.ts';
import { loadShellConfig, lockedByEnvironment, packagedStartRefusal, serverUrlSource, terminalSettings } from './shell-config.ts';

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
    await writeConfig({ serverUrl: 'https://shop.local:8443', deviceId: 'till-7', currency: 'GBP' });
    expect(loadShellConfig(dir, { POS_DEVICE_ID: 'till-9', POS_SERVER_URL: '' })).toMatchObject({ serverUrl: 'https://shop.local:8443', deviceId: 'till-9', currency: 'GBP' });
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

  it('refuses a device token no request can carry (RFC 6750 b64token), naming where it was given', async () => {
    for (const token of ['tök€n-for-till-1', 'two words', 'tab\there', 'line\nbreak', 'trailing=x', '=']) {
      expect(() => loadShellConfig(dir, { POS_DEVICE_TOKEN: token }), token).toThrow(/^invalid settings: POS_DEVICE_TOKEN: must be a bearer token/);
    }
    await writeConfig({ deviceToken: 'tök€n' });
    expect(() => loadShellConfig(dir, {})).toThrow(`deviceToken in ${join(dir, 'config.json')}: must be a bearer token`);
    for (const token of ['dev-token-till-1', 'aB9-._~+/xyz==', 'eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo']) {
      expect(loadShellConfig(dir, { POS_DEVICE_TOKEN: token }).deviceToken).toBe(token);
    }
  });

  it('refuses a server URL no request can be sent to: user:password@, a query or a fragment', async () => {
    const refusals: Array<[string, RegExp]> = [
      ['http://shop:secret@127.0.0.1:8080', /^invalid settings: POS_SERVER_URL: must not hold a user name or password/],
      ['http://shop@127.0.0.1:8080', /^invalid settings: POS_SERVER_URL: must not hold a user name or password/],
      // The client resolves its paths against the address: /pos and the query would both be lost.
      ['http://127.0.0.1:8080/pos?store=1', /^invalid settings: POS_SERVER_URL: must not have a query \(\?…\) or a fragment/],
      ['http://127.0.0.1:8080/pos?', /POS_SERVER_URL: must not have a query/],
      ['http://127.0.0.1:8080/pos#main', /POS_SERVER_URL: must not have a query/],
    ];
    for (const [url, refused] of refusals) expect(() => loadShellConfig(dir, { POS_SERVER_URL: url }), url).toThrow(refused);
    await writeConfig({ serverUrl: 'https://shop:secret@pos.example.com' });
    expect(() => loadShellConfig(dir, {})).toThrow(`serverUrl in ${join(dir, 'config.json')}: must not hold a user name or password`);
    // One problem, said once: a URL that is no URL is not also said to hold a query.
    expect(() => loadShellConfig(dir, { POS_SERVER_URL: 'nope?x' })).toThrow(/^invalid settings: POS_SERVER_URL: must be an http or https URL such as http:\/\/127\.0\.0\.1:8080$/);
    expect(loadShellConfig(dir, { POS_SERVER_URL: 'https://pos.example.com:8443/store-7/' }).serverUrl).toBe('https://pos.example.com:8443/store-7/');
  });

  it('refuses a plain http server address off this machine (the device token would cross the network in clear), naming where it was given', async () => {
    for (const url of ['http://shop.local:8080', 'http://192.168.1.20:8080', 'http://127.0.0.1.nip.io/', 'http://[::ffff:127.0.0.1]/', 'http://localhost./']) {
      expect(() => loadShellConfig(dir, { POS_SERVER_URL: url }), url).toThrow(/^invalid settings: POS_SERVER_URL: must use https \(http only to this machine/);
    }
    await writeConfig({ serverUrl: 'http://pos.example.com' });
    expect(() => loadShellConfig(dir, {})).toThrow(`invalid settings: serverUrl in ${join(dir, 'config.json')}: must use https`);
    // To this machine plain http is fine (the reference server, a local TLS proxy); https anywhere.
    for (const url of ['http://127.0.0.1:8080', 'http://127.0.0.53:8080', 'http://localhost:8080', 'http://[::1]:8080/', 'https://pos.example.com', 'https://192.168.1.20:8443']) {
      expect(loadShellConfig(dir, { POS_SERVER_URL: url }).serverUrl, url).toBe(url);
    }
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

  it('says where a broken file breaks, by line and column, never quoting it (it may hold the token)', async () => {
    const file = join(dir, 'config.json');
    const token = 'sEcReT-t0ken-4f9a2c';
    const messageFor = (text: string) => {
      try {
        loadShellConfig(dir, {});
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`accepted: ${text}`);
    };
    const broken: Array<[string, string]> = [
      // A missing comma after the token: V8 would quote the text around it.
      [`{\n  "deviceId": "till-2",\n  "deviceToken": "${token}"\n  "mode": "counter"\n}`, `${file} is not valid JSON at line 4, column 3`],
      // The token unquoted: V8's message has no position but quotes it.
      [`{"deviceToken": ${token}}`, `${file} is not valid JSON`],
      [`{"deviceToken": "${token}`, `${file} is not valid JSON at line 1, column ${`{"deviceToken": "${token}`.length + 1}`],
      [`{"deviceToken": "${token}"`, `${file} is not valid JSON at line 1, column ${`{"deviceToken": "${token}"`.length + 1}`],
    ];
    for (const [text, expected] of broken) {
      await writeConfig(text);
      const message = messageFor(text);
      expect(message, text).toBe(expected);
      expect(message).not.toContain(token.slice(0, 6));
    }
  });

  it('refuses a packaged start without a device token, naming the variable and the key; a development run may use the demo token', () => {
    expect(packagedStartRefusal({ deviceToken: undefined }, true)).toMatch(/POS_DEVICE_TOKEN.*deviceToken in config\.json/);
    expect(packagedStartRefusal({ deviceToken: 'store-issued-token' }, true)).toBeNull();
    expect(packagedStartRefusal({ deviceToken: undefined }, false)).toBeNull();
    expect(packagedStartRefusal(loadShellConfig(dir, { POS_DEVICE_TOKEN: 'abc' }), true)).toBeNull();
    expect(packagedStartRefusal(loadShellConfig(dir, {}), true)).not.toBeNull();
  });

  it('needs an admin PIN hash for kiosk mode', () => {
    expect(() => loadShellConfig(dir, { POS_MODE: 'kiosk' })).toThrow(/adminPinHash: is required in kiosk mode/);
    expect(() => loadShellConfig(dir, { POS_MODE: 'kiosk' })).toThrow(/set POS_ADMIN_PIN_HASH, or adminPinHash in config\.json, to a hash made by `node scripts\/hash-admin-pin\.ts <PIN>`/);
    const config = loadShellConfig(dir, { POS_MODE: 'kiosk', POS_ADMIN_PIN_HASH: hashAdminPin('123456') });
    expect(config.mode).toBe('kiosk');
    expect(terminalSettings(config)).not.toHaveProperty('adminPinHash');
    expect(terminalSettings(config)).not.toHaveProperty('mode');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EDITABLE_SETTINGS, TerminalMode } from '../../common/settings.ts';
import type { LockedBy } from '../settings/terminal-settings.ts';
import { TerminalConfig, type TerminalConfigInput } from '../terminal.ts';

/** The desktop app's settings file, in Electron's userData folder. */
export const CONFIG_FILE_NAME = 'config.json';

export const ShellConfig = TerminalConfig.omit({ dataDir: true })
  .extend({
    /** `kiosk`: a locked full-screen window for self-service; `counter`: an ordinary window for staff. */
    mode: TerminalMode.default('counter'),
    /** scrypt hash of the admin PIN that closes a kiosk (make one with `node scripts/hash-admin-pin.ts`). */
    adminPinHash: z
      .string()
      .regex(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/, { error: 'must be a hash made by scripts/hash-admin-pin.ts' })
      .optional(),
  })
  .refine((config) => config.mode !== 'kiosk' || config.adminPinHash !== undefined, {
    path: ['adminPinHash'],
    error:
      'is required in kiosk mode (only an admin PIN may close the kiosk): set POS_ADMIN_PIN_HASH, or adminPinHash in config.json, to a hash made by `node scripts/hash-admin-pin.ts <PIN>`',
  });
export type ShellConfig = z.output<typeof ShellConfig>;

/** The server's address when none is given: where `npm run server -- --port 8080` and the demo backend listen. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';

const DEFAULTS = { serverUrl: DEFAULT_SERVER_URL, deviceId: 'till-1' };

/** Environment variables that override the file, for a store's deployment scripts and tests. */
const ENV_OVERRIDES = {
  POS_SERVER_URL: 'serverUrl',
  POS_DEVICE_ID: 'deviceId',
  POS_DEVICE_TOKEN: 'deviceToken',
  POS_DEVICE_NAME: 'deviceName',
  POS_CURRENCY: 'currency',
  POS_MODE: 'mode',
  POS_ADMIN_PIN_HASH: 'adminPinHash',
} as const;

/** `<userData>/config.json` as an object of settings (empty when there is no file); throws naming the file when it is not one. */
function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON${whereJsonBreaks(text, (error as Error).message)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file} must hold a JSON object of settings`);
  }
  return data as Record<string, unknown>;
}

/**
 * Where a JSON text breaks, as " at line L, column C" (or "" when the parser does not say). Never
 * V8's own message: it quotes the text around the fault, which in config.json may be the device
 * token, and the message goes to the error box and the log.
 */
export function whereJsonBreaks(text: string, parserMessage: string): string {
  const position = /at position (\d+)/.exec(parserMessage)?.[1];
  const offset = position !== undefined ? Number(position) : /^Unexpected end of JSON input/.test(parserMessage) ? text.length : null;
  if (offset === null) return '';
  const before = text.slice(0, offset).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** The settings the environment gives, by setting (an empty variable gives none). */
function readEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const fromEnv: Record<string, string> = {};
  for (const [variable, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  return fromEnv;
}

/**
 * Defaults, then `<userData>/config.json`, then environment overrides; validated as a whole.
 * Throws an Error naming every bad setting where it was given (the variable, or the file), for
 * the start-up error box.
 */
export function loadShellConfig(userDataDir: string, env: Record<string, string | undefined>): ShellConfig {
  const file = join(userDataDir, CONFIG_FILE_NAME);
  const fromFile = readConfigFile(file);
  const fromEnv = readEnvironment(env);
  const parsed = ShellConfig.safeParse({ ...DEFAULTS, ...fromFile, ...fromEnv });
  if (!parsed.success) {
    const where = (key: string) => {
      const variable = Object.entries(ENV_OVERRIDES).find(([, setting]) => setting === key && key in fromEnv)?.[0];
      return variable ?? (key in fromFile ? `${key} in ${file}` : key);
    };
    const problems = parsed.error.issues.slice(0, 5).map((issue) => {
      const key = issue.path[0];
      return typeof key === 'string' ? `${where(key)}: ${issue.message}` : `${file}: ${issue.message}`;
    });
    throw new Error(`invalid settings: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Where the server's address was given: its environment variable, the settings file, or nowhere (the default). */
export function serverUrlSource(userDataDir: string, env: Record<string, string | undefined>): 'POS_SERVER_URL' | typeof CONFIG_FILE_NAME | null {
  if ('serverUrl' in readEnvironment(env)) return 'POS_SERVER_URL';
  return 'serverUrl' in readConfigFile(join(userDataDir, CONFIG_FILE_NAME)) ? CONFIG_FILE_NAME : null;
}

/**
 * The settings an environment variable fixes: the counter shows them but may not change them
 * (a deployment that sets POS_SERVER_URL means it). Settings from config.json stay editable;
 * what the staff save is kept in the terminal's database and stands over the file.
 */
export function lockedByEnvironment(env: Record<string, string | undefined>): LockedBy {
  const given = readEnvironment(env);
  const locked: LockedBy = {};
  for (const [variable, key] of Object.entries(ENV_OVERRIDES)) {
    const editable = EDITABLE_SETTINGS.find((setting) => setting === key);
    if (editable && key in given) locked[editable] = variable;
  }
  return locked;
}

/**
 * Why a packaged app must not start with these settings, or null. Without a `deviceToken` the
 * terminal would send `dev-token-<deviceId>` (main/terminal.ts), which anyone can guess; that is
 * for development and the demo backend, never a till. Pure, for the shell and its tests.
 */
export function packagedStartRefusal(config: Pick<ShellConfig, 'deviceToken'>, isPackaged: boolean): string | null {
  if (!isPackaged || config.deviceToken !== undefined) return null;
  return `no device token is configured: set POS_DEVICE_TOKEN, or deviceToken in ${CONFIG_FILE_NAME} in the app's data folder, to the token the store's backend knows this terminal by`;
}

/** The part of the settings the terminal's services take (TerminalConfig is strict). */
export function terminalSettings(config: ShellConfig): Omit<TerminalConfigInput, 'dataDir'> {
  const { mode: _mode, adminPinHash: _adminPinHash, ...terminal } = config;
  return terminal;
}

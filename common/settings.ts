import { z } from 'zod';
import { Timestamp } from './backend-api.ts';
import { currencyCode } from './money.ts';
import { PaymentMethod } from './entities.ts';

/**
 * The terminal's settings the staff may change at the counter (SPEC §5 "settings"), one
 * definition for the config file, the IPC contract and the settings screen. The language is
 * the UI's own choice (each window keeps it) and is not here.
 */

const parsedUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined; // refused as no URL already
  }
};

/**
 * Whether a URL's host is this machine: localhost, 127.0.0.0/8 or ::1 (URL has already put
 * 127.1 or 2130706433 in dotted form and ::1 in brackets).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Where this store's backend answers: an address every request can be sent to. fetch refuses one
 * holding `user:password@`, and the HTTP client resolves its paths against it
 * (main/sync/http-client.ts), which would drop a query or a fragment and the path before it.
 * Every request carries the device's bearer token, so plain http only to this machine (the
 * reference server, a local proxy): over a network the token would travel in clear text.
 */
export const serverUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL such as http://127.0.0.1:8080' })
  .refine((value) => parsedUrl(value)?.protocol !== 'http:' || isLoopbackHost(parsedUrl(value)!.hostname), {
    error: 'must use https (http only to this machine: localhost, 127.x.x.x or [::1]), since every request carries the device token',
  })
  .refine((value) => !parsedUrl(value)?.username && !parsedUrl(value)?.password, {
    error: 'must not hold a user name or password (user:password@): no request can be sent with them',
  })
  .refine((value) => parsedUrl(value) === undefined || !/[?#]/.test(value), {
    error: 'must not have a query (?…) or a fragment (#…): the terminal adds its own paths to the address',
  });

/** The name staff and receipts know this terminal by ("Front counter"); the device id stays the server's. */
export const deviceName = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(40, { error: 'must be at most 40 characters' })
  .regex(/^[^\p{Cc}]*$/u, { error: 'must not contain control characters' });

export const EDITABLE_SETTINGS = ['serverUrl', 'deviceName', 'currency'] as const;
export type EditableSetting = (typeof EDITABLE_SETTINGS)[number];

export const EditableSettings = z.strictObject({ serverUrl, deviceName, currency: currencyCode });
export type EditableSettings = z.output<typeof EditableSettings>;

/**
 * The admin PIN as typed (settings changes, a kiosk's staff session, leaving the kiosk): 6 to 12
 * digits, so that five guesses an hour at the lockout's longest leave a million to try.
 */
export const adminPin = z.string().regex(/^\d{6,12}$/, { error: 'must be 6–12 digits' });

/** What `settings.update` takes: any of the settings, and the admin PIN where one is configured. */
export const SettingsUpdate = EditableSettings.partial().extend({
  adminPin: adminPin.optional(),
});
export type SettingsUpdate = z.output<typeof SettingsUpdate>;

export const SettingsView = EditableSettings.extend({
  /** Settings fixed where the terminal was started (an environment variable, the demo start), by what. */
  lockedBy: z.partialRecord(z.enum(EDITABLE_SETTINGS), z.string()),
  /** Whether a change needs the admin PIN (one is configured, as every kiosk has). */
  pinRequired: z.boolean(),
  /** The device id the server knows this terminal by (not editable here). */
  deviceId: z.string(),
});
export type SettingsView = z.output<typeof SettingsView>;

/** `counter`: staff at the till; `kiosk`: self-service, where staff screens and commands need the admin PIN. */
export const TerminalMode = z.enum(['counter', 'kiosk']);
export type TerminalMode = z.output<typeof TerminalMode>;

/** Whether staff commands may run now: always at a counter; at a kiosk, for a while after the admin PIN. */
export const StaffStatus = z.object({
  mode: TerminalMode,
  unlocked: z.boolean(),
  /** At a kiosk, when the staff session locks by itself unless used (ISO time); null when locked or at a counter. */
  locksAt: z.string().nullable(),
  /**
   * The payment methods that may be taken now: every one at a counter or in a staff session; at a
   * kiosk otherwise only those the payment terminal collects itself (card, gift card), since no
   * one is there to take cash, a cheque or anything else.
   */
  paymentMethods: z.array(PaymentMethod),
});
export type StaffStatus = z.output<typeof StaffStatus>;

/** The daily copies of the terminal's database (db/backups.ts), as the settings screen shows them. */
export const BackupsView = z.object({
  /** False where the terminal was started without them. */
  enabled: z.boolean(),
  /** The folder they are kept in. */
  dir: z.string(),
  /** The newest copy, if any. */
  latest: z.object({ file: z.string(), takenAt: Timestamp }).nullable(),
  /** How many copies are there now. */
  kept: z.number().int().nonnegative(),
  /** How many the terminal keeps (the newest; older ones are removed after each copy); 0 when off. */
  keep: z.number().int().nonnegative(),
  /**
   * The last copy that could not be made, until one is: `damaged` when SQLite's check found
   * damage in it (so in the live data; db/backups.ts), with what it said; null after a good copy.
   */
  failure: z.object({ at: Timestamp, damaged: z.boolean(), detail: z.string() }).nullable(),
});
export type BackupsView = z.output<typeof BackupsView>;

import type { Problem } from '../../common/problem.ts';
import {
  EDITABLE_SETTINGS,
  EditableSettings,
  isLoopbackHost,
  type EditableSetting,
  type SettingsUpdate,
  type SettingsView,
} from '../../common/settings.ts';
import { inTransaction, type Context } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { AdminPinGate } from './admin-pin.ts';

/** Where the settings changed at the counter are kept (device_settings), over the ones started with. */
export const SAVED_SETTINGS_KEY = 'terminal.settings';

export type LockedBy = Partial<Record<EditableSetting, string>>;

export interface SettingsOptions {
  /** Settings fixed where the terminal was started, by what (`POS_SERVER_URL`): shown, never changed here. */
  lockedBy?: LockedBy;
  /** Where an admin PIN is configured, every change needs it (one gate per terminal, shared with the kiosk's exit). */
  adminPin?: AdminPinGate | null;
}

/**
 * The settings in force: those saved at the counter over those the terminal was started with,
 * except the locked ones. A saved value that no longer passes validation is left out, and said in
 * `ignored` (unless the start fixed that setting, which leaves every saved value out): a terminal
 * that went on with another server address than the one the staff saved must say why, not only
 * log it. Pure.
 */
export function effectiveSettings(
  started: EditableSettings,
  saved: unknown,
  lockedBy: LockedBy,
): { settings: EditableSettings; ignored: Problem[] } {
  const { values, ignored } = readSaved(saved);
  const settings = { ...started };
  for (const field of EDITABLE_SETTINGS) {
    if (values[field] !== undefined && lockedBy[field] === undefined) Object.assign(settings, { [field]: values[field] });
  }
  return { settings, ignored: ignored.filter((problem) => lockedBy[problem.params?.field as EditableSetting] === undefined) };
}

/** The valid fields of what was saved, each checked on its own. */
function readSaved(saved: unknown): { values: Partial<EditableSettings>; ignored: Problem[] } {
  const values: Partial<EditableSettings> = {};
  const ignored: Problem[] = [];
  const record = typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? (saved as Record<string, unknown>) : {};
  for (const field of EDITABLE_SETTINGS) {
    if (!(field in record)) continue;
    const parsed = EditableSettings.shape[field].safeParse(record[field]);
    if (parsed.success) Object.assign(values, { [field]: parsed.data });
    else ignored.push(ignoredSetting(field, record[field], parsed.error.issues[0]?.message ?? 'invalid'));
  }
  return { values, ignored };
}

/**
 * Why a saved setting was left out. `plain_http`: a server address an earlier version took, plain
 * http to another machine, which would send the device token in clear text; said with the address
 * (scheme, host and path only: whatever else it held, such as a password, stays off the screen).
 */
export function ignoredSetting(field: EditableSetting, value: unknown, detail: string): Problem {
  const url = field === 'serverUrl' && typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    const address = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
    return {
      code: 'saved_setting_ignored',
      params: { reason: 'plain_http', field, value: address, detail },
      message: `the saved ${field} ${address} was ignored: ${detail}`,
    };
  }
  return { code: 'saved_setting_ignored', params: { reason: 'invalid', field, detail }, message: `the saved ${field} was ignored: ${detail}` };
}

/**
 * The terminal's editable settings (SPEC §5): read at start, changed by `settings.update`,
 * saved in the terminal's database and applied at once (listeners retarget the sync engine,
 * price new orders in the new currency). Refusals change nothing.
 */
export class TerminalSettings {
  private readonly ctx: Context;
  private readonly deviceId: string;
  private readonly lockedBy: LockedBy;
  private readonly gate: AdminPinGate | null;
  private values: EditableSettings;
  /** The saved settings left out at start (`effectiveSettings`), until a save rewrites them. */
  private ignoredAtStart: Problem[];
  private readonly listeners = new Set<(next: EditableSettings, previous: EditableSettings) => void>();

  constructor(ctx: Context, started: EditableSettings, options: SettingsOptions = {}) {
    this.ctx = ctx;
    this.deviceId = ctx.deviceId;
    this.lockedBy = options.lockedBy ?? {};
    this.gate = options.adminPin ?? null;
    // The gate's count of wrong PINs lives beside the settings, so a restart does not reset it.
    this.gate?.keepAttemptsIn(ctx.stores.settings);
    const { settings, ignored } = effectiveSettings(started, ctx.stores.settings.get(SAVED_SETTINGS_KEY), this.lockedBy);
    if (ignored.length > 0) console.warn(`saved settings left out (the started ones stand): ${ignored.map((p) => p.message).join('; ')}`);
    this.values = settings;
    this.ignoredAtStart = ignored;
  }

  get current(): Readonly<EditableSettings> {
    return this.values;
  }

  /** The saved settings left out at start, each with why (shown with the terminal's info). */
  get ignored(): readonly Problem[] {
    return this.ignoredAtStart;
  }

  view(): SettingsView {
    return { ...this.values, lockedBy: { ...this.lockedBy }, pinRequired: this.gate !== null, deviceId: this.deviceId };
  }

  /** Called after each change is saved, with the settings before it. */
  onChange(listener: (next: EditableSettings, previous: EditableSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(input: SettingsUpdate): SettingsView {
    const { adminPin, ...asked } = input;
    const changes: Partial<EditableSettings> = {};
    for (const field of EDITABLE_SETTINGS) {
      const value = asked[field];
      if (value !== undefined && value !== this.values[field]) Object.assign(changes, { [field]: value });
    }
    const fields = Object.keys(changes) as EditableSetting[];
    if (fields.length === 0) return this.view();
    for (const field of fields) {
      const by = this.lockedBy[field];
      if (by) throw new DomainError('locked', `${field}: is set by ${by} where this terminal was started; change it there`, { field, by });
    }
    if (this.gate) {
      if (adminPin === undefined) throw new DomainError('pin_required', 'adminPin: the admin PIN is needed to change settings');
      const verdict = this.gate.check(adminPin);
      if (!verdict.ok) throw new DomainError('forbidden', `adminPin: ${verdict.message}`, verdict.params);
    }
    inTransaction(this.ctx, () => {
      if (changes.currency !== undefined) {
        // Every active order, not only InProgress ones: an order in delivery still takes lines and payments.
        const open = this.ctx.stores.orders.countActive();
        if (open > 0) {
          throw new DomainError(
            'orders_in_progress',
            `currency: ${open} order${open === 1 ? ' is' : 's are'} open in ${this.values.currency}; complete or delete ${open === 1 ? 'it' : 'them'} first`,
            { count: open, currency: this.values.currency },
          );
        }
      }
      const { values } = readSaved(this.ctx.stores.settings.get(SAVED_SETTINGS_KEY));
      this.ctx.stores.settings.set(SAVED_SETTINGS_KEY, { ...values, ...changes });
    });
    // The save kept only the valid saved values: nothing left out stays saved.
    this.ignoredAtStart = [];
    const previous = this.values;
    this.values = { ...previous, ...changes };
    for (const listener of this.listeners) listener(this.values, previous);
    this.ctx.events.emit('settings.changed', { ...this.values });
    return this.view();
  }
}

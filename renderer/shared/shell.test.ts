import { describe, expect, it } from 'vitest';
import type { PosApi, Result } from '../../common/ipc-contract.ts';
import { refusal } from '../../common/refusals.ts';
import { receiptPrinting, receiptPrintingOf } from './shell.ts';

/** A bridge answering `staff.status` and `shell.capabilities` as told, counting what it was asked. */
function bridge(answers: { mode: 'counter' | 'kiosk' | Error; capabilities: { silentPrint: boolean } | 'unknown_command' | Error }) {
  const asked: string[] = [];
  const invoke = (name: string): Promise<Result<unknown>> => {
    asked.push(name);
    if (name === 'staff.status') {
      const { mode } = answers;
      return Promise.resolve(mode instanceof Error ? { ok: false, error: refusal('disconnected', mode.message) } : { ok: true, value: { mode, unlocked: false, locksAt: null, paymentMethods: [] } });
    }
    const { capabilities } = answers;
    if (capabilities === 'unknown_command') return Promise.resolve({ ok: false, error: refusal('unknown_command', 'no shell') });
    if (capabilities instanceof Error) return Promise.resolve({ ok: false, error: refusal('not_sent', capabilities.message) });
    return Promise.resolve({ ok: true, value: { exitKiosk: capabilities.silentPrint, ...capabilities } });
  };
  return { asked, pos: { invoke, on: () => () => {} } as unknown as PosApi };
}

describe('receipt printing', () => {
  it('at a kiosk only silently: never the dialog, whose "print to file" is a way out of the kiosk', () => {
    expect(receiptPrinting('kiosk', { exitKiosk: true, silentPrint: true })).toBe('silent');
    expect(receiptPrinting('kiosk', { exitKiosk: false, silentPrint: false })).toBeNull(); // no shell (browser host)
    expect(receiptPrinting('kiosk', null)).toBeNull(); // the shell not asked yet, or asking failed
    expect(receiptPrinting(null, null)).toBeNull(); // not even known to be a counter
    expect(receiptPrinting(null, { exitKiosk: false, silentPrint: false })).toBeNull();
  });

  it('at the counter through the dialog, unless the shell prints silently', () => {
    expect(receiptPrinting('counter', null)).toBe('dialog');
    expect(receiptPrinting('counter', { exitKiosk: false, silentPrint: false })).toBe('dialog');
    expect(receiptPrinting('counter', { exitKiosk: false, silentPrint: true })).toBe('silent');
  });

  it('asks the terminal and the shell; a kiosk whose shell could not be asked prints nothing, and asks again next time', async () => {
    const kioskShell = bridge({ mode: 'kiosk', capabilities: { silentPrint: true } });
    expect(await receiptPrintingOf(kioskShell.pos)).toBe('silent');
    expect(await receiptPrintingOf(kioskShell.pos)).toBe('silent');
    expect(kioskShell.asked.sort()).toEqual(['shell.capabilities', 'staff.status']); // once each per bridge

    const failed = bridge({ mode: 'kiosk', capabilities: new Error('lost the connection') });
    expect(await receiptPrintingOf(failed.pos)).toBeNull();
    expect(await receiptPrintingOf(failed.pos)).toBeNull();
    expect(failed.asked.filter((name) => name === 'shell.capabilities')).toHaveLength(2);

    expect(await receiptPrintingOf(bridge({ mode: 'kiosk', capabilities: 'unknown_command' }).pos)).toBeNull();
    expect(await receiptPrintingOf(bridge({ mode: new Error('down'), capabilities: 'unknown_command' }).pos)).toBeNull();
    expect(await receiptPrintingOf(bridge({ mode: 'counter', capabilities: 'unknown_command' }).pos)).toBe('dialog');
    expect(await receiptPrintingOf(bridge({ mode: 'counter', capabilities: new Error('down') }).pos)).toBe('dialog');
  });
});

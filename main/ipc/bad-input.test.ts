import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../common/ipc-contract.ts';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';

/**
 * Every command fed bad input must answer `{ok:false}` with an error naming the problem and
 * leave the database exactly as it was.
 */
let t: TempTerminal;
let open: string;
let openLine: string;
let done: string;
let doneLine: string;
let payment: string;
const unknownId = '01a20000-0000-7000-8000-00000000dead';
const huge = 'x'.repeat(100_000);

beforeAll(async () => {
  t = tempTerminal();
  const o = await t.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 2, unitPrice: 500 }] });
  open = o.clientId;
  openLine = o.lines[0]!.lineId;
  payment = (await t.call('payments.record', { orderClientId: open, method: 'cash', amount: 400 })).transactions[0]!.txId;
  const d = await t.call('orders.create', { lines: [{ sku: 'B', name: 'B', qty: 1, unitPrice: 300 }] });
  await t.call('payments.record', { orderClientId: d.clientId, method: 'cash', amount: 300 });
  const sold = await t.call('sales.complete', { orderClientId: d.clientId });
  done = sold.clientId;
  doneLine = sold.lines[0]!.lineId;
});
afterAll(() => t.cleanup());

type Case = [name: string, command: string, input: () => unknown, code: string, message: RegExp];
const line = { sku: 'C', name: 'C', qty: 1, unitPrice: 100 };

const cases: Case[] = [
  ['unknown command', 'orders.explode', () => ({}), 'unknown_command', /unknown command "orders.explode"/],
  ['non-string command', 42 as unknown as string, () => ({}), 'unknown_command', /unknown command/],
  ['input not an object', 'orders.create', () => 'hello', 'invalid_input', /expected object/],
  ['unknown field', 'orders.create', () => ({ colour: 'red' }), 'invalid_input', /Unrecognized key: "colour"/],
  ['bad currency', 'orders.create', () => ({ currency: 'euro' }), 'invalid_input', /currency: must be an ISO 4217 code/],
  ['fractional price', 'orders.create', () => ({ lines: [{ ...line, unitPrice: 1.5 }] }), 'invalid_input', /lines\.0\.unitPrice: must be a whole number of minor units/],
  ['negative price', 'orders.addLine', () => ({ orderClientId: open, ...line, unitPrice: -1 }), 'invalid_input', /unitPrice: must not be negative/],
  ['NaN quantity', 'orders.addLine', () => ({ orderClientId: open, ...line, qty: Number.NaN }), 'invalid_input', /qty:/],
  ['zero quantity', 'orders.addLine', () => ({ orderClientId: open, ...line, qty: 0 }), 'invalid_input', /qty: must be at least 1/],
  ['qty as string', 'orders.addLine', () => ({ orderClientId: open, ...line, qty: '2' }), 'invalid_input', /qty:/],
  ['huge name', 'orders.addLine', () => ({ orderClientId: open, ...line, name: huge }), 'invalid_input', /name: must be at most 500 characters/],
  ['name above the backend’s 500', 'orders.addLine', () => ({ orderClientId: open, ...line, name: 'n'.repeat(501) }), 'invalid_input', /name: must be at most 500 characters/],
  ['sku above the backend’s 100', 'orders.create', () => ({ lines: [{ ...line, sku: 'S'.repeat(101) }] }), 'invalid_input', /lines\.0\.sku: must be at most 100 characters/],
  ['empty sku', 'orders.addLine', () => ({ orderClientId: open, ...line, sku: '   ' }), 'invalid_input', /sku: must not be empty/],
  ['huge amount', 'orders.addLine', () => ({ orderClientId: open, ...line, unitPrice: 1e16 }), 'invalid_input', /unitPrice: is too large/],
  ['discount above value', 'orders.addLine', () => ({ orderClientId: open, ...line, discount: 101 }), 'discount_too_large', /discount 101 exceeds/],
  ['add a line reusing another order’s lineId', 'orders.addLine', () => ({ orderClientId: open, ...line, lineId: doneLine }), 'duplicate_line', /lineId: line .* is a line of another order/],
  ['create with another order’s lineId', 'orders.create', () => ({ lines: [{ ...line, lineId: doneLine }] }), 'duplicate_line', /lineId: line .* is a line of another order/],
  ['add a line reusing a lineId of the order', 'orders.addLine', () => ({ orderClientId: open, ...line, lineId: openLine }), 'duplicate_line', /is already on the order/],
  ['add to a Done order reusing its lineId', 'orders.addLine', () => ({ orderClientId: done, ...line, lineId: doneLine }), 'order_final', /can no longer be changed/],
  ['not a uuid', 'orders.get', () => ({ orderClientId: 'abc' }), 'invalid_input', /orderClientId: must be a UUID/],
  ['unknown order', 'orders.addLine', () => ({ orderClientId: unknownId, ...line }), 'not_found', /order .* does not exist/],
  ['line change naming no change', 'orders.updateLine', () => ({ orderClientId: open, lineId: openLine }), 'invalid_input', /orders\.updateLine: must change at least one of name, qty, unitPrice, discount/],
  ['line change naming only undefined fields', 'orders.updateLine', () => ({ orderClientId: open, lineId: openLine, qty: undefined }), 'invalid_input', /must change at least one of/],
  ['unknown line', 'orders.updateLine', () => ({ orderClientId: open, lineId: unknownId, qty: 2 }), 'not_found', /line .* is not on the order/],
  ['edit a Done order', 'orders.addLine', () => ({ orderClientId: done, ...line }), 'order_final', /sold and closed/],
  ['remove a line of a Done order', 'orders.removeLine', () => ({ orderClientId: done, lineId: doneLine }), 'order_final', /Done/],
  ['customer of a Done order', 'orders.setCustomer', () => ({ orderClientId: done, customer: { name: 'X' } }), 'order_final', /Done/],
  ['status Done by hand', 'orders.setStatus', () => ({ orderClientId: open, status: 'Done' }), 'invalid_input', /status:/],
  ['delete an order holding payments', 'orders.delete', () => ({ orderClientId: open }), 'payments_held', /holds €4\.00/],
  ['overpay by card', 'payments.record', () => ({ orderClientId: open, method: 'card', amount: 601 }), 'overpayment', /exceeds the balance due €6\.00/],
  ['overpay by cheque', 'payments.record', () => ({ orderClientId: open, method: 'cheque', amount: 10_000 }), 'overpayment', /only cash may be tendered/],
  ['fractional payment', 'payments.record', () => ({ orderClientId: open, method: 'cash', amount: 0.01 }), 'invalid_input', /amount: must be a whole number/],
  ['negative payment', 'payments.record', () => ({ orderClientId: open, method: 'cash', amount: -5 }), 'invalid_input', /amount: must be greater than zero/],
  ['NaN payment', 'payments.record', () => ({ orderClientId: open, method: 'cash', amount: Number.NaN }), 'invalid_input', /amount:/],
  ['unknown method', 'payments.record', () => ({ orderClientId: open, method: 'bitcoin', amount: 1 }), 'invalid_input', /method:/],
  ['tendered below amount', 'payments.record', () => ({ orderClientId: open, method: 'cash', amount: 500, tendered: 100 }), 'invalid_tendered', /less than the amount/],
  ['pay a Done order', 'payments.record', () => ({ orderClientId: done, method: 'cash', amount: 1 }), 'order_final', /Done/],
  ['over-refund', 'payments.refund', () => ({ orderClientId: open, txId: payment, amount: 401 }), 'over_refund', /exceeds what is left/],
  ['refund unknown tx', 'payments.refund', () => ({ orderClientId: open, txId: unknownId, amount: 1 }), 'not_found', /not on this order/],
  ['reconcile unknown attempt', 'payments.reconcile', () => ({ attemptId: unknownId }), 'not_found', /payment attempt/],
  ['sale with balance due', 'sales.complete', () => ({ orderClientId: open }), 'balance_due', /€6\.00 still due/],
  ['sell twice', 'sales.complete', () => ({ orderClientId: done }), 'order_final', /Done/],
  ['server URL with user:password@', 'settings.update', () => ({ serverUrl: 'http://shop:secret@127.0.0.1:8080' }), 'invalid_input', /serverUrl: must not hold a user name or password/],
  ['server URL with a user name only', 'settings.update', () => ({ serverUrl: 'https://shop@pos.example.com' }), 'invalid_input', /serverUrl: must not hold a user name or password/],
  ['server URL with a query', 'settings.update', () => ({ serverUrl: 'http://127.0.0.1:8080/pos?store=1' }), 'invalid_input', /serverUrl: must not have a query \(\?…\) or a fragment/],
  ['server URL with a fragment', 'settings.update', () => ({ serverUrl: 'http://127.0.0.1:8080/pos#x' }), 'invalid_input', /serverUrl: must not have a query/],
  ['outbox with bad state', 'outbox.list', () => ({ states: ['lost'] }), 'invalid_input', /states\.0:/],
  ['finished orders limit zero', 'orders.listFinished', () => ({ limit: 0 }), 'invalid_input', /limit:/],
  ['finished orders search too long', 'orders.listFinished', () => ({ search: huge }), 'invalid_input', /search:/],
  ['outbox limit too large', 'outbox.list', () => ({ limit: 1e9 }), 'invalid_input', /limit:/],
];

describe('bad input changes nothing', () => {
  it.each(cases)('%s', async (_name, command, input, code, message) => {
    const before = snapshotDatabase(t.terminal);
    const result = await t.terminal.dispatch(command, input());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    expect(snapshotDatabase(t.terminal)).toEqual(before);
  });

  it('names the first field refused, for the UI to say it in the staff’s language', async () => {
    const url = await t.terminal.dispatch('settings.update', { serverUrl: 'ftp://shop.local' });
    expect(url).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { reason: 'serverUrl', field: 'serverUrl' } } });
    const credentials = await t.terminal.dispatch('settings.update', { serverUrl: 'http://shop:secret@127.0.0.1:8080' });
    expect(credentials).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { reason: 'serverUrl', field: 'serverUrl' } } });
    const price = await t.terminal.dispatch('orders.create', { lines: [{ ...line, unitPrice: 1.5 }] });
    expect(price).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { reason: 'unitPrice', field: 'lines.0.unitPrice' } } });
    // An element of a list: its path, with no name for words of its own.
    const element = await t.terminal.dispatch('orders.create', { lines: ['tea'] });
    expect(element).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { field: 'lines.0' } } });
    expect(element.ok === false && element.error.params).not.toHaveProperty('reason');
    // No field to name when the whole input is wrong, or names no change to make.
    const whole = await t.terminal.dispatch('orders.create', 'hello');
    expect(whole.ok === false && whole.error.params).toEqual({ reason: 'whole' });
    const nothing = await t.terminal.dispatch('orders.updateLine', { orderClientId: open, lineId: openLine });
    expect(nothing.ok === false && nothing.error.params).toEqual({ reason: 'whole' });
  });

  it('every command of the contract refuses a payload of the wrong type', async () => {
    for (const name of Object.keys(commands)) {
      const before = snapshotDatabase(t.terminal);
      const result = await t.terminal.dispatch(name, [1, 2, 3]);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(snapshotDatabase(t.terminal)).toEqual(before);
    }
  });
});

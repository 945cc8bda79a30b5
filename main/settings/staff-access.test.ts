import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { EventBus } from '../events.ts';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { AdminPinGate, hashAdminPin } from './admin-pin.ts';
import { STAFF_IDLE_MS, StaffAccess } from './staff-access.ts';

const PIN = '482913';
const hash = hashAdminPin(PIN);

/** A clock the test moves by hand. */
function handClock(start = Date.parse('2026-12-01T10:00:00.000Z')) {
  let now = start;
  const clock: Clock = { now: () => now, iso: () => new Date(now).toISOString() };
  return { clock, advance: (ms: number) => (now += ms) };
}

describe('staff commands', () => {
  const open: TempTerminal[] = [];
  afterEach(() => {
    for (const t of open.splice(0)) t.cleanup();
  });

  it('run at a counter without any PIN', async () => {
    const t = tempTerminal({}, { stateTimers: false });
    open.push(t);
    expect(await t.call('staff.status', {})).toEqual({ mode: 'counter', unlocked: true, locksAt: null, paymentMethods: ['cash', 'card', 'cheque', 'giftcard', 'other'] });
    const order = await t.call('orders.create', {});
    expect((await t.call('orders.setStatus', { orderClientId: order.clientId, status: 'Delayed' })).status).toBe('Delayed');
  });

  it('at a kiosk are refused until the admin PIN opens a staff session, which ends when locked or left unused', async () => {
    const { clock, advance } = handClock();
    const t = tempTerminal({}, { stateTimers: false, clock, mode: 'kiosk', adminPin: new AdminPinGate(hash, clock.now) });
    open.push(t);
    const told: unknown[] = [];
    t.terminal.on('staff.changed', (s) => told.push(s));
    // What a customer can do at a kiosk: order, pay by the payment terminal, buy.
    const order = await t.call('orders.create', { lines: [{ sku: 'C1', name: 'Coffee', qty: 1, unitPrice: 250 }] });
    const paid = await t.call('payments.record', { orderClientId: order.clientId, method: 'card', amount: 250 });
    const payment = paid.transactions[0]!;

    const before = snapshotDatabase(t.terminal);
    for (const [command, input] of [
      // Money no one at a kiosk takes: a customer could record it without handing any over.
      ['payments.record', { orderClientId: order.clientId, method: 'cash', amount: 100, tendered: 500 }],
      ['payments.record', { orderClientId: order.clientId, method: 'other', amount: 100 }],
      ['payments.record', { orderClientId: order.clientId, method: 'cheque', amount: 100 }],
      ['payments.refund', { orderClientId: order.clientId, txId: payment.txId, amount: 250 }],
      ['orders.setStatus', { orderClientId: order.clientId, status: 'Delayed' }],
      ['outbox.discard', { seq: 1 }],
      ['outbox.retry', { seq: 1 }],
      ['states.removeStepState', { stepStateId: 'x' }],
      // What other customers' orders hold (names, phones, addresses) and the shop's figures.
      ['orders.listActive', {}],
      ['orders.listFinished', {}],
      ['sales.takings', { from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' }],
      ['states.searchShipments', { query: 'a' }],
      ['states.timeline', { orderClientId: order.clientId }],
      ['states.notifications', {}],
      ['states.queue', {}],
      ['outbox.list', {}],
    ] as const) {
      expect(await t.terminal.dispatch(command, input), command).toMatchObject({ ok: false, error: { code: 'staff_only', message: expect.stringContaining('admin PIN') } });
    }
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    expect(await t.terminal.dispatch('staff.unlock', { pin: '000000' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'pin: wrong admin PIN' } });
    expect(await t.call('staff.status', {})).toEqual({ mode: 'kiosk', unlocked: false, locksAt: null, paymentMethods: ['card', 'giftcard'] });

    const unlocked = await t.call('staff.unlock', { pin: PIN });
    expect(unlocked).toEqual({ mode: 'kiosk', unlocked: true, locksAt: new Date(clock.now() + STAFF_IDLE_MS).toISOString(), paymentMethods: ['cash', 'card', 'cheque', 'giftcard', 'other'] });
    expect(told).toEqual([unlocked]);
    const refunded = await t.call('payments.refund', { orderClientId: order.clientId, txId: payment.txId, amount: 250 });
    expect(refunded.balance).toBe(250);
    // The staff take cash at the kiosk, and that keeps their session open too.
    advance(STAFF_IDLE_MS - 1000);
    expect((await t.call('payments.record', { orderClientId: order.clientId, method: 'cash', amount: 250 })).balance).toBe(0);
    advance(STAFF_IDLE_MS - 1000);
    expect(await t.call('staff.status', {})).toMatchObject({ unlocked: true });
    await t.call('payments.refund', { orderClientId: order.clientId, txId: (await t.call('orders.get', { orderClientId: order.clientId })).transactions.at(-1)!.txId, amount: 250 });

    // Each staff action keeps the session open for another idle period; unused, it lapses. The
    // reads the staff screens repeat by themselves do not keep it open.
    advance(STAFF_IDLE_MS - 1000);
    await t.call('orders.setStatus', { orderClientId: order.clientId, status: 'Delayed' });
    advance(STAFF_IDLE_MS - 1000);
    expect((await t.call('orders.listActive', {})).map((o) => o.clientId)).toEqual([order.clientId]);
    expect(await t.call('staff.status', {})).toMatchObject({ unlocked: true });
    advance(1000);
    expect(await t.call('staff.status', {})).toMatchObject({ unlocked: false });
    expect(await t.terminal.dispatch('orders.setStatus', { orderClientId: order.clientId, status: 'InProgress' })).toMatchObject({ ok: false, error: { code: 'staff_only' } });

    await t.call('staff.unlock', { pin: PIN });
    expect(await t.call('staff.lock', {})).toEqual({ mode: 'kiosk', unlocked: false, locksAt: null, paymentMethods: ['card', 'giftcard'] });
    expect(told.at(-1)).toEqual({ mode: 'kiosk', unlocked: false, locksAt: null, paymentMethods: ['card', 'giftcard'] });
    expect(await t.terminal.dispatch('orders.setStatus', { orderClientId: order.clientId, status: 'InProgress' })).toMatchObject({ ok: false, error: { code: 'staff_only' } });
  });

  it('at a kiosk keep the staff’s notifications from the screen until the PIN opens a session', async () => {
    const { clock } = handClock();
    const t = tempTerminal({}, { stateTimers: false, clock, mode: 'kiosk', adminPin: new AdminPinGate(hash, clock.now) });
    open.push(t);
    const shown: string[] = [];
    const changes: string[] = [];
    t.terminal.onScreen('notification', (n) => shown.push(n.message));
    t.terminal.onScreen('order.changed', (c) => changes.push(c.orderClientId));
    const notify = (message: string) => t.terminal.ctx.events.emit('notification', { id: message, kind: 'test', orderClientId: null, message, at: clock.iso() });
    notify('for the staff only');
    const order = await t.call('orders.create', {});
    expect(shown).toEqual([]);
    expect(changes).toEqual([order.clientId]); // the customer's own screen still follows its order
    await t.call('staff.unlock', { pin: PIN });
    notify('now shown');
    expect(shown).toEqual(['now shown']);
  });

  it('tells the UI when an unused session lapses by itself', async () => {
    const events = new EventBus();
    const access = new StaffAccess('kiosk', new AdminPinGate(hash), { now: () => Date.now(), iso: () => new Date().toISOString() }, events, ['card', 'giftcard'], 40);
    const lapsed = new Promise((resolve) => events.on('staff.changed', (s) => !s.unlocked && resolve(s)));
    expect(access.unlock(PIN).unlocked).toBe(true);
    expect(await lapsed).toEqual({ mode: 'kiosk', unlocked: false, locksAt: null, paymentMethods: ['card', 'giftcard'] });
    expect(access.allowed()).toBe(false);
    access.stop();
  });
});

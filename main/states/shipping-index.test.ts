import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { orderNumber } from '../../common/order-label.ts';
import type { Sqlite } from '../../db/connection.ts';
import { tempTerminal } from '../testing/temp-terminal.ts';
import { ftsQuery } from './shipping-index.ts';
import { at, deliveryOrder, testBed, type TestBed } from './test-fixtures.ts';

const totalChanges = (sqlite: Sqlite) => (sqlite.prepare('select total_changes() as n').get() as { n: number }).n;

/** Everything the FTS5 index stores (its shadow tables): equal snapshots = FTS untouched. */
function ftsSnapshot(sqlite: Sqlite): string {
  const tables = ['shipping_index_fts_data', 'shipping_index_fts_idx', 'shipping_index_fts_docsize', 'shipping_index_fts_config'];
  return JSON.stringify(tables.map((t) => sqlite.prepare(`select * from ${t} order by 1, 2`).raw().all()));
}

/** The index rows without their order-state columns. */
function descriptiveColumns(sqlite: Sqlite): unknown[] {
  return sqlite
    .prepare('select id, shipment_id, order_client_id, order_number, customer, address, carrier, tracking_no, last_step from shipping_index order by id')
    .all();
}

function ftsIntegrity(sqlite: Sqlite): void {
  // Raises SQLITE_CORRUPT_VTAB when the FTS index and the shipping_index rows disagree.
  sqlite.prepare(`insert into shipping_index_fts (shipping_index_fts, rank) values ('integrity-check', 1)`).run();
}

describe('ShippingIndex', () => {
  let bed: TestBed;
  afterEach(() => bed?.ctx.sqlite.close());

  it('keeps one row per shipment in step with shipments, orders and notices (by trigger)', () => {
    bed = testBed();
    const { ctx, states } = bed;
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['1Z999AA1', 'JJD0002'], 'José Pérez', 'Rúa Nova 5, Lugo');
    // Not synced yet: the order's number is its label, the end of its client id (as the screens show it).
    const label = orderNumber({ serverId: 0, clientId: id });
    expect(states.stores.index.forOrder(id).map((r) => [r.order_number, r.customer, r.address, r.carrier, r.tracking_no])).toEqual([
      [label, 'José Pérez 600123123', 'Rúa Nova 5, Lugo', 'Correos', '1Z999AA1'],
      [label, 'José Pérez 600123123', 'Rúa Nova 5, Lugo', 'Correos', 'JJD0002'],
    ]);
    bed.orders.setCustomer({ orderClientId: id, customer: { name: 'Marta Ruiz' } });
    ctx.sqlite.prepare('update orders set server_id = 77 where client_id = ?').run(id);
    states.applyServerStepState({ id: 'n1', shipmentId: shipmentIds[1]!, code: 'dispatched', at: at('10:00') });
    states.applyServerStepState({ id: 'n0', shipmentId: shipmentIds[1]!, code: 'accepted', at: at('09:00') }); // older: not the last step
    bed.orders.setDelivery({ orderClientId: id, delivery: { address: 'Rúa Nova 5, Lugo', shipments: [{ shipmentId: shipmentIds[1]!, carrier: 'GLS', trackingNo: 'JJD0002' }] } });
    expect(states.stores.index.forOrder(id).map((r) => [r.order_number, r.customer, r.carrier, r.tracking_no, r.last_step])).toEqual([
      ['77', 'Marta Ruiz', 'GLS', 'JJD0002', 'dispatched'],
    ]);
    states.removeServerStepState('n1');
    expect(states.stores.index.forOrder(id)[0]!.last_step).toBe('accepted');
    ftsIntegrity(ctx.sqlite);
  });

  it('searches by customer (accents folded), prefix, tracking number, order number and last step, newest first', () => {
    bed = testBed();
    const a = deliveryOrder(bed, ['1Z999AA10123456784'], 'José Pérez', 'Rúa Nova 5, Lugo');
    const b = deliveryOrder(bed, ['JJD000390007'], 'Ana García', 'Calle Mayor 1, Madrid');
    bed.ctx.sqlite.prepare('update orders set server_id = 1042 where client_id = ?').run(b.orderClientId);
    bed.states.applyServerStepState({ id: 'n1', shipmentId: a.shipmentIds[0]!, code: 'delayed', at: at('10:00') });
    const find = (q: string) => bed.states.stores.index.search(q, 10).map((r) => r.order_client_id);
    expect(find('perez')).toEqual([a.orderClientId]);
    expect(find('garc')).toEqual([b.orderClientId]);
    expect(find('1Z999AA10123456784')).toEqual([a.orderClientId]);
    expect(find('1042')).toEqual([b.orderClientId]);
    expect(find('delayed')).toEqual([a.orderClientId]);
    expect(find('correos')).toEqual([b.orderClientId, a.orderClientId]);
    expect(find('ana madrid')).toEqual([b.orderClientId]);
    expect(find('ana lugo')).toEqual([]);
    // What the staff types is never FTS syntax: quotes, operators and brackets are just text.
    expect(find('"unbalanced AND (')).toEqual([]);
    expect(find('  -- ')).toEqual([]);
  });

  it('finds an order by its label as the screens show it, in every language, as by its number', () => {
    bed = testBed();
    const a = deliveryOrder(bed, ['T-A1', 'T-A2'], 'Ana García', 'Rúa Nova, Lugo');
    deliveryOrder(bed, ['T-B1'], 'Ana García', 'Gran Vía, Madrid'); // an order whose number is not asked for
    bed.ctx.sqlite.prepare('update orders set server_id = 1 where client_id = ?').run(a.orderClientId);
    const find = (q: string) => bed.states.stores.index.search(q, 10).map((r) => r.tracking_no);
    // The labels of renderer/i18n*.ts `orders.number` (renderer/i18n.test.ts ties them to orderSearchText).
    for (const typed of ['1', '#1', 'Order #1', 'Order 1', 'order #1', 'Pedido n.º 1', 'pedido 1', 'Заказ №1', 'заказ 1']) {
      expect(find(typed), typed).toEqual(['T-A1', 'T-A2']);
    }
    // Other words are still searched for: the label word is not a wildcard.
    expect(find('Order 1 Madrid')).toEqual([]);
    expect(find('Order #1 lugo')).toEqual(['T-A1', 'T-A2']);
  });

  it('finds an order not yet synced by its label (the end of its client id), in every language and case, until the server numbers it', () => {
    bed = testBed();
    const a = deliveryOrder(bed, ['T-A1', 'T-A2'], 'Ana García', 'Rúa Nova, Lugo');
    const b = deliveryOrder(bed, ['T-B1'], 'Ana García', 'Gran Vía, Madrid'); // newer, another label
    deliveryOrder(bed, ['T-C1'], 'Ana García', 'Rúa Nova, Lugo');
    const label = orderNumber({ serverId: 0, clientId: a.orderClientId });
    expect(label).toMatch(/^[0-9A-F]{6}$/);
    const find = (q: string) => bed.states.stores.index.search(q, 10).map((r) => [r.order_client_id, r.tracking_no]);
    const typedLabels = [label, `#${label}`, label.toLowerCase(), `#${label.toLowerCase()}`, `Order #${label}`, `order ${label.toLowerCase()}`, `Pedido n.º ${label}`, `Заказ №${label}`, ` #${label} `];
    for (const typed of typedLabels) expect(find(typed), typed).toEqual([[a.orderClientId, 'T-A1'], [a.orderClientId, 'T-A2']]);
    // Half typed (type-ahead), and with other words: only that order's matching shipments.
    expect(find(`#${label.slice(0, 4)}`)).toContainEqual([a.orderClientId, 'T-A1']);
    expect(find(`#${label} lugo`)).toEqual([[a.orderClientId, 'T-A1'], [a.orderClientId, 'T-A2']]);
    expect(find(`#${label} madrid`)).toEqual([]);
    expect(find(`#${orderNumber({ serverId: 0, clientId: b.orderClientId })}`)).toEqual([[b.orderClientId, 'T-B1']]);
    // Once the server numbers it, the screens show the number: the index follows, FTS included.
    bed.ctx.sqlite.prepare('update orders set server_id = 4 where client_id = ?').run(a.orderClientId);
    expect(find('Order #4')).toEqual([[a.orderClientId, 'T-A1'], [a.orderClientId, 'T-A2']]);
    expect(find(`#${label}`).filter(([id]) => id === a.orderClientId)).toEqual([]);
    ftsIntegrity(bed.ctx.sqlite);
  });

  it('lists each order once, its matching shipments together in the order added, even one added to it later', () => {
    bed = testBed();
    const a = deliveryOrder(bed, ['A1', 'A2'], 'Rosa Vidal');
    const b = deliveryOrder(bed, ['B1', 'B2'], 'Rosa Gil');
    const c = deliveryOrder(bed, ['C1'], 'Rosa Ruiz');
    // A shipment added to the first order last: that order has the newest match now.
    bed.orders.setDelivery({
      orderClientId: a.orderClientId,
      delivery: { address: 'Calle Mayor 1, Madrid', shipments: [...a.shipmentIds.map((shipmentId, i) => ({ shipmentId, carrier: 'Correos', trackingNo: `A${i + 1}` })), { carrier: 'Correos', trackingNo: 'A3' }] },
    });
    const find = (q: string, limit: number) => bed.states.stores.index.search(q, limit).map((r) => [r.order_client_id, r.tracking_no]);
    const all = [...['A1', 'A2', 'A3'].map((t) => [a.orderClientId, t]), [c.orderClientId, 'C1'], [b.orderClientId, 'B1'], [b.orderClientId, 'B2']];
    expect(find('rosa', 10)).toEqual(all);
    // Three shipments read first (A3, C1, B2), as many more read on: each order listed still has all of its own.
    expect(find('rosa', 3)).toEqual(all);
    // Only the shipments that match are listed under their order.
    expect(find('Vidal A2', 10)).toEqual([[a.orderClientId, 'A2']]);
    expect(find('rosa a2', 1)).toEqual([[a.orderClientId, 'A2']]);
  });

  it('finds an order’s older shipments however many other orders’ shipments came in between', () => {
    bed = testBed();
    const a = deliveryOrder(bed, ['A1', 'A2'], 'Rosa Vidal');
    const others = Array.from({ length: 12 }, (_, i) => deliveryOrder(bed, [`O${i + 1}`], 'Rosa Gil'));
    bed.orders.setDelivery({
      orderClientId: a.orderClientId,
      delivery: { address: 'Calle Mayor 1, Madrid', shipments: [...a.shipmentIds.map((shipmentId, i) => ({ shipmentId, carrier: 'Correos', trackingNo: `A${i + 1}` })), { carrier: 'Correos', trackingNo: 'A3' }] },
    });
    // The three newest (A3, O12, O11): three orders, the first with all three of its shipments.
    expect(bed.states.stores.index.search('rosa', 3).map((r) => [r.order_client_id, r.tracking_no])).toEqual([
      [a.orderClientId, 'A1'],
      [a.orderClientId, 'A2'],
      [a.orderClientId, 'A3'],
      [others[11]!.orderClientId, 'O12'],
      [others[10]!.orderClientId, 'O11'],
    ]);
  });

  it('ftsQuery quotes words and makes only the last (2+ characters) a prefix', () => {
    expect(ftsQuery('Ana  García')).toBe('"Ana" "García"*');
    expect(ftsQuery('a')).toBe('"a"');
    expect(ftsQuery('x" OR yz*')).toBe('"x" "OR" "yz"*');
    expect(ftsQuery('!!')).toBeNull();
    // Letters today that SQLite's unicode61 (Unicode 6.1 tables) splits on, as marks it took them for.
    expect(ftsQuery('ab\u19B0cd x\u1CF2y')).toBe('"ab" "cd" "x" "y"');
    expect(ftsQuery('ab\u19C1cd')).toBe('"ab\u19C1cd"*'); // a letter in 6.1 already
  });

  it('quotes only words the index’s tokenizer takes as one token, whatever letter or digit is typed', () => {
    bed = testBed();
    const schema = bed.ctx.sqlite.prepare<[], string>(`select sql from sqlite_master where name = 'shipping_index_fts'`).pluck().get()!;
    const tokenize = /tokenize='([^']+)'/.exec(schema)![1]!;
    const probe = new Database(':memory:');
    try {
      probe.exec(`create virtual table words using fts5(t, tokenize='${tokenize}'); create virtual table seen using fts5vocab(words, instance);`);
      // Every letter and digit between two others, as typed; each quoted word of its query, as the tokenizer splits it.
      const words: Array<{ typed: string; word: string }> = [];
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        const typed = `a${String.fromCodePoint(cp)}b`;
        if (!/^[\p{L}\p{N}]$/u.test(String.fromCodePoint(cp))) continue;
        for (const quoted of ftsQuery(typed)!.split(' ')) words.push({ typed, word: quoted.replace(/^"|"\*?$/g, '') });
      }
      const insert = probe.prepare('insert into words (rowid, t) values (?, ?)');
      probe.transaction(() => words.forEach((w, i) => insert.run(i + 1, w.word)))();
      const tokens = new Map(probe.prepare<[], { doc: number; n: number }>('select doc, count(*) as n from seen group by doc').all().map((r) => [r.doc, r.n]));
      const notOne = words.filter((_, i) => tokens.get(i + 1) !== 1).map((w) => [...w.typed].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(' '));
      expect(notOne).toEqual([]);
    } finally {
      probe.close();
    }
  });

  it('answers a deliveries search holding such letters, finding what they name', async () => {
    const t = tempTerminal({}, { stateTimers: false });
    try {
      const order = (await t.call('orders.create', { customer: { name: 'ab\u19B0cd x\u1CF2yz' } })).clientId;
      await t.call('orders.setDelivery', { orderClientId: order, delivery: { address: 'Calle Mayor 1', shipments: [{ carrier: 'DHL', trackingNo: 'T1' }] } });
      for (const query of ['ab\u19B0cd', 'x\u1CF2yz', 'ab\u19B0']) {
        const result = await t.terminal.dispatch('states.searchShipments', { query });
        expect(result, query).toMatchObject({ ok: true, value: [{ orderClientId: order, trackingNo: 'T1' }] });
      }
    } finally {
      t.cleanup();
    }
  });

  it('the reconstruction rewrites only the order-state columns: other columns and FTS rows untouched', () => {
    bed = testBed();
    const { ctx, states } = bed;
    const { orderClientId: id, shipmentIds } = deliveryOrder(bed, ['T1', 'T2', 'T3', 'T4']);
    deliveryOrder(bed, ['OTHER-1']);
    shipmentIds.forEach((s, i) => states.applyServerStepState({ id: `n${i}`, shipmentId: s, code: 'dispatched', at: at(`1${i}:00`) }));
    states.sweep();
    const columnsBefore = descriptiveColumns(ctx.sqlite);
    const ftsBefore = ftsSnapshot(ctx.sqlite);
    const changesBefore = totalChanges(ctx.sqlite);
    const rowsWritten = states.stores.index.setOrderState(id, { state: 'InDelivery', since: at('11:00') });
    // Exactly the four rows, no trigger-made FTS writes (an FTS rewrite would count as changes too).
    expect(rowsWritten).toBe(4);
    expect(totalChanges(ctx.sqlite) - changesBefore).toBe(4);

    states.runDue();
    expect(states.stores.index.forOrder(id).map((r) => r.order_state)).toEqual(Array(4).fill('InDelivery'));
    expect(descriptiveColumns(ctx.sqlite)).toEqual(columnsBefore);
    expect(ftsSnapshot(ctx.sqlite)).toBe(ftsBefore);
    ftsIntegrity(ctx.sqlite);
  });

  it('(d) property: the index changes only when the history does, and then only its order-state columns', () => {
    const op = fc.record({ remove: fc.boolean(), ship: fc.nat(3), code: fc.constantFrom('dispatched', 'delayed', 'delivered'), gap: fc.nat(120) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 4 }), (ops, shipments) => {
        bed?.ctx.sqlite.close();
        bed = testBed();
        const { ctx, states } = bed;
        const { orderClientId: id, shipmentIds } = deliveryOrder(bed, Array.from({ length: shipments }, (_, i) => `T${i}`));
        const live: string[] = [];
        let t = Date.parse(at('08:00'));
        ops.forEach((o, i) => {
          if (o.remove && live.length > 0) states.removeServerStepState(live.splice(o.ship % live.length, 1)[0]!);
          else {
            t += o.gap * 60_000;
            states.applyServerStepState({ id: `n${i}`, shipmentId: shipmentIds[o.ship % shipments]!, code: o.code, at: new Date(t).toISOString() });
            live.push(`n${i}`);
          }
          states.sweep();
          const history = JSON.stringify(states.stores.history.forOrder(id));
          const columns = descriptiveColumns(ctx.sqlite);
          const index = JSON.stringify(states.stores.index.forOrder(id));
          const fts = ftsSnapshot(ctx.sqlite);
          bed.clock.advance(24 * 3_600_000); // let partial re-runs fall due too
          const jobs = states.runDue().jobs;
          const historyChanged = JSON.stringify(states.stores.history.forOrder(id)) !== history;
          expect(jobs.some((j) => j.changed)).toBe(historyChanged);
          expect(descriptiveColumns(ctx.sqlite)).toEqual(columns);
          expect(ftsSnapshot(ctx.sqlite)).toBe(fts);
          if (!historyChanged) expect(JSON.stringify(states.stores.index.forOrder(id))).toBe(index);
          const current = ctx.stores.orders.get(id)!;
          for (const row of states.stores.index.forOrder(id)) {
            expect([row.order_state, row.order_state_since]).toEqual([current.order_state, current.order_state_since]);
          }
        });
      }),
      { numRuns: 40 },
    );
  });
});

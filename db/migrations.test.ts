import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storedProblem } from '../common/problem.ts';
import { ShippingIndexStore } from '../main/states/shipping-index.ts';
import Database from 'better-sqlite3';
import { migrationsFolder, openDatabase } from './connection.ts';
import { DatabaseTooNewError } from './schema-guard.ts';

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

/** A copy of the migrations folder whose journal stops after `count` entries. */
function migrationsUpTo(dir: string, count: number): string {
  const folder = join(dir, `migrations-${count}`);
  mkdirSync(folder, { recursive: true });
  cpSync(migrationsFolder, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return folder;
}

/** Columns 0012 added (a problem's code and params beside its sentence): null in every migrated row, compared without. */
const LATER_COLUMNS = ['blocked_problem', 'last_problem', 'detail_problem', 'error_problem', 'void_problem'];
function withoutLaterColumns(tables: unknown[][]): unknown[][] {
  return tables.map((rows) =>
    rows.map((row) => {
      const kept = { ...(row as Record<string, unknown>) };
      for (const column of LATER_COLUMNS) {
        if (column in kept) {
          expect(kept[column]).toBeNull();
          delete kept[column];
        }
      }
      return kept;
    }),
  );
}

describe('migrations after 0000_foundation (order states, shipping index FTS)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-migrations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a database holding foundation data: nothing lost, index backfilled, new tables usable', () => {
    const file = join(dir, 'terminal.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 1) });
    const t = '2026-03-01T10:00:00.000Z';
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, currency, customer, delivery_address, total, local_rev, created_at, updated_at)
      values ('o-1', 1042, 3, 'InDelivery', 'Synced', 'EUR', '{"name":"José Pérez","phone":"600"}', 'Rúa Nova 5, Lugo', 500, 4, '${t}', '${t}'),
             ('o-2', 0, 0, 'InProgress', 'Syncing', 'EUR', null, null, 0, 1, '${t}', '${t}');
      insert into order_lines (line_id, order_client_id, position, sku, name, qty, unit_price, discount)
      values ('l-1', 'o-1', 1, 'A1', 'Coffee', 2, 250, 0);
      insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no)
      values ('s-1', 'o-1', 1, 'Correos', 'PQ123'), ('s-2', 'o-1', 2, 'SEUR', 'SE456');
      insert into transactions (tx_id, order_client_id, method, amount, reference, tendered, change, at)
      values ('t-1', 'o-1', 'cash', 300, null, 500, 200, '${t}'), ('t-2', 'o-1', 'card', 200, 'AUTH1', null, null, '${t}');
      insert into outbox (op_id, order_client_id, kind, order_rev, idempotency_key, keys, state, attempts, created_at, updated_at)
      values ('op-1', 'o-1', 'create', 1, 'k-1', '["k-1"]', 'done', 1, '${t}', '${t}'),
             ('op-2', 'o-2', 'create', 1, 'k-2', '[]', 'pending', 0, '${t}', '${t}');
      insert into device_settings (key, value) values ('receipt.prefix', '"T1"');
    `);
    // The outbox's frozen requests moved to a table of their own later (0005, 0006; see below).
    const outboxColumns = `seq, op_id, order_client_id, kind, target_id, fields, payload, order_rev, idempotency_key, keys,
      depends_on, state, attempts, next_attempt_at, last_error, created_at, updated_at, done_at`;
    const snapshot = (sqlite: typeof old.sqlite) =>
      ['orders', 'order_lines', 'shipments', 'transactions', 'outbox', 'device_settings'].map((table) =>
        sqlite.prepare(`select ${table === 'outbox' ? outboxColumns : '*'} from ${table} order by 1`).all(),
      );
    const before = snapshot(old.sqlite);
    expect(() => old.sqlite.prepare('select * from shipping_index').all()).toThrow(/no such table/);
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      expect(withoutLaterColumns(snapshot(db.sqlite))).toEqual(before);
      expect(db.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      // Existing shipments got their index rows, searchable at once.
      expect(db.sqlite.prepare('select shipment_id, order_number, customer, address, carrier, tracking_no from shipping_index order by id').all()).toEqual([
        { shipment_id: 's-1', order_number: '1042', customer: 'José Pérez 600', address: 'Rúa Nova 5, Lugo', carrier: 'Correos', tracking_no: 'PQ123' },
        { shipment_id: 's-2', order_number: '1042', customer: 'José Pérez 600', address: 'Rúa Nova 5, Lugo', carrier: 'SEUR', tracking_no: 'SE456' },
      ]);
      const hits = db.sqlite.prepare(`select rowid from shipping_index_fts where shipping_index_fts match 'perez lugo' order by rowid`).all();
      expect(hits).toHaveLength(2);
      // The new tables take rows, with their constraints.
      db.sqlite.exec(`
        insert into step_states (id, shipment_id, order_client_id, code, at, source, recorded_at) values ('ss-1', 's-1', 'o-1', 'dispatched', '${t}', 'server', '${t}');
        insert into order_state_history (id, order_client_id, rule_id, state, position, started_at, fulfilled_at, valid_from, created_at)
          values ('h-1', 'o-1', 'R1', 'InDelivery', 1, '${t}', '${t}', '${t}', '${t}');
        insert into notifications (id, kind, order_client_id, history_id, message, at) values ('n-1', 'orderState', 'o-1', 'h-1', 'x', '${t}');
        insert into order_state_process (order_client_id, scenario, state, due_at, enqueued_at, updated_at) values ('o-1', 'update', 'queued', '${t}', '${t}', '${t}');
      `);
      expect(db.sqlite.prepare(`select last_step from shipping_index where shipment_id = 's-1'`).get()).toEqual({ last_step: 'dispatched' });
      expect(() => db.sqlite.exec(`insert into notifications (id, kind, order_client_id, history_id, message, at) values ('n-2', 'orderState', 'o-1', 'h-1', 'x', '${t}')`)).toThrow(/UNIQUE/);
      expect(() => db.sqlite.exec(`insert into step_states (id, shipment_id, order_client_id, code, at, source, recorded_at) values ('ss-2', 's-1', 'nope', 'x', '${t}', 'server', '${t}')`)).toThrow(/FOREIGN KEY/);
    } finally {
      db.sqlite.close();
    }
    // Re-opening applies nothing twice.
    const again = openDatabase({ file });
    expect(again.sqlite.prepare('select count(*) as n from shipping_index').get()).toEqual({ n: 2 });
    again.sqlite.close();
  });

  it('moves the requests frozen in outbox rows to outbox_requests, each under its operation', () => {
    const file = join(dir, 'frozen.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 5) });
    const t = '2026-03-01T10:00:00.000Z';
    const sent = JSON.stringify({ method: 'POST', path: '/v2/orders', body: { clientId: 'o-1', lines: [] } });
    const done = JSON.stringify({ method: 'PATCH', path: '/v2/orders/{id}', body: { status: 'Done' } });
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, currency, total, local_rev, created_at, updated_at)
      values ('o-1', 0, 0, 'InProgress', 'Syncing', 'EUR', 0, 2, '${t}', '${t}');
      insert into outbox (op_id, order_client_id, kind, order_rev, idempotency_key, keys, state, attempts, frozen_request, created_at, updated_at)
      values ('op-1', 'o-1', 'create', 1, 'k-1', '["k-1"]', 'done', 1, '${done}', '${t}', '${t}'),
             ('op-2', 'o-1', 'update', 2, 'k-2', '["k-2"]', 'pending', 1, '${sent}', '${t}', '${t}'),
             ('op-3', 'o-1', 'close', 2, 'k-3', '[]', 'pending', 0, null, '${t}', '${t}');
    `);
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      expect(db.sqlite.prepare('select seq, request_id from outbox order by seq').all()).toEqual([
        { seq: 1, request_id: 1 },
        { seq: 2, request_id: 2 },
        { seq: 3, request_id: null },
      ]);
      expect(db.sqlite.prepare('select id, seq, request from outbox_requests order by id').all()).toEqual([
        { id: 1, seq: 1, request: done },
        { id: 2, seq: 2, request: sent },
      ]);
      expect(() => db.sqlite.prepare('select frozen_request from outbox').all()).toThrow(/no such column/);
      // A request frozen after the move takes the next id.
      db.sqlite.prepare(`insert into outbox_requests (seq, request) values (3, '{}')`).run();
      expect(db.sqlite.prepare('select max(id) as id from outbox_requests').get()).toEqual({ id: 3 });
      expect(db.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.sqlite.close();
    }
  });
  it('rebuilds the outbox without AUTOINCREMENT or the op_id index: rows, seqs and indexes kept, the next seq after the last', () => {
    const file = join(dir, 'outbox-pages.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 7) });
    const t = '2026-03-01T10:00:00.000Z';
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, currency, total, local_rev, created_at, updated_at)
      values ('o-1', 0, 0, 'InProgress', 'Syncing', 'EUR', 0, 2, '${t}', '${t}');
      insert into outbox (seq, op_id, order_client_id, kind, order_rev, idempotency_key, keys, state, attempts, request_id, created_at, updated_at)
      values (7, 'op-7', 'o-1', 'create', 1, 'k-7', '["k-7"]', 'done', 1, 1, '${t}', '${t}'),
             (9, 'op-9', 'o-1', 'update', 2, 'k-9', '[]', 'pending', 0, null, '${t}', '${t}');
    `);
    const rows = (sqlite: typeof old.sqlite) => sqlite.prepare('select * from outbox order by seq').all();
    const before = rows(old.sqlite);
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      expect(withoutLaterColumns([rows(db.sqlite)])).toEqual([before]);
      const indexes = db.sqlite.prepare(`select name from sqlite_schema where type = 'index' and tbl_name = 'outbox' order by name`).pluck().all();
      expect(indexes).toEqual(['outbox_cancelled_idx', 'outbox_open_idx', 'outbox_order_idx']);
      expect(db.sqlite.prepare(`select count(*) from sqlite_sequence where name = 'outbox'`).pluck().get()).toBe(0);
      // The open operations are still found by the partial index, and a new one comes after the last.
      expect(db.sqlite.prepare(`select seq from outbox where state in ('pending', 'failed', 'blocked') order by seq`).pluck().all()).toEqual([9]);
      const seq = db.sqlite
        .prepare(`insert into outbox (op_id, order_client_id, kind, order_rev, idempotency_key, state, created_at, updated_at)
                  values ('op-10', 'o-1', 'close', 2, 'k-10', 'pending', '${t}', '${t}')`)
        .run().lastInsertRowid;
      expect(Number(seq)).toBe(10);
      expect(db.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.sqlite.close();
    }
  });
  it('rebuilds the order-state history (keyed by order and rule) and the job queue WITHOUT ROWID, rows kept', () => {
    const file = join(dir, 'states-tables.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 8) });
    const t = '2026-03-01T10:00:00.000Z';
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, currency, total, local_rev, created_at, updated_at)
      values ('o-1', 3, 1, 'InDelivery', 'Synced', 'EUR', 0, 1, '${t}', '${t}'), ('o-2', 4, 1, 'InProgress', 'Synced', 'EUR', 0, 1, '${t}', '${t}');
      insert into order_state_history (id, order_client_id, rule_id, state, position, started_at, fulfilled_at, valid_from, valid_to, created_at)
      values ('h-1', 'o-1', 'R1', 'InDelivery', 1, '${t}', '${t}', '${t}', null, '${t}'),
             ('h-2', 'o-2', 'R1', 'InDelivery', 1, '${t}', '${t}', '${t}', '${t}', '${t}');
      insert into order_state_process (order_client_id, scenario, state, attempts, partial_runs, due_at, last_error, enqueued_at, updated_at)
      values ('o-2', 'deletion', 'dead', 5, 0, '${t}', 'Error: boom', '${t}', '${t}');
    `);
    const rows = (sqlite: typeof old.sqlite) => ({
      history: sqlite.prepare('select * from order_state_history order by order_client_id, rule_id').all(),
      queue: sqlite.prepare('select * from order_state_process order by order_client_id').all(),
    });
    const before = rows(old.sqlite);
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      expect(rows(db.sqlite)).toEqual(before);
      // A drizzle-kit rebuild of either table would silently drop WITHOUT ROWID: this says so.
      const ddl = db.sqlite.prepare(`select name, sql from sqlite_schema where name in ('order_state_history', 'order_state_process') order by name`).all() as { name: string; sql: string }[];
      expect(ddl.map((d) => [d.name, /\) WITHOUT ROWID$/.test(d.sql)])).toEqual([
        ['order_state_history', true],
        ['order_state_process', true],
      ]);
      const indexes = db.sqlite.prepare(`select name from sqlite_schema where type = 'index' and tbl_name in ('order_state_history', 'order_state_process') and sql is not null`).pluck().all();
      expect(indexes).toEqual(['order_state_process_due_idx']);
      // The key holds: one entry per order and rule, and an order must exist.
      expect(() => db.sqlite.exec(`insert into order_state_history (id, order_client_id, rule_id, state, position, started_at, fulfilled_at, valid_from, created_at)
        values ('h-3', 'o-1', 'R1', 'Delivered', 2, '${t}', '${t}', '${t}', '${t}')`)).toThrow(/UNIQUE constraint failed/);
      expect(() => db.sqlite.exec(`insert into order_state_process (order_client_id, scenario, state, due_at, enqueued_at, updated_at)
        values ('o-9', 'update', 'queued', '${t}', '${t}', '${t}')`)).toThrow(/FOREIGN KEY constraint failed/);
      expect(db.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.sqlite.close();
    }
  });
  it('rebuilds the ShippingIndex full-text table with prefixes up to ten characters: every row found, the triggers kept', () => {
    const file = join(dir, 'fts-prefixes.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 9) });
    const t = '2026-03-01T10:00:00.000Z';
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, currency, customer, delivery_address, total, local_rev, created_at, updated_at)
      values ('o-1', 1042, 3, 'InDelivery', 'Synced', 'EUR', '{"name":"Jesús Hernández"}', 'Calle Mayor 5, Valladolid', 500, 4, '${t}', '${t}');
      insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no)
      values ('s-1', 'o-1', 1, 'Correos', 'PQ1234567'), ('s-2', 'o-1', 2, 'SEUR', 'SE7654321');
    `);
    const ids = old.sqlite.prepare('select id from shipping_index order by id').pluck().all();
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      const index = new ShippingIndexStore(db.sqlite);
      const found = (text: string) => index.search(text, 50).map((r) => r.id).sort();
      // Rows indexed before the migration are found by whole words and by prefixes of any length.
      expect(found('hernandez valladolid')).toEqual(ids);
      expect(found('Hernán')).toEqual(ids);
      expect(found('jesus vallado')).toEqual(ids);
      expect(found('PQ12345')).toEqual([ids[0]]);
      // The triggers were made again: new, changed and removed rows follow.
      db.sqlite.exec(`insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no) values ('s-3', 'o-1', 3, 'MRW', 'MR555')`);
      db.sqlite.exec(`update shipments set tracking_no = 'SE9999' where shipment_id = 's-2'`);
      db.sqlite.exec(`delete from shipments where shipment_id = 's-1'`);
      expect(found('MR555')).toHaveLength(1);
      expect(found('SE76543')).toEqual([]);
      expect(found('SE9999')).toEqual([ids[1]]);
      expect(found('PQ12345')).toEqual([]);
      expect(db.sqlite.prepare(`select sql from sqlite_schema where name = 'shipping_index_fts'`).pluck().get()).toMatch(/prefix='2 3 4 5 6 7 8 9 10', detail=none/);
      db.sqlite.prepare(`insert into shipping_index_fts (shipping_index_fts, rank) values ('integrity-check', 1)`).run();
    } finally {
      db.sqlite.close();
    }
  });
  it('adds the problem facts beside the stored reasons: a reason stored before reads as its own sentence', () => {
    const file = join(dir, 'problems.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 12) });
    const t = '2026-03-01T10:00:00.000Z';
    const reason = 'the server refused update: locked — busy';
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, blocked_reason, currency, total, local_rev, created_at, updated_at)
      values ('o-1', 12, 2, 'InProgress', 'Blocked', '${reason}', 'EUR', 0, 2, '${t}', '${t}');
      insert into outbox (seq, op_id, order_client_id, kind, order_rev, idempotency_key, keys, state, attempts, last_error, created_at, updated_at)
      values (3, 'op-3', 'o-1', 'update', 2, 'k-3', '["k-3"]', 'blocked', 1, '${reason}', '${t}', '${t}');
      insert into notifications (id, kind, order_client_id, message, at) values ('n-1', 'sync_blocked', 'o-1', '${reason}', '${t}');
    `);
    expect(() => old.sqlite.prepare('select last_problem from outbox').all()).toThrow(/no such column/);
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      const order = db.sqlite.prepare('select blocked_reason, blocked_problem from orders').get() as { blocked_reason: string; blocked_problem: string | null };
      const op = db.sqlite.prepare('select last_error, last_problem from outbox').get() as { last_error: string; last_problem: string | null };
      const notice = db.sqlite.prepare('select message, detail_problem from notifications').get();
      expect([order.blocked_problem, op.last_problem]).toEqual([null, null]);
      expect(notice).toEqual({ message: reason, detail_problem: null });
      expect(storedProblem(order.blocked_reason, order.blocked_problem)).toEqual({ code: 'unexplained', message: reason });
      expect(storedProblem(op.last_error, op.last_problem)).toEqual({ code: 'unexplained', message: reason });
      expect(db.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.sqlite.close();
    }
  });
  it('labels the index rows of orders not yet synced as the screens do (the end of the client id), searchable, until the server numbers them', () => {
    const file = join(dir, 'labels.sqlite');
    const old = openDatabase({ file, migrationsFolder: migrationsUpTo(dir, 16) });
    const t = '2026-03-01T10:00:00.000Z';
    const [synced, local] = ['0195a1b2-0000-7000-8000-00000000abcd', '0195a1b2-0000-7000-8000-0000a1b2c3d4'];
    old.sqlite.exec(`
      insert into orders (client_id, server_id, version, status, sync_status, currency, customer, delivery_address, total, local_rev, created_at, updated_at)
      values ('${synced}', 1042, 3, 'InDelivery', 'Synced', 'EUR', '{"name":"Ana García"}', 'Calle Mayor 5', 0, 4, '${t}', '${t}'),
             ('${local}', 0, 0, 'InProgress', 'Syncing', 'EUR', '{"name":"Ana García"}', 'Calle Mayor 5', 0, 1, '${t}', '${t}');
      insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no)
      values ('s-1', '${synced}', 1, 'Correos', 'PQ1'), ('s-2', '${local}', 1, 'SEUR', 'SE2'), ('s-3', '${local}', 2, 'MRW', 'MR3');
    `);
    expect(old.sqlite.prepare('select order_number from shipping_index order by id').pluck().all()).toEqual(['1042', '', '']);
    old.sqlite.close();

    const db = openDatabase({ file });
    try {
      const numbers = () => db.sqlite.prepare('select shipment_id, order_number from shipping_index order by id').raw().all();
      expect(numbers()).toEqual([['s-1', '1042'], ['s-2', 'B2C3D4'], ['s-3', 'B2C3D4']]);
      const index = new ShippingIndexStore(db.sqlite);
      const found = (text: string) => index.search(text, 50).map((r) => r.shipment_id);
      expect(found('#b2c3d4')).toEqual(['s-2', 's-3']);
      expect(found('Order #1042')).toEqual(['s-1']);
      // The triggers write the label for a new shipment, and the number once the server gives one.
      db.sqlite.exec(`insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no) values ('s-4', '${local}', 3, 'GLS', 'GL4')`);
      expect(found('B2C3')).toEqual(['s-2', 's-3', 's-4']);
      db.sqlite.prepare('update orders set server_id = 1043 where client_id = ?').run(local);
      expect(numbers()).toEqual([['s-1', '1042'], ['s-2', '1043'], ['s-3', '1043'], ['s-4', '1043']]);
      expect(found('#B2C3D4')).toEqual([]);
      expect(found('1043')).toEqual(['s-2', 's-3', 's-4']);
      db.sqlite.prepare(`insert into shipping_index_fts (shipping_index_fts, rank) values ('integrity-check', 1)`).run();
    } finally {
      db.sqlite.close();
    }
  });
});

describe('a database written by a newer version', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-newer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused by an older build, naming both versions, and left as it was', () => {
    const file = join(dir, 'terminal.sqlite');
    const current = openDatabase({ file });
    current.sqlite.prepare(`insert into device_settings (key, value) values ('receipt.prefix', '"T1"')`).run();
    const state = () => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          migrations: db.prepare('select hash, created_at from __drizzle_migrations order by id').all(),
          schema: db.prepare('select type, name, sql from sqlite_schema order by name').all(),
          settings: db.prepare('select * from device_settings order by key').all(),
        };
      } finally {
        db.close();
      }
    };
    current.sqlite.close();
    const before = state();

    // The build before the newest migration: the same code, a journal one entry shorter.
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
    const older = migrationsUpTo(dir, journal.entries.length - 1);
    const previous = journal.entries.at(-2)!.tag;
    expect(() => openDatabase({ file, migrationsFolder: older })).toThrow(DatabaseTooNewError);
    expect(() => openDatabase({ file, migrationsFolder: older })).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was written by a newer version of Counter POS.*knows changes up to ${previous}.*nothing was changed`),
    );
    expect(state()).toEqual(before);

    // A journal this guard cannot read is named, and the database is still left alone.
    const broken = migrationsUpTo(dir, 0);
    expect(() => openDatabase({ file, migrationsFolder: broken })).toThrow(/meta\/_journal\.json is not a migrations journal:\n[\s\S]*at entries/);
    expect(state()).toEqual(before);

    // The build that wrote it opens it as before.
    const again = openDatabase({ file });
    expect(again.sqlite.prepare('select value from device_settings').pluck().get()).toBe('"T1"');
    again.sqlite.close();
  });
});

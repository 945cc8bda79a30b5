import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerDatabase, type Sqlite } from './db/connection.ts';
import { createIdempotency, type Idempotency } from './idempotency.ts';

/** The writes of one turn of the event loop share a transaction, each in a savepoint (idempotency.ts). */
describe('group commit of writes', () => {
  let sqlite: Sqlite;
  let idempotency: Idempotency;
  beforeEach(() => {
    sqlite = openServerDatabase(':memory:', 'normal');
    sqlite.exec('create table effects (v text not null)');
    idempotency = createIdempotency(sqlite);
  });
  afterEach(() => sqlite.close());

  const effects = () => sqlite.prepare('select v from effects order by rowid').pluck().all();
  const write = (v: string) => () => {
    sqlite.prepare('insert into effects (v) values (?)').run(v);
    return { status: 201, body: { v } };
  };

  it('runs them in one transaction, in arrival order, each seeing the ones before, and answers after the commit', async () => {
    const seen: unknown[][] = [];
    const settled: string[] = [];
    const answers = ['a', 'b', 'c'].map((v) =>
      idempotency
        .execute('till-1', `key-${v}`, `print-${v}`, () => {
          seen.push([v, sqlite.inTransaction, effects()]);
          return write(v)();
        })
        .then((answer) => {
          settled.push(v);
          // By the time any request is answered, the whole batch is in the database.
          expect(sqlite.inTransaction).toBe(false);
          expect(effects()).toEqual(['a', 'b', 'c']);
          return answer;
        }),
    );
    expect(seen).toEqual([]); // nothing runs before the turn ends
    const results = await Promise.all(answers);
    expect(results.map((r) => [r.status, r.replayed])).toEqual([
      [201, false],
      [201, false],
      [201, false],
    ]);
    expect(seen).toEqual([
      ['a', true, []],
      ['b', true, ['a']],
      ['c', true, ['a', 'b']],
    ]);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(idempotency.count()).toBe(3);
  });

  it('undoes only the request that throws: the others in its batch are stored and answered', async () => {
    const good = idempotency.execute('till-1', 'k1', 'p1', write('kept'));
    const bad = idempotency.execute('till-1', 'k2', 'p2', () => {
      write('undone')();
      throw new Error('handler failed half-way');
    });
    const replay = idempotency.execute('till-1', 'k1', 'p1', write('twice'));
    await expect(bad).rejects.toThrow('handler failed half-way');
    expect(await good).toMatchObject({ status: 201, replayed: false });
    // The same key again in the same batch is answered from the record the first one just stored.
    expect(await replay).toMatchObject({ status: 201, replayed: true });
    expect(effects()).toEqual(['kept']);
    expect(idempotency.count()).toBe(1);
  });

  it('fails every request of a batch whose commit fails, storing none of them', async () => {
    // A deferred foreign key is checked at COMMIT: the batch cannot commit.
    sqlite.exec('create table parent (id integer primary key); create table child (p integer references parent(id) deferrable initially deferred)');
    const first = idempotency.execute('till-1', 'k1', 'p1', write('one'));
    const breaking = idempotency.execute('till-1', 'k2', 'p2', () => {
      sqlite.prepare('insert into child (p) values (42)').run();
      return { status: 201, body: {} };
    });
    await expect(first).rejects.toThrow(/FOREIGN KEY/);
    await expect(breaking).rejects.toThrow(/FOREIGN KEY/);
    expect(effects()).toEqual([]);
    expect(idempotency.count()).toBe(0);
    expect(sqlite.inTransaction).toBe(false);
  });
});

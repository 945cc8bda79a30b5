import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';

/**
 * SQLite (3.54, as better-sqlite3 builds it with STAT4) lets the planner look at the value bound
 * to a parameter compared by `=` in a statement with ORDER BY, or bound to LIMIT; it then marks
 * the statement to be prepared again whenever that parameter is bound again: every run, for a
 * prepared statement run with new values. That costs 3–7 µs a run here, more than the query
 * itself (the outbox's lane read went from 20 to 5 µs without it). Written `+?`, the parameter is
 * an expression the planner does not look into; the index is used just the same.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

/** The string and template literals of a TypeScript source, with the line each starts on. */
function literals(source: string): Array<{ line: number; text: string }> {
  const found: Array<{ line: number; text: string }> = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2) + 2;
      if (i < 2) break;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i;
      i++;
      let depth = 0; // inside a template's ${…}
      while (i < source.length && (depth > 0 || source[i] !== c)) {
        if (source[i] === '\\') i++;
        else if (c === '`' && source[i] === '$' && source[i + 1] === '{') depth++;
        else if (depth > 0 && source[i] === '}') depth--;
        i++;
      }
      found.push({ line: source.slice(0, start).split('\n').length, text: source.slice(start + 1, i) });
    }
    i++;
  }
  return found;
}

/** Why a SQL string would be prepared again at every run, if it would. */
function replanningParameter(sql: string): string | null {
  if (!/\b(select|update|delete)\b/i.test(sql)) return null;
  if (/\blimit\s+(?:[?@:]|\$(?!\{))/i.test(sql)) return 'LIMIT takes a bare parameter';
  if (/\border\s+by\b/i.test(sql) && /(?<![<>!=])=\s*(?:[?@:]|\$(?!\{))/.test(sql)) return 'a parameter compared by = in a statement with ORDER BY';
  return null;
}

describe('SQL parameters the planner would look at', () => {
  it('are written +? in every statement of the sources, so prepared statements stay prepared', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'main', 'server', 'db', 'bench', 'e2e', 'common'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(50);
    const offending = files.flatMap((file) =>
      literals(readFileSync(`${root}/${file}`, 'utf8')).flatMap(({ line, text }) => {
        const why = replanningParameter(text);
        return why ? [`${file}:${line}: ${why}: ${text.replace(/\s+/g, ' ').trim().slice(0, 120)}`] : [];
      }),
    );
    expect(offending).toEqual([]);
  });

  it('finds the cases it is written for', () => {
    expect(replanningParameter('select * from outbox where order_client_id = ? order by seq')).not.toBeNull();
    expect(replanningParameter('select * from outbox where order_client_id = @id order by seq')).not.toBeNull();
    expect(replanningParameter('select * from notifications order by rowid desc limit ?')).not.toBeNull();
    expect(replanningParameter('select * from outbox where order_client_id = +? order by seq limit +?')).toBeNull();
    expect(replanningParameter('select * from outbox where seq >= ? order by seq')).toBeNull();
    expect(replanningParameter('update outbox set state = ? where seq = ?')).toBeNull();
    const [sql] = literals("const a = `select ${x} from t where k = ? order by p`; // 'not this'");
    expect(sql?.text).toBe('select ${x} from t where k = ? order by p');
  });

  it('keeps the index: a +? parameter is looked up through it as a bare one is', () => {
    const { sqlite } = openDatabase({ file: ':memory:' });
    try {
      const plan = (sql: string) => sqlite.prepare<[string], { detail: string }>(`explain query plan ${sql}`).all('x').map((r) => r.detail);
      const bare = plan(`select * from outbox where order_client_id = ? and state in ('pending', 'failed', 'blocked') order by seq`);
      const plus = plan(`select * from outbox where order_client_id = +? and state in ('pending', 'failed', 'blocked') order by seq`);
      expect(plus).toEqual(bare);
      expect(plus.join(' ')).toContain('USING INDEX outbox_order_idx (order_client_id=?)');
    } finally {
      sqlite.close();
    }
  });
});

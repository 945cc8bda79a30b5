import { createRequire } from 'node:module';

/**
 * The drizzle-orm functions the server's database code calls, from drizzle-orm's CommonJS
 * build: its ES modules cost about 1.4 s of each start under Node 24 (why: db/drizzle.ts, the
 * terminal's twin of this file, which the server may not import).
 */
const load = createRequire(import.meta.url);

export const { sql } = load('drizzle-orm') as typeof import('drizzle-orm');
export const { index, integer, primaryKey, sqliteTable, text, uniqueIndex } = load('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
export const { drizzle } = load('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
export const { migrate } = load('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');

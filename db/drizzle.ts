import { createRequire } from 'node:module';

/**
 * The drizzle-orm functions the terminal's database code calls, loaded from drizzle-orm's
 * CommonJS build. Node 24's ES module loader reads a package's package.json again for each
 * module it loads from that package, and drizzle-orm's is 179 KB (an `exports` entry for each of
 * its files): importing drizzle-orm/better-sqlite3 as ES modules took about 1.4 s of every
 * process's start on the CI machine, the same modules through `require` about 0.1 s. Every
 * process pays it (the app, the server, each test file, each crash test child). Types are
 * still imported from drizzle-orm with `import type`. Only this file and server/db/drizzle.ts
 * load drizzle-orm (eslint.config.js).
 */
const load = createRequire(import.meta.url);

export const { sql } = load('drizzle-orm') as typeof import('drizzle-orm');
export const { index, integer, primaryKey, sqliteTable, text, uniqueIndex } = load('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
export const { drizzle } = load('drizzle-orm/better-sqlite3') as typeof import('drizzle-orm/better-sqlite3');
export const { migrate } = load('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');

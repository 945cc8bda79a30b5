import { sqliteTable, text } from '../drizzle.ts';

/** Device settings and counters (receipt sequence, pull cursor): one JSON value per key. */
export const deviceSettings = sqliteTable('device_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

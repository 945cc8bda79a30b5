import { defineConfig } from 'drizzle-kit';

// The reference server's migrations: `npx drizzle-kit generate --config server/drizzle.config.ts`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
});

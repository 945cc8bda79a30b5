import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new numbered migration into db/migrations from the schema.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});

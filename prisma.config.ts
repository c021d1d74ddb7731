// Prisma CLI configuration. Only `prisma generate` is used from the CLI: migrations are applied
// offline by packages/db/scripts/migrate.ts (the CLI's migrate commands need a native engine
// downloaded from the internet, which we never do).
import { defineConfig } from 'prisma/config';

// `generate` refuses to start without a schema-engine binary path, but never runs it.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone' },
});

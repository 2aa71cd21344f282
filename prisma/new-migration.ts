// Writes the next migration offline: applies the existing migrations to an in-memory PGlite, diffs
// that database against prisma/schema.prisma with Prisma's WebAssembly schema engine, and writes
// prisma/migrations/<timestamp>_<name>/migration.sql. Usage: npm run migration:new -- <name>
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openSchemaEngine } from './tools/schema-engine.js';
import { MIGRATIONS_DIR, applyMigrations } from '../workflows/infra/migrate.js';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('用法：npm run migration:new -- <name>');
  process.exit(2);
}

const schemaPath = new URL('./schema.prisma', import.meta.url);
const content = await readFile(schemaPath, 'utf8');
await mkdir(MIGRATIONS_DIR, { recursive: true });
const existing = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory());

const pglite = await PGlite.create();
const factory = new PrismaPGlite(pglite);
if (existing.length > 0) await applyMigrations(factory);
const engine = await openSchemaEngine(factory);
const files = [{ path: 'schema.prisma', content }];
const { stdout } = await engine.diff({
  from: existing.length > 0 ? { tag: 'schemaDatasource', files, configDir: process.cwd() } : { tag: 'empty' },
  to: { tag: 'schemaDatamodel', files },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
engine.free();
await pglite.close();

const sql = (stdout ?? '').trim();
if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
  console.log('schema.prisma 与现有迁移一致，无需新迁移。');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'migration.sql'), `${sql}\n`);
await writeFile(join(MIGRATIONS_DIR, 'migration_lock.toml'), 'provider = "postgresql"\n');
console.log(`写入 ${dir}/migration.sql`);

// Applies prisma/migrations/<name>/migration.sql in order through Prisma's WebAssembly schema
// engine, recording them in _prisma_migrations exactly as `prisma migrate deploy` does.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { openSchemaEngine } from '../../prisma/tools/schema-engine.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

/**
 * Returns the names of the migrations it applied (empty when the database was current). `before`
 * stops at the first migration named at or after it (to build a database as an older version left it).
 */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, { before }: { before?: string } = {}): Promise<string[]> {
  // The engine never closes the connections it opens, and one of them keeps Prisma's migration
  // advisory lock (database-wide, session-level) until the pool drops it as idle ~10 s later,
  // stalling every other process that starts meanwhile. Close them ourselves.
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    opened.push(await adapter);
    return opened[opened.length - 1]!;
  };
  const engine = await openSchemaEngine({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  });
  try {
    const list = await readMigrationsList(MIGRATIONS_DIR);
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: before === undefined ? list : { ...list, migrationDirectories: list.migrationDirectories.filter((m) => m.path < before) },
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

export async function readMigrationsList(baseDir: string) {
  const names = (await readdir(baseDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = join(baseDir, 'migration_lock.toml');
  const lock = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(join(baseDir, name, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

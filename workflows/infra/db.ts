// Opens the database: server PostgreSQL through @prisma/adapter-pg, or embedded PGlite (data under
// the data directory) when no DATABASE_URL is set. Migrations are applied by migrate.ts.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../../prisma/generated/client.js';

export type Db = PrismaClient;
/** The client handed to a transaction callback. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Bursts of submits queue for a pooled connection; give them time rather than failing. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

export interface DatabaseOptions {
  url?: string;
  /** PostgreSQL schema (server PostgreSQL only; PGlite always uses public) */
  schema: string;
  dataDir: string;
}

export interface Database {
  db: Db;
  /** the adapter factory, for the schema engine */
  factory: SqlMigrationAwareDriverAdapterFactory;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const schema = options.schema;
    const factory = new PrismaPg({ connectionString: options.url, options: `-c search_path="${schema}"`, max: 10 }, { schema });
    await ensureSchema(options.url, schema);
    const db = new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS });
    return { db, factory, kind: 'postgres', close: () => db.$disconnect() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const dir = join(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const factory = new PrismaPGlite(client);
  const db = new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS });
  return {
    db,
    factory,
    kind: 'pglite',
    close: async () => {
      await db.$disconnect();
      await client.close();
    },
  };
}

async function ensureSchema(url: string, schema: string): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

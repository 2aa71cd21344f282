// Opens the database: server PostgreSQL through @prisma/adapter-pg, or embedded PGlite (data under
// the data directory) when no DATABASE_URL is set. Migrations are applied by migrate.ts.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../../prisma/generated/client.js';
import { appError } from '../domain/errors.js';

export type Db = PrismaClient;
/** The client handed to a transaction callback. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** the clients openDatabase made: every other client a query gets is a transaction's */
const roots = new WeakSet<object>();

/** whether `client` is a transaction's (it lives as long as the transaction), not the database's own */
export function isTransaction(client: Tx | Db): boolean {
  return !roots.has(client);
}

function rooted(db: Db): Db {
  roots.add(db);
  return db;
}

/** Bursts of submits queue for a pooled connection; give them time rather than failing. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

export interface DatabaseOptions {
  url?: string;
  /** PostgreSQL schema (server PostgreSQL only; PGlite always uses public) */
  schema: string;
  dataDir: string;
  /**
   * A pooled or dedicated connection was lost (the server restarted, the session was terminated:
   * 57P01). Nothing to do but note it: the pool drops the dead connection and opens a new one on the
   * next use, and the statement that was running fails like any other.
   */
  onConnectionLost?: (err: Error) => void;
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
    const onLost = options.onConnectionLost ?? (() => {});
    // pg emits 'error' on a connection whose server ends it (57P01 on a restart). The adapter listens
    // on its pools, and on a connection while a transaction holds it; one ended outside those moments
    // (e.g. while the pool hands it from one user to the next under load) was an unhandled 'error'
    // event that killed the process. So every connection gets a listener for its whole life when it
    // opens (each pool the adapter makes, for Prisma and for the schema engine, takes this config).
    const pool = {
      connectionString: options.url,
      options: `-c search_path="${schema}"`,
      max: 10,
      onConnect: (client: pg.ClientBase) => void client.on('error', onLost),
    };
    const factory = new PrismaPg(pool, { schema, onPoolError: onLost, onConnectionError: onLost });
    await ensureSchema(options.url, schema, onLost);
    const db = rooted(new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS }));
    return { db, factory, kind: 'postgres', close: () => db.$disconnect() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const dir = join(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const unlock = await lockDirectory(dir);
  const client = await PGlite.create(dir).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const factory = new PrismaPGlite(client);
  const db = rooted(new PrismaClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS }));
  return {
    db,
    factory,
    kind: 'pglite',
    close: async () => {
      await db.$disconnect();
      await client.close();
      await unlock();
    },
  };
}

/**
 * PGlite opens its directory in one process only: a second one (a script run while the bot runs)
 * would write the same files beside it and could corrupt them. A lock file naming the owner's process
 * keeps the directory for one process (DATABASE_IN_USE for any other); a file left by a process that
 * is gone (killed outright) is taken over. Gives what lets go of it.
 */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'guanjia.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) throw appError('DATABASE_IN_USE', `${dir} is open in process ${pid}`, { dir, pid });
      await rm(file, { force: true });
    }
  }
  throw appError('DATABASE_IN_USE', `${dir} could not be locked`, { dir });
}

/** Whether a process with this id runs (a process of another user counts). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A one-off connection at start: its loss fails the statement, and the 'error' it also emits is noted. */
async function ensureSchema(url: string, schema: string, onLost: (err: Error) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', onLost);
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

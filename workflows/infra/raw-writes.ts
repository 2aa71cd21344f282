// Writes on the busiest paths as few raw statements, where Prisma would cost more:
// - several rows into one table in one statement, as Prisma's createMany would write them: Prisma
//   keeps no query plan for a createMany and compiles one anew on every call (about half a millisecond
//   of CPU), and the outbox, the audit chain and a submit's steps are written that way by nearly every
//   transaction. Each table's columns and their types are written once, beside the code that writes it;
// - several writes that do not read each other's rows, in one statement (writeTogether): a round trip
//   to PostgreSQL, not the work in it, is most of what a small statement costs.
import { Prisma } from '../../prisma/generated/client.js';
import type { Tx } from './db.js';

/** A column's type in SQL, as its value is cast. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'boolean' | 'jsonb' | 'timestamp' | 'text[]';

/** A table as an insert writes it: its name and the columns it is given (the others take their defaults). */
export interface TableSpec<Row> {
  table: string;
  columns: { readonly [K in keyof Row]-?: ColumnType };
}

/**
 * The most parameters one statement is given: bigger inserts are sent in parts. PostgreSQL takes
 * 65,535, but the embedded database's protocol parser reads the count as a signed 16-bit number.
 */
const MAX_PARAMETERS = 32_767;

/** Inserts `rows`; with `skipDuplicates` a row whose key is taken is left out. Gives how many were written. */
export async function insertRows<Row extends object>(
  tx: Pick<Tx, '$executeRaw'>,
  spec: TableSpec<Row>,
  rows: readonly Row[],
  options: { skipDuplicates?: boolean } = {},
): Promise<number> {
  let written = 0;
  for (const statement of insertStatements(spec, rows, options)) written += await tx.$executeRaw(statement);
  return written;
}

/** The INSERT statements that write `rows`: one, unless they need more parameters than one statement takes. */
export function insertStatements<Row extends object>(spec: TableSpec<Row>, rows: readonly Row[], options: { skipDuplicates?: boolean } = {}): Prisma.Sql[] {
  const names = Object.keys(spec.columns) as (keyof Row & string)[];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / names.length));
  const statements: Prisma.Sql[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const tuples = rows.slice(start, start + perStatement).map((row) => Prisma.sql`(${Prisma.join(names.map((name) => sqlValue(row[name], spec.columns[name])))})`);
    statements.push(
      Prisma.sql`INSERT INTO ${Prisma.raw(quoted(spec.table))} (${Prisma.raw(names.map(quoted).join(', '))}) VALUES ${Prisma.join(tuples)}${
        options.skipDuplicates ? Prisma.sql` ON CONFLICT DO NOTHING` : Prisma.empty
      }`,
    );
  }
  return statements;
}

/**
 * Writes that do not read each other's rows, as one statement: each but the last a data-modifying WITH
 * query (PostgreSQL runs every one, all on one snapshot, none seeing another's rows). Writes with more
 * parameters than one statement takes go in as many as they need.
 */
export async function writeTogether(tx: Pick<Tx, '$executeRaw'>, writes: readonly Prisma.Sql[]): Promise<void> {
  let group: Prisma.Sql[] = [];
  let parameters = 0;
  for (const write of writes) {
    if (group.length > 0 && parameters + write.values.length > MAX_PARAMETERS) {
      await tx.$executeRaw(together(group));
      group = [];
      parameters = 0;
    }
    group.push(write);
    parameters += write.values.length;
  }
  if (group.length > 0) await tx.$executeRaw(together(group));
}

function together(writes: readonly Prisma.Sql[]): Prisma.Sql {
  if (writes.length === 1) return writes[0]!;
  const before = writes.slice(0, -1).map((write, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${write})`);
  return Prisma.sql`WITH ${Prisma.join(before)} ${writes.at(-1)!}`;
}

const quoted = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * A value as a parameter cast to its column's type. Times go as ISO strings into columns without a
 * zone (as Prisma keeps them: UTC), JSON as its text.
 */
export function sqlValue(value: unknown, type: ColumnType): Prisma.Sql {
  const cast = Prisma.raw(`::${type === 'timestamp' ? 'timestamp(3)' : type}`);
  if (value === null || value === undefined) return Prisma.sql`${null}${cast}`;
  if (type === 'jsonb') return Prisma.sql`${JSON.stringify(value)}${cast}`;
  if (type === 'timestamp') return Prisma.sql`${(value as Date).toISOString()}${cast}`;
  return Prisma.sql`${value}${cast}`;
}

// The raw writes the busiest paths use instead of Prisma's createMany (raw-writes.ts), against a real
// PostgreSQL (or PGlite): every column type comes back as it went in (times to the millisecond in
// UTC, JSON, arrays whose items need quoting, NULLs), rows beyond one statement's parameters go in
// parts, duplicates can be skipped, and writes sent together are one statement that stands or falls
// whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../prisma/generated/client.js';
import type { Db } from '../../workflows/infra/db.js';
import { insertRows, insertStatements, writeTogether, type TableSpec } from '../../workflows/infra/raw-writes.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia;
const db = () => app.database.db;

interface Probe {
  id: bigint;
  label: string | null;
  count: number;
  on: boolean;
  body: unknown;
  at: Date | null;
  tags: readonly string[];
}
const PROBE: TableSpec<Probe> = {
  table: 'RawWritesProbe',
  columns: { id: 'bigint', label: 'text', count: 'integer', on: 'boolean', body: 'jsonb', at: 'timestamp', tags: 'text[]' },
};

beforeAll(async () => {
  app = await startTestGuanjia({ workers: false });
  await db().$executeRawUnsafe(`
    CREATE TABLE "RawWritesProbe" ("id" BIGINT PRIMARY KEY, "label" TEXT, "count" INTEGER NOT NULL, "on" BOOLEAN NOT NULL,
      "body" JSONB, "at" TIMESTAMP(3), "tags" TEXT[] NOT NULL, "note" TEXT NOT NULL DEFAULT 'default')`);
}, 120_000);
afterAll(async () => {
  await app?.cleanup();
});

async function probes(): Promise<(Probe & { note: string })[]> {
  return db().$queryRaw`SELECT * FROM "RawWritesProbe" ORDER BY "id"`;
}

/** the database, noting the text of each statement sent through it */
function countingStatements(): { counting: Pick<Db, '$executeRaw'>; sent: string[] } {
  const sent: string[] = [];
  const executeRaw = (query: Prisma.Sql) => {
    sent.push(query.sql);
    return db().$executeRaw(query);
  };
  return { counting: { $executeRaw: executeRaw } as unknown as Pick<Db, '$executeRaw'>, sent };
}

describe('insertRows', () => {
  it('writes every column type as given, leaving the columns it is not given to their defaults', async () => {
    const at = new Date('2026-03-01T23:59:58.123Z');
    const rows: Probe[] = [
      {
        id: 1n,
        label: '办公费 "引号" \\ 反斜杠',
        count: -7,
        on: true,
        body: { nested: { list: [1, '二', null] }, yuan: '12.50' },
        at,
        tags: ['a,b', '{花括号}', '"quoted"', 'with space', ''],
      },
      { id: 9_007_199_254_740_993n, label: null, count: 0, on: false, body: null, at: null, tags: [] },
    ];
    expect(await insertRows(db(), PROBE, rows)).toBe(2);
    const back = await probes();
    expect(back).toEqual(rows.map((row) => ({ ...row, note: 'default' })));
    // a time without a zone, kept as UTC: the same instant Prisma reads back
    const [read] = await db().$queryRaw<{ at: Date }[]>`SELECT "at" FROM "RawWritesProbe" WHERE "id" = 1`;
    expect(read!.at.toISOString()).toBe('2026-03-01T23:59:58.123Z');
  });

  it('skips rows whose key is taken only when asked to', async () => {
    const row: Probe = { id: 1n, label: 'again', count: 1, on: true, body: {}, at: null, tags: [] };
    await expect(insertRows(db(), PROBE, [row])).rejects.toThrow();
    expect(await insertRows(db(), PROBE, [row, { ...row, id: 2n }], { skipDuplicates: true })).toBe(1);
    expect((await probes()).find((p) => p.id === 1n)?.label).not.toBe('again');
  });

  it('sends more rows than one statement takes parameters for in parts, and writes them all', async () => {
    const rows: Probe[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: BigInt(1000 + i),
      label: `row ${i}`,
      count: i,
      on: i % 2 === 0,
      body: { i },
      at: null,
      tags: [String(i)],
    }));
    expect(insertStatements(PROBE, rows).length).toBeGreaterThan(1);
    expect(await insertRows(db(), PROBE, rows)).toBe(rows.length);
    const [counted] = await db().$queryRaw<
      { n: number; sum: bigint }[]
    >`SELECT count(*)::int AS n, sum("count")::bigint AS sum FROM "RawWritesProbe" WHERE "id" BETWEEN 1000 AND 10999`;
    expect(counted).toEqual({ n: rows.length, sum: BigInt((rows.length * (rows.length - 1)) / 2) });
  });
});

describe('writeTogether', () => {
  it('sends writes that do not read each other as one statement, which stands or falls whole', async () => {
    const { counting, sent } = countingStatements();
    const row = (id: bigint): Probe => ({ id, label: 'together', count: 1, on: true, body: null, at: null, tags: [] });
    await writeTogether(counting, [
      ...insertStatements(PROBE, [row(50n)]),
      Prisma.sql`UPDATE "RawWritesProbe" SET "note" = 'updated' WHERE "id" = 1`,
      ...insertStatements(PROBE, [row(51n)]),
    ]);
    expect(sent).toHaveLength(1);
    const after = await probes();
    expect(after.filter((p) => p.label === 'together').map((p) => p.id)).toEqual([50n, 51n]);
    expect(after.find((p) => p.id === 1n)?.note).toBe('updated');

    // the second insert's key is taken: the first insert and the update are not kept either
    await expect(
      writeTogether(db(), [
        ...insertStatements(PROBE, [row(60n)]),
        Prisma.sql`UPDATE "RawWritesProbe" SET "note" = 'not kept' WHERE "id" = 1`,
        ...insertStatements(PROBE, [row(51n)]),
      ]),
    ).rejects.toThrow();
    const unchanged = await probes();
    expect(unchanged.some((p) => p.id === 60n)).toBe(false);
    expect(unchanged.find((p) => p.id === 1n)?.note).toBe('updated');
  });

  it('splits writes whose parameters one statement cannot take', async () => {
    const { counting, sent } = countingStatements();
    const rows = (from: number): Probe[] => Array.from({ length: 3_000 }, (_, i) => ({ id: BigInt(from + i), label: null, count: i, on: false, body: null, at: null, tags: [] }));
    // 3,000 rows of 7 parameters each: one such write fits in a statement, two do not
    await writeTogether(counting, [...insertStatements(PROBE, rows(100_000)), ...insertStatements(PROBE, rows(200_000))]);
    expect(sent).toHaveLength(2);
    const [counted] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "RawWritesProbe" WHERE "id" BETWEEN 100000 AND 204999`;
    expect(counted!.n).toBe(6_000);
  });
});

// 1,000 submits at once on one budget line (城建办 办公费), its balance enough for 300 of them: the
// line must end exact — 300 frozen, 700 refused with BUDGET_INSUFFICIENT, the available balance down by
// exactly 300 amounts and never below zero — and the rate is submits handled a second, through the
// service in the bench's process (its pool, 10 connections). Beside it, pgbench's "simple update" on
// one row through `pg` (no pgbench binary): 1,000 transactions at once on a pool of the same size,
// each BEGIN; UPDATE … WHERE v >= amount; COMMIT.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { isAppError } from '../../workflows/domain/errors.js';
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { percent, perSecond, pool, type BenchOptions, type Row } from './bench-kit.js';

export const SUBMITS = 1000;
export const FITTING = 300;
export const HOT_GOAL_PER_SECOND = 300;
const POOL_SIZE = 10;
const PERSON = 'fenglei';
const actor = { personId: PERSON, platform: 'console' as const, account: PERSON };

/** Transactions a second of the raw update on one row, `count` at once on a pool of POOL_SIZE. */
async function rawUpdates(databaseUrl: string, schema: string, count: number): Promise<number> {
  const client = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  try {
    await client.query(`CREATE TABLE "${schema}".bench_hot (id int PRIMARY KEY, v bigint NOT NULL)`);
    await client.query(`INSERT INTO "${schema}".bench_hot VALUES (1, ${count * 10})`);
    const start = performance.now();
    await Promise.all(
      Array.from({ length: count }, async () => {
        const c = await client.connect();
        try {
          await c.query('BEGIN');
          await c.query(`UPDATE "${schema}".bench_hot SET v = v - 1 WHERE id = 1 AND v >= 1`);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    const tps = count / ((performance.now() - start) / 1000);
    await client.query(`DROP TABLE "${schema}".bench_hot`);
    return tps;
  } finally {
    await client.end();
  }
}

export async function benchHotLine(_options: BenchOptions): Promise<Row[]> {
  const app = await startTestGuanjia({ workers: false });
  const { service } = app.deps;
  try {
    const lineOf = async () => (await service.budget.balances(PERSON)).lines.find((l) => l.subject === '办公费')!;
    const before = await lineOf();
    const amount = before.available / BigInt(FITTING);
    const ids: string[] = [];
    const draftStart = performance.now();
    await pool(
      Array.from({ length: SUBMITS }, (_, i) => i),
      16,
      async () => ids.push((await service.requests.draft(actor, { subject: '办公费', amount, purpose: 'bench hot line' })).id),
    );
    console.log(
      `hot line: ${SUBMITS} drafts of ${amount} 分 on a line with ${before.available} 分 available, drafted in ${((performance.now() - draftStart) / 1000).toFixed(1)} s`,
    );
    const start = performance.now();
    // with an explanation: a run of small drafts on one line is flagged 化整为零, and its submit needs one
    const outcomes = await Promise.allSettled(ids.map((id) => service.requests.submit(actor, id, { explanation: 'bench: one line under load' })));
    const rate = SUBMITS / ((performance.now() - start) / 1000);
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.filter((o) => o.status === 'rejected' && isAppError(o.reason) && o.reason.code === 'BUDGET_INSUFFICIENT').length;
    const otherErrors = outcomes.flatMap((o) => (o.status === 'rejected' && !(isAppError(o.reason) && o.reason.code === 'BUDGET_INSUFFICIENT') ? [o.reason as unknown] : []));
    const after = await lineOf();
    const [frozen] = await app.database.db.$queryRawUnsafe<{ sum: bigint | null; n: number }[]>(
      `SELECT sum("amount")::bigint AS "sum", count(*)::int AS n FROM "LedgerEntry" WHERE "kind" = 'FREEZE' AND "requestId" = ANY($1::text[])`,
      ids,
    );
    const fits = Number(before.available / amount);
    const exact =
      accepted === Math.min(fits, SUBMITS) &&
      refused === SUBMITS - accepted &&
      otherErrors.length === 0 &&
      after.available === before.available - BigInt(accepted) * amount &&
      after.available >= 0n &&
      frozen?.n === accepted &&
      frozen?.sum === BigInt(accepted) * amount;
    console.log(
      `  ${accepted} submitted, ${refused} refused (BUDGET_INSUFFICIENT), ${otherErrors.length} other errors${otherErrors.length ? ` (first: ${String(otherErrors[0])})` : ''}; ` +
        `available ${before.available} → ${after.available} 分, ${frozen?.n ?? 0} freezes of ${frozen?.sum ?? 0n} 分: ${exact ? 'exact' : 'NOT EXACT'}; ${perSecond(rate)}`,
    );
    const raw = app.config.DATABASE_URL ? await rawUpdates(app.config.DATABASE_URL, app.config.DATABASE_SCHEMA, SUBMITS) : Number.NaN;
    if (!Number.isNaN(raw)) console.log(`  raw UPDATE of one row, ${SUBMITS} at once on ${POOL_SIZE} connections: ${perSecond(raw)}`);
    return [
      {
        figure: `${SUBMITS.toLocaleString('en')} submits at once on one line (${accepted} fit): ${exact ? 'exact' : 'NOT EXACT'}`,
        ours: perSecond(rate),
        baseline: Number.isNaN(raw) ? '— (embedded PGlite)' : `raw UPDATE one row (pgbench-like) ${perSecond(raw)}`,
        ratio: Number.isNaN(raw) ? '—' : percent(rate / raw),
        goal: `exact, ≥ ${HOT_GOAL_PER_SECOND}/s`,
        met: exact && rate >= HOT_GOAL_PER_SECOND,
      },
    ];
  } finally {
    await app.cleanup();
  }
}

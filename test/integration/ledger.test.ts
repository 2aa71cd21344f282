// The budget ledger's movements against a real PostgreSQL (or PGlite): each one moves the balance
// columns and writes its row in one transaction, a movement the line or the commitment cannot
// cover is refused and changes nothing, the CHECK constraints refuse a direct UPDATE that would
// break the rule, and a database from before commitments migrates with its SPEND rows unchanged.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../workflows/domain/errors.js';
import { parseOrgText } from '../../workflows/domain/parse-org.js';
import type { Tx } from '../../workflows/infra/db.js';
import {
  adjustBudget,
  availableOf,
  commitBudget,
  commitmentRemainder,
  freezeBudget,
  ledgerTotals,
  releaseBudget,
  spendBudget,
  uncommitBudget,
} from '../../workflows/infra/ledger.js';
import { loadOrganisation } from '../../workflows/infra/load-org.js';
import { MIGRATIONS_DIR } from '../../workflows/infra/migrate.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

const orgWith = (officeYuan: string) => `
unit: { name: 台账测试街道, fiscalYear: 2026 }
departments:
  - { id: ldbz, name: 领导班子, head: zhuren, leader: shuji }
  - { id: cjb, name: 城建办, head: kezhang, leader: shuji }
people:
  - { id: shuji, name: 石书记, department: ldbz }
  - { id: zhuren, name: 朱主任, department: ldbz }
  - { id: kezhang, name: 柯科长, department: cjb }
  - { id: kuaiji, name: 郭会计, department: cjb }
roles:
  finance: [kuaiji]
  principal: [zhuren, shuji]
  secretary: [kezhang]
groups:
  supervision: { console: 监督群 }
budget:
  - { id: office, department: cjb, subject: 办公费, amount: "${officeYuan}" }
  - { id: travel, department: cjb, subject: 差旅费, amount: "500" }
  - { id: repair, department: cjb, subject: 维修费, amount: "500" }
policy:
  collectiveThreshold: "300000"
  requestTypes:
    - name: 用款申请
      steps:
        - { name: 部门负责人审核, role: department_head, limitHours: 8 }
`;

let app: TestGuanjia;
beforeAll(async () => {
  app = await startTestGuanjia({ org: orgWith('1000'), workers: false });
});
afterAll(() => app?.cleanup());

const db = () => app.database.db;
const inTx = <T>(fn: (tx: Tx) => Promise<T>) => db().$transaction(fn);
const line = (id: string) => db().budgetLine.findUniqueOrThrow({ where: { id } });
const balances = async (id: string) => {
  const l = await line(id);
  return { allotted: l.allotted, adjusted: l.adjusted, frozen: l.frozen, committed: l.committed, spent: l.spent };
};
const rows = (lineId: string) => db().ledgerEntry.findMany({ where: { lineId }, orderBy: { id: 'asc' } });
const lastRow = async (lineId: string) => (await rows(lineId)).at(-1)!;

/** Runs a movement that must be refused; returns the AppError after checking the line and its rows are as before. */
async function refused(lineIds: string[], movement: () => Promise<unknown>): Promise<AppError> {
  const before = await Promise.all(lineIds.map(async (id) => ({ line: await balances(id), rows: (await rows(id)).length })));
  const error = await movement().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  const after = await Promise.all(lineIds.map(async (id) => ({ line: await balances(id), rows: (await rows(id)).length })));
  expect(after).toEqual(before);
  return error;
}

async function expectLedgerAgrees(lineId: string) {
  expect(await inTx((tx) => ledgerTotals(tx, lineId))).toEqual(await balances(lineId));
}

describe('ledger movements', () => {
  it('COMMIT moves frozen to committed, and available counts it', async () => {
    await inTx((tx) => freezeBudget(tx, 'office', 30_000n, 'r-commit'));
    await inTx((tx) => commitBudget(tx, 'office', 30_000n, 'r-commit', '事前申请批准'));
    expect(await balances('office')).toMatchObject({ frozen: 0n, committed: 30_000n, spent: 0n });
    expect(availableOf(await line('office'))).toBe(100_000n - 30_000n);
    expect(await lastRow('office')).toMatchObject({ kind: 'COMMIT', amount: 30_000n, requestId: 'r-commit', source: null, commitmentId: null });
    expect(await inTx((tx) => commitmentRemainder(tx, 'office', 'r-commit'))).toBe(30_000n);
    await expectLedgerAgrees('office');
  });

  it('SPEND from a commitment moves committed to spent and names the commitment', async () => {
    await inTx((tx) => spendBudget(tx, 'office', 12_000n, 'r-pay-1', { from: 'committed', commitmentId: 'r-commit' }));
    expect(await balances('office')).toMatchObject({ frozen: 0n, committed: 18_000n, spent: 12_000n });
    expect(await lastRow('office')).toMatchObject({ kind: 'SPEND', source: 'COMMITTED', commitmentId: 'r-commit', requestId: 'r-pay-1', amount: 12_000n });
    expect(await inTx((tx) => commitmentRemainder(tx, 'office', 'r-commit'))).toBe(18_000n);
    await expectLedgerAgrees('office');
  });

  it('UNCOMMIT gives what is left of a commitment back to the line', async () => {
    await inTx((tx) => uncommitBudget(tx, 'office', 18_000n, 'r-commit', '结清'));
    expect(await balances('office')).toMatchObject({ frozen: 0n, committed: 0n, spent: 12_000n });
    expect(availableOf(await line('office'))).toBe(100_000n - 12_000n);
    expect(await lastRow('office')).toMatchObject({ kind: 'UNCOMMIT', commitmentId: 'r-commit', requestId: 'r-commit', amount: 18_000n, note: '结清' });
    expect(await inTx((tx) => commitmentRemainder(tx, 'office', 'r-commit'))).toBe(0n);
    await expectLedgerAgrees('office');
  });

  it('SPEND from frozen (direct spending, as on approval today) moves frozen to spent', async () => {
    await inTx((tx) => freezeBudget(tx, 'office', 5_000n, 'r-direct'));
    await inTx((tx) => spendBudget(tx, 'office', 5_000n, 'r-direct'));
    expect(await balances('office')).toMatchObject({ frozen: 0n, committed: 0n, spent: 17_000n });
    expect(await lastRow('office')).toMatchObject({ kind: 'SPEND', source: 'FROZEN', commitmentId: null, requestId: 'r-direct' });
    await expectLedgerAgrees('office');
  });

  it('a freeze leaves room only for what is not frozen, committed or spent', async () => {
    await inTx((tx) => freezeBudget(tx, 'travel', 10_000n, 'r-t1'));
    await inTx((tx) => commitBudget(tx, 'travel', 10_000n, 'r-t1'));
    const error = await refused(['travel'], () => inTx((tx) => freezeBudget(tx, 'travel', 40_001n, 'r-t2')));
    expect(error.code).toBe('BUDGET_INSUFFICIENT');
    expect(error.details).toMatchObject({ available: '400.00', requested: '400.01', missing: '0.01' });
    await inTx((tx) => freezeBudget(tx, 'travel', 40_000n, 'r-t2'));
    expect(availableOf(await line('travel'))).toBe(0n);
    await inTx((tx) => releaseBudget(tx, 'travel', 40_000n, 'r-t2', '撤回'));
    await expectLedgerAgrees('travel');
  });
});

describe('refusals change nothing', () => {
  it('a payment beyond what is left of its commitment is refused, even when the line holds other commitments', async () => {
    await inTx((tx) => freezeBudget(tx, 'repair', 10_000n, 'r-a'));
    await inTx((tx) => commitBudget(tx, 'repair', 10_000n, 'r-a'));
    await inTx((tx) => freezeBudget(tx, 'repair', 20_000n, 'r-b'));
    await inTx((tx) => commitBudget(tx, 'repair', 20_000n, 'r-b'));
    await inTx((tx) => spendBudget(tx, 'repair', 4_000n, 'r-a-pay', { from: 'committed', commitmentId: 'r-a' }));

    const over = await refused(['repair'], () => inTx((tx) => spendBudget(tx, 'repair', 6_001n, 'r-a-pay2', { from: 'committed', commitmentId: 'r-a' })));
    expect(over.code).toBe('COMMITMENT_INSUFFICIENT');
    expect(over.details).toMatchObject({ remainder: '60.00', requested: '60.01', missing: '0.01' });

    const close = await refused(['repair'], () => inTx((tx) => uncommitBudget(tx, 'repair', 6_001n, 'r-a')));
    expect(close.code).toBe('COMMITMENT_INSUFFICIENT');

    // a commitment made on one line pays nothing on another
    const elsewhere = await refused(['repair', 'office'], () => inTx((tx) => spendBudget(tx, 'office', 100n, 'r-x', { from: 'committed', commitmentId: 'r-a' })));
    expect(elsewhere.code).toBe('COMMITMENT_INSUFFICIENT');
    await expectLedgerAgrees('repair');
  });

  it('a commitment names the request that made it in the refusal', async () => {
    const { id, no } = await app.deps.service.requests.draft(
      { personId: 'kezhang', platform: 'console', account: 'kezhang' },
      { subject: '维修费', amount: 1_000n, purpose: '门窗维修' },
    );
    await inTx((tx) => freezeBudget(tx, 'repair', 1_000n, id));
    await inTx((tx) => commitBudget(tx, 'repair', 1_000n, id));
    const error = await refused(['repair'], () => inTx((tx) => spendBudget(tx, 'repair', 1_500n, 'r-child', { from: 'committed', commitmentId: id })));
    expect(error.details).toMatchObject({ no, type: '用款申请', remainder: '10.00', missing: '5.00' });
  });

  it('COMMIT, SPEND from frozen and RELEASE of more than is frozen are refused with LEDGER_MISMATCH', async () => {
    const { frozen } = await balances('repair');
    for (const movement of [
      (tx: Tx) => commitBudget(tx, 'repair', frozen + 1n, 'r-m'),
      (tx: Tx) => spendBudget(tx, 'repair', frozen + 1n, 'r-m'),
      (tx: Tx) => releaseBudget(tx, 'repair', frozen + 1n, 'r-m'),
    ]) {
      const error = await refused(['repair'], () => inTx(movement));
      expect(error.code).toBe('LEDGER_MISMATCH');
      expect(error.details).toMatchObject({ column: 'frozen' });
    }
    const negative = await refused(['repair'], () => inTx((tx) => releaseBudget(tx, 'repair', -1n, 'r-m')));
    expect(negative.code).toBe('AMOUNT_INVALID');
  });

  it('two payments racing for one commitment: only the one that fits is booked', async () => {
    await inTx((tx) => freezeBudget(tx, 'repair', 10_000n, 'r-race'));
    await inTx((tx) => commitBudget(tx, 'repair', 10_000n, 'r-race'));
    const results = await Promise.allSettled(['p1', 'p2', 'p3'].map((p) => inTx((tx) => spendBudget(tx, 'repair', 6_000n, p, { from: 'committed', commitmentId: 'r-race' }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('COMMITMENT_INSUFFICIENT');
    expect(await inTx((tx) => commitmentRemainder(tx, 'repair', 'r-race'))).toBe(4_000n);
    await expectLedgerAgrees('repair');
  });

  it('a reduction below what is frozen, committed and spent is refused, by adjustBudget and by the organisation file', async () => {
    const l = await line('repair');
    const held = l.frozen + l.committed + l.spent;
    const error = await refused(['repair'], () => inTx((tx) => adjustBudget(tx, 'repair', held - (l.allotted + l.adjusted) - 1n, '调减')));
    expect(error.code).toBe('BUDGET_INSUFFICIENT');
    await inTx((tx) => adjustBudget(tx, 'repair', 10_000n, '追加'));
    await inTx((tx) => adjustBudget(tx, 'repair', -10_000n, '调减'));
    await expectLedgerAgrees('repair');

    // the office line holds 17,000 分 spent and 0 committed: commit 50,000 more, then try to cut it to 600 元
    await inTx((tx) => freezeBudget(tx, 'office', 50_000n, 'r-big'));
    await inTx((tx) => commitBudget(tx, 'office', 50_000n, 'r-big'));
    const org = await refused(['office'], () => loadOrganisation(db(), parseOrgText(orgWith('600')), 'org.yaml', new Date()));
    expect(org.code).toBe('ORG_INVALID');
    expect(String(org.details.problems)).toContain('已承诺 500.00 元');
  });
});

describe('CHECK constraints', () => {
  it('refuse a direct UPDATE that would make available or any balance negative, and malformed ledger rows', async () => {
    const l = await line('travel');
    const room = availableOf(l);
    const fails = async (sql: Promise<unknown>, constraint: string) => {
      const error = await sql.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(error)).toContain(constraint);
    };
    await fails(db().$executeRaw`UPDATE "BudgetLine" SET "committed" = "committed" + ${room + 1n} WHERE "id" = 'travel'`, 'BudgetLine_available_nonnegative');
    await fails(db().$executeRaw`UPDATE "BudgetLine" SET "committed" = -1 WHERE "id" = 'travel'`, 'BudgetLine_balances_nonnegative');
    await fails(db().$executeRaw`UPDATE "BudgetLine" SET "spent" = -1 WHERE "id" = 'travel'`, 'BudgetLine_balances_nonnegative');
    await fails(db().ledgerEntry.create({ data: { lineId: 'travel', kind: 'SPEND', amount: 1n } }), 'LedgerEntry_source_known');
    await fails(db().ledgerEntry.create({ data: { lineId: 'travel', kind: 'SPEND', source: 'COMMITTED', amount: 1n } }), 'LedgerEntry_commitment_named');
    await fails(db().ledgerEntry.create({ data: { lineId: 'travel', kind: 'UNCOMMIT', amount: 1n } }), 'LedgerEntry_commitment_named');
    await fails(db().ledgerEntry.create({ data: { lineId: 'travel', kind: 'FREEZE', source: 'FROZEN', amount: 1n } }), 'LedgerEntry_source_known');
    // a child's freeze from its parent's commitment names the commitment
    await fails(db().ledgerEntry.create({ data: { lineId: 'travel', kind: 'FREEZE', source: 'COMMITTED', amount: 1n } }), 'LedgerEntry_commitment_named');
    await fails(db().ledgerEntry.create({ data: { lineId: 'travel', kind: 'GIFT', amount: 1n } }), 'LedgerEntry_kind_known');
    expect(await balances('travel')).toEqual({ allotted: l.allotted, adjusted: l.adjusted, frozen: l.frozen, committed: l.committed, spent: l.spent });
    await db().$executeRaw`UPDATE "BudgetLine" SET "committed" = "committed" + ${room} WHERE "id" = 'travel'`;
    await db().$executeRaw`UPDATE "BudgetLine" SET "committed" = "committed" - ${room} WHERE "id" = 'travel'`;
  });
});

describe('migrating a database from before commitments', () => {
  it('keeps every line and every SPEND row: committed starts at 0 and the old spending came from frozen', async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const last = names.findIndex((n) => n.endsWith('_ledger_commitments'));
    expect(last).toBeGreaterThan(0);
    const sql = (name: string) => readFile(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8');
    const pg = await PGlite.create();
    try {
      for (const name of names.slice(0, last)) await pg.exec(await sql(name));
      await pg.exec(`
        INSERT INTO "BudgetLine" ("id", "fiscalYear", "departmentId", "subject", "name", "allotted", "frozen", "spent", "updatedAt")
          VALUES ('old', 2026, 'cjb', '办公费', '城建办 / 办公费', 100000, 20000, 30000, now());
        INSERT INTO "LedgerEntry" ("lineId", "kind", "amount", "requestId") VALUES
          ('old', 'ALLOT', 100000, NULL), ('old', 'FREEZE', 50000, 'r1'), ('old', 'SPEND', 30000, 'r1'), ('old', 'FREEZE', 20000, 'r2');`);
      for (const name of names.slice(last)) await pg.exec(await sql(name));
      const { rows: lines } = await pg.query<{ frozen: string; committed: string; spent: string }>(`SELECT "frozen"::text, "committed"::text, "spent"::text FROM "BudgetLine"`);
      expect(lines).toEqual([{ frozen: '20000', committed: '0', spent: '30000' }]);
      const { rows: spends } = await pg.query<{ source: string; commitmentId: string | null }>(`SELECT "source", "commitmentId" FROM "LedgerEntry" WHERE "kind" = 'SPEND'`);
      expect(spends).toEqual([{ source: 'FROZEN', commitmentId: null }]);
    } finally {
      await pg.close();
    }
  });
});

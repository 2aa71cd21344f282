// Existing data migrates into chains: a database made by the code before request chains (and one made
// before commitments) holds an approved request with its FREEZE and SPEND rows, one still in approval
// and a rejected one, written as that code wrote them. Starting today's Guanjia on it applies the
// remaining migrations: every request becomes kind 'direct', keeps its ledger rows, the line's columns
// still equal ledgerTotals, the old policy version still parses, and the request in approval is
// approved by today's code — spending on approval, as it would have then.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOrgText } from '../../workflows/domain/parse-org.js';
import { openDatabase, type Database } from '../../workflows/infra/db.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { applyMigrations } from '../../workflows/infra/migrate.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import { dropTestData, startTestGuanjia, testConfig, type TestGuanjia } from '../helpers/test-guanjia.js';

const CHAINS = '20261201012516_request_chains';
const COMMITMENTS = '20261201000603_ledger_commitments';
const LINE = 'cjb-old-postage-2026';
const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The demo policy as the code before chains stored it: request types without kind, parent, payment or acceptanceBeforePayment. */
async function oldPolicy() {
  const org = parseOrgText(await readFile(new URL('../../prisma/demo-org.yaml', import.meta.url), 'utf8'));
  const requestTypes = org.policy.requestTypes.map(({ kind: _kind, parent: _parent, payment: _payment, acceptanceBeforePayment: _first, ...rest }) => rest);
  return { policy: { ...org.policy, requestTypes }, unit: { ...org.unit, groups: org.groups } };
}

/**
 * Rows as the old code wrote them: policy version 1, a line of 城建办 (10000 元), and three requests
 * of 冯磊 — approved (FREEZE then SPEND), in approval at 钱伟's step (FREEZE), rejected (FREEZE, RELEASE).
 * Before the commitments migration a SPEND had no source; after it, source FROZEN.
 */
async function writeOldData(database: Database, spendSource: 'FROZEN' | null) {
  const db = database.db;
  const { policy, unit } = await oldPolicy();
  await db.$executeRaw`INSERT INTO "PolicyVersion" ("version", "hash", "policy", "unit") VALUES (1, 'before-chains', ${JSON.stringify(policy)}::jsonb, ${JSON.stringify(unit)}::jsonb)`;
  await db.$executeRaw`
    INSERT INTO "BudgetLine" ("id", "fiscalYear", "departmentId", "subject", "name", "allotted", "frozen", "spent", "updatedAt")
    VALUES (${LINE}, 2026, 'cjb', '邮电费', '城建办 / 邮电费', 1000000, 30000, 120000, now())`;
  const step = (requestId: string, state: string) => ({
    index: 0,
    name: '部门负责人审核',
    role: 'department_head',
    mode: '依次',
    assignees: ['qianwei'],
    limitMinutes: 480,
    mandatory: false,
    collective: false,
    requestId,
    state,
  });
  const requests = [
    { id: 'old-approved', amount: 120_000n, status: 'approved', step: 'approved' },
    { id: 'old-in-approval', amount: 30_000n, status: 'in_approval', step: 'active' },
    { id: 'old-rejected', amount: 45_000n, status: 'rejected', step: 'rejected' },
  ];
  for (const r of requests) {
    const s = step(r.id, r.step);
    const route = {
      policyVersion: 1,
      steps: [{ index: s.index, name: s.name, role: s.role, mode: s.mode, assignees: s.assignees, limitMinutes: s.limitMinutes, mandatory: false, collective: false }],
      merged: [],
    };
    await db.$executeRaw`
      INSERT INTO "Request" ("id", "type", "amount", "requesterId", "departmentId", "budgetLineId", "purpose", "category", "tags", "status", "policyVersion", "route", "submittedAt")
      VALUES (${r.id}, '用款申请', ${r.amount}, 'fenglei', 'cjb', ${LINE}, '邮寄资料', '邮电费', ARRAY[]::text[], ${r.status}, 1, ${JSON.stringify(route)}::jsonb, now())`;
    await db.$executeRaw`
      INSERT INTO "Step" ("id", "requestId", "round", "index", "name", "role", "mode", "assignees", "approvedBy", "state", "limitMinutes", "activatedAt")
      VALUES (${`${r.id}.1.0`}, ${r.id}, 1, 0, ${s.name}, ${s.role}, ${s.mode}, ARRAY['qianwei'], ARRAY[]::text[], ${s.state}, ${s.limitMinutes}, now())`;
  }
  const rows: [string, string, bigint, string | null][] = [
    [LINE, 'ALLOT', 1_000_000n, null],
    ['old-approved', 'FREEZE', 120_000n, null],
    ['old-in-approval', 'FREEZE', 30_000n, null],
    ['old-rejected', 'FREEZE', 45_000n, null],
    ['old-approved', 'SPEND', 120_000n, spendSource],
    ['old-rejected', 'RELEASE', 45_000n, null],
  ];
  for (const [requestId, kind, amount, source] of rows) {
    if (spendSource === null) {
      await db.$executeRaw`INSERT INTO "LedgerEntry" ("lineId", "kind", "amount", "requestId") VALUES (${LINE}, ${kind}, ${amount}, ${requestId === LINE ? null : requestId})`;
    } else {
      await db.$executeRaw`INSERT INTO "LedgerEntry" ("lineId", "kind", "amount", "requestId", "source") VALUES (${LINE}, ${kind}, ${amount}, ${requestId === LINE ? null : requestId}, ${kind === 'SPEND' ? source : null})`;
    }
  }
}

async function expectColumnsMatchLedger(app: TestGuanjia) {
  const line = await app.database.db.budgetLine.findUniqueOrThrow({ where: { id: LINE } });
  const columns = { allotted: line.allotted, adjusted: line.adjusted, frozen: line.frozen, committed: line.committed, spent: line.spent };
  expect(columns).toEqual(await app.database.db.$transaction((tx) => ledgerTotals(tx, LINE)));
  return columns;
}

describe.each([
  { era: 'before request chains', before: CHAINS, spendSource: 'FROZEN' as const },
  { era: 'before commitments', before: COMMITMENTS, spendSource: null },
])('data written $era', ({ before, spendSource }) => {
  it('keeps its ledger rows, becomes kind direct, and the request in approval is approved by today’s code', async () => {
    const config = await testConfig({ workers: false });
    cleanups.push(() => dropTestData(config));
    const old = await openDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
    try {
      const applied = await applyMigrations(old.factory, { before });
      expect(applied.length).toBeGreaterThan(0);
      expect(applied.every((name) => name < before)).toBe(true);
      await writeOldData(old, spendSource);
    } finally {
      await old.close();
    }

    const app = await startTestGuanjia({ reuse: config, workers: false });
    cleanups.push(() => app.stop());
    const db = app.database.db;
    const migrated = await db.$queryRaw<{ migration_name: string }[]>`SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`;
    expect(migrated.map((m) => m.migration_name)).toContain(CHAINS);

    const requests = await db.request.findMany({ where: { budgetLineId: LINE }, orderBy: { id: 'asc' } });
    expect(requests.map((r) => [r.id, r.kind, r.parentId, r.paymentState, r.settledAt])).toEqual([
      ['old-approved', 'direct', null, null, null],
      ['old-in-approval', 'direct', null, null, null],
      ['old-rejected', 'direct', null, null, null],
    ]);
    const rows = await db.ledgerEntry.findMany({ where: { lineId: LINE }, orderBy: { id: 'asc' } });
    expect(rows.map((e) => [e.requestId, e.kind, e.amount, e.source, e.commitmentId])).toEqual([
      [null, 'ALLOT', 1_000_000n, null, null],
      ['old-approved', 'FREEZE', 120_000n, null, null],
      ['old-in-approval', 'FREEZE', 30_000n, null, null],
      ['old-rejected', 'FREEZE', 45_000n, null, null],
      // every SPEND made before commitments spent a frozen amount
      ['old-approved', 'SPEND', 120_000n, 'FROZEN', null],
      ['old-rejected', 'RELEASE', 45_000n, null, null],
    ]);
    expect(await expectColumnsMatchLedger(app)).toEqual({ allotted: 1_000_000n, adjusted: 0n, frozen: 30_000n, committed: 0n, spent: 120_000n });

    // today's views read the old rows: no link, a chain of one, nothing to settle or pay
    const approved = await app.deps.service.requests.view('old-approved');
    expect(approved?.request.kind).toBe('direct');
    expect(approved?.settleable).toBe(false);
    const chain = await app.deps.service.requests.chain(actor('fenglei'), String(requests[0]!.no));
    expect(chain.nodes.map((n) => [n.no, n.kind, n.depth, n.spent])).toEqual([[requests[0]!.no, 'direct', 0, 120_000n]]);

    // the request in approval still runs under the old policy version, and approval spends what it froze
    await app.deps.service.requests.decide(actor('qianwei'), { requestId: 'old-in-approval', action: 'approve', comment: '' });
    const done = await db.request.findUniqueOrThrow({ where: { id: 'old-in-approval' } });
    expect([done.status, done.policyVersion, done.paymentState]).toEqual(['approved', 1, null]);
    expect(await expectColumnsMatchLedger(app)).toEqual({ allotted: 1_000_000n, adjusted: 0n, frozen: 0n, committed: 0n, spent: 150_000n });
  });
});

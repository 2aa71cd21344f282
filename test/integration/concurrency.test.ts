// 200 staff members race for a budget line with room for exactly 100 requests: the check-and-freeze
// is one atomic step, so exactly 100 pass, the rest are refused with BUDGET_INSUFFICIENT, the line
// never goes below zero and its balance columns agree with its ledger rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../workflows/domain/errors.js';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { availableOf, ledgerTotals } from '../../workflows/infra/ledger.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

const STAFF = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
const REQUESTS = 200;
const LINE_YUAN = 10_000; // room for exactly 100 requests of 100 元
const AMOUNT = 10_000n; // 100 元 in 分
const FITS = 100;

const ORG = `
unit: { name: 并发测试街道, fiscalYear: 2026 }
departments:
  - { id: ldbz, name: 领导班子, head: zhuren, leader: shuji }
  - { id: kjb, name: 科技办, head: kezhang, leader: fuzhuren }
  - { id: czs, name: 财政所, head: kuaiji, leader: fuzhuren }
people:
  - { id: shuji, name: 石书记, department: ldbz }
  - { id: zhuren, name: 朱主任, department: ldbz }
  - { id: fuzhuren, name: 傅副主任, department: ldbz }
  - { id: kezhang, name: 柯科长, department: kjb }
  - { id: kuaiji, name: 郭会计, department: czs }
${STAFF.map((id, i) => `  - { id: ${id}, name: 科员${i + 1}, department: kjb }`).join('\n')}
roles:
  finance: [kuaiji]
  principal: [zhuren, shuji]
  secretary: [kezhang]
groups:
  supervision: { console: 监督群 }
budget:
  - { id: kjb-office-2026, department: kjb, subject: 办公费, amount: "${LINE_YUAN}" }
policy:
  collectiveThreshold: "300000"
  requestTypes:
    - name: 用款申请
      steps:
        - { name: 部门负责人审核, role: department_head, limitHours: 8 }
`;

let app: TestGuanjia;

beforeAll(async () => {
  // Services are driven directly; no workers, so nothing but the submits touches the line.
  app = await startTestGuanjia({ org: ORG, workers: false });
});
afterAll(() => app?.cleanup());

const actorOf = (personId: string) => ({ personId, platform: 'console' as const, account: personId });

describe('200 concurrent submits on a line with room for 100', () => {
  it('accepts exactly 100, refuses 100 with BUDGET_INSUFFICIENT, and the ledger agrees', async () => {
    const { service } = app.deps;
    const before = await app.database.db.budgetLine.findUniqueOrThrow({ where: { id: 'kjb-office-2026' } });
    expect(availableOf(before)).toBe(AMOUNT * BigInt(FITS));

    const drafts: { id: string; requesterId: string }[] = [];
    const draftStarted = Date.now();
    for (let i = 0; i < REQUESTS; i++) {
      const requesterId = STAFF[i % STAFF.length]!;
      const { id } = await service.requests.draft(actorOf(requesterId), { subject: '办公费', amount: AMOUNT, purpose: `办公用品 ${i + 1}` });
      drafts.push({ id, requesterId });
    }
    const draftMs = Date.now() - draftStarted;

    const submitStarted = Date.now();
    const results = await Promise.allSettled(drafts.map((d) => app.deps.service.requests.submit(actorOf(d.requesterId), d.id)));
    const submitMs = Date.now() - submitStarted;
    console.info(`[concurrency] ${app.database.kind}: ${REQUESTS} drafts in ${draftMs} ms, ${REQUESTS} concurrent submits in ${submitMs} ms`);

    const accepted = drafts.filter((_, i) => results[i]!.status === 'fulfilled').map((d) => d.id);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    const codes = refusals.map((e) => (isAppError(e) ? e.code : `not an AppError: ${String(e)}`));
    expect(accepted).toHaveLength(FITS);
    expect(codes).toEqual(Array(REQUESTS - FITS).fill('BUDGET_INSUFFICIENT'));

    const statuses = await app.database.db.request.groupBy({ by: ['status'], _count: { _all: true }, orderBy: { status: 'asc' } });
    expect(statuses.map((s) => [s.status, s._count._all])).toEqual([
      ['draft', REQUESTS - FITS],
      ['in_approval', FITS],
    ]);
    const inApproval = await app.database.db.request.findMany({ where: { status: 'in_approval' }, select: { id: true } });
    expect(inApproval.map((r) => r.id).sort()).toEqual([...accepted].sort());
    // a refused submit left nothing behind: no steps, no freeze, no audit event
    expect(await app.database.db.step.count()).toBe(FITS);
    expect(await app.database.db.step.count({ where: { state: 'active', requestId: { in: accepted } } })).toBe(FITS);
    expect(await app.database.db.auditEvent.count({ where: { action: 'request.submitted' } })).toBe(FITS);

    const line = await app.database.db.budgetLine.findUniqueOrThrow({ where: { id: 'kjb-office-2026' } });
    expect(line.frozen).toBe(AMOUNT * BigInt(FITS));
    expect(line.spent).toBe(0n);
    expect(availableOf(line)).toBe(0n);
    const freezes = await app.database.db.ledgerEntry.findMany({ where: { lineId: line.id, kind: 'FREEZE' } });
    expect(freezes).toHaveLength(FITS);
    expect(new Set(freezes.map((f) => f.requestId))).toEqual(new Set(accepted));
    expect(freezes.every((f) => f.amount === AMOUNT)).toBe(true);
    const totals = await app.database.db.$transaction((tx) => ledgerTotals(tx, line.id));
    expect(totals).toEqual({ allotted: line.allotted, adjusted: line.adjusted, frozen: line.frozen, committed: line.committed, spent: line.spent });

    // The refusal says which line and by how much.
    const refusal = refusals.find(isAppError)!;
    expect(refusal.details).toMatchObject({ line: '科技办 / 办公费', available: '0.00', requested: '100.00', missing: '100.00' });
    // Appending audit events from 200 racing transactions kept the hash chain whole, its head row on its newest event.
    const chain = await verifyAuditChain(app.database.db);
    expect(chain).toMatchObject({ ok: true });
    const newest = await app.database.db.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(await app.database.db.auditHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual({ id: 1, seq: newest.seq, hash: newest.hash });
    expect(chain.ok && chain.lastHash).toBe(newest.hash);
  });

  it('a refused request fits once an accepted one is withdrawn, and only one of two racers gets the room', async () => {
    const [accepted] = await app.database.db.request.findMany({ where: { status: 'in_approval' }, take: 1, orderBy: { no: 'asc' } });
    const waiting = await app.database.db.request.findMany({ where: { status: 'draft' }, take: 2, orderBy: { no: 'asc' } });
    expect(waiting).toHaveLength(2);
    await app.deps.service.requests.withdraw(actorOf(accepted!.requesterId), accepted!.id);

    const results = await Promise.allSettled(waiting.map((r) => app.deps.service.requests.submit(actorOf(r.requesterId), r.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(isAppError(rejected?.reason) && rejected.reason.code).toBe('BUDGET_INSUFFICIENT');

    const line = await app.database.db.budgetLine.findUniqueOrThrow({ where: { id: 'kjb-office-2026' } });
    expect(line.frozen).toBe(AMOUNT * BigInt(FITS));
    expect(availableOf(line)).toBe(0n);
    expect(await app.database.db.request.count({ where: { status: 'in_approval' } })).toBe(FITS);
    const totals = await app.database.db.$transaction((tx) => ledgerTotals(tx, line.id));
    expect(totals).toEqual({ allotted: line.allotted, adjusted: line.adjusted, frozen: line.frozen, committed: line.committed, spent: line.spent });
    expect(await app.database.db.ledgerEntry.count({ where: { lineId: line.id, kind: 'RELEASE' } })).toBe(1);
  });
});

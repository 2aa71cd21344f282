// 预算执行情况表 through the service API on real PostgreSQL: requests driven through the real service
// (the README's 用款申请 → 费用报销 paid by the cashier, a 预算调整 追加), then the report — for today
// its figures are the ledger's (the lines' columns and ledgerTotals), for an earlier cut-off it leaves
// out what happened after it; the adjustments and approved requests; the scope; the exported workbook
// opens and its total is the ledger's.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeBudget, writeBudgetWorkbook } from '../../bot/reports/budget-workbook.js';
import { BUDGET_SHEETS, TOTAL_LABEL } from '../../bot/replies/budget-report-words.js';
import { isAppError, type ErrorCode } from '../../workflows/domain/errors.js';
import { balancesFromSums } from '../../workflows/domain/ledger-sums.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import type { ApprovedRequestRow, BudgetAdjustmentRow, BudgetExecutionReport, WorkflowService } from '../../workflows/service/workflow-service.js';
import { approveAll, consoleActor } from '../helpers/approve-all.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
beforeAll(async () => {
  t = await startTestGuanjia({ workers: false });
  service = t.deps.service;
});
afterAll(() => t?.cleanup());

const db = () => t.database.db;
const lineOf = (departmentId: string, subject: string) => db().budgetLine.findFirstOrThrow({ where: { departmentId, subject, project: '' } });

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code, `expected ${code}`).toBe(code);
  return isAppError(error) ? error.details : {};
}

async function draftAndSubmit(personId: string, input: Parameters<WorkflowService['requests']['draft']>[1]) {
  const { id, no } = await service.requests.draft(consoleActor(personId), input);
  await service.requests.submit(consoleActor(personId), id);
  return { id, no };
}

async function all<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for await (const batch of batches) rows.push(...batch);
  return rows;
}
const approvedRows = (report: BudgetExecutionReport): Promise<ApprovedRequestRow[]> => all(report.approved());
const adjustmentRows = (report: BudgetExecutionReport): Promise<BudgetAdjustmentRow[]> => all(report.adjustments());

const rowOf = (report: BudgetExecutionReport, department: string, subject: string, project = '') =>
  report.departments.find((d) => d.department === department)?.lines.find((l) => l.subject === subject && l.project === project);

let prior: { id: string; no: number };
let claim: { id: string; no: number };
let addition: { id: string; no: number };

describe('预算执行情况表', () => {
  it('shows the README demo: 城建办 / 办公费 50,000.00, 已支出 1,200.00, 执行率 2.40%', async () => {
    // 冯磊 /申请 办公费 1200 购买打印纸 (用款申请): 钱伟, 刘晓燕, 财务
    prior = await draftAndSubmit('fenglei', { type: '用款申请', subject: '办公费', amount: 120_000n, purpose: '购买打印纸' });
    await approveAll(service, db(), prior.id);
    // a 费用报销 of 1200 关联 to it, approved, paid by the cashier 何芳
    claim = await draftAndSubmit('fenglei', { type: '费用报销', amount: 120_000n, purpose: '购买打印纸', parent: String(prior.no) });
    await approveAll(service, db(), claim.id);
    await service.requests.pay(consoleActor('hefang'), { requestId: claim.id, voucherNo: '记-2026-118' });

    const report = await service.reports.budget({ personId: 'wugang' }, {});
    expect(report.scope).toMatchObject({ kind: 'unit', label: '全部' });
    expect(report.unitName).toBe('青石街道办事处');
    const row = rowOf(report, '城建办', '办公费')!;
    expect(row).toMatchObject({ allotted: 5_000_000n, adjusted: 0n, budget: 5_000_000n, frozen: 0n, committed: 0n, spent: 120_000n, available: 4_880_000n, executionBp: 240 });
    expect(row.varianceBp).toBe(240 - report.timeProgressBp);
    expect(summarizeBudget(report)).toMatchObject({ kind: 'budget', scope: '全部', asOf: report.asOf, spent: '120000' });
  });

  it('lists departments in the organisation file order with their subtotals, and the unit total', async () => {
    await draftAndSubmit('xujing', { type: '用款申请', subject: '印刷费', amount: 300_000n, purpose: '印制宣传册' }); // stays frozen
    addition = await draftAndSubmit('zhouting', { type: '预算调整', subject: '会议费', amount: 1_000_000n, purpose: '追加会议费' });
    await approveAll(service, db(), addition.id);
    const report = await service.reports.budget({ personId: 'zhaoguoping' }, { department: '全部' });
    expect(report.departments.map((d) => d.department)).toEqual(['党政办', '财政所', '城建办', '社会事务办', '纪工委']);
    for (const d of report.departments) {
      const sum = (key: 'allotted' | 'adjusted' | 'frozen' | 'committed' | 'spent') => d.lines.reduce((s, l) => s + l[key], 0n);
      expect(d.subtotal).toMatchObject({ allotted: sum('allotted'), adjusted: sum('adjusted'), frozen: sum('frozen'), committed: sum('committed'), spent: sum('spent') });
    }
    expect(rowOf(report, '社会事务办', '印刷费')).toMatchObject({ frozen: 300_000n, available: 4_700_000n });
    expect(rowOf(report, '党政办', '会议费')).toMatchObject({ allotted: 5_000_000n, adjusted: 1_000_000n, budget: 6_000_000n });
    expect(await adjustmentRows(report)).toEqual([
      expect.objectContaining({ department: '党政办', subject: '会议费', amount: 1_000_000n, requestNo: addition.no, on: report.asOf }),
    ]);
  });

  it('equals the ledger for today: every line’s columns and ledgerTotals, and the total their sums', async () => {
    const report = await service.reports.budget({ personId: 'lijun' }, {});
    const lines = await db().budgetLine.findMany({ where: { fiscalYear: report.fiscalYear } });
    const shown = report.departments.flatMap((d) => d.lines);
    expect(shown).toHaveLength(lines.length);
    for (const line of lines) {
      const row = shown.find((l) => l.lineId === line.id)!;
      const columns = { allotted: line.allotted, adjusted: line.adjusted, frozen: line.frozen, committed: line.committed, spent: line.spent };
      expect({ allotted: row.allotted, adjusted: row.adjusted, frozen: row.frozen, committed: row.committed, spent: row.spent }).toEqual(columns);
      expect(await ledgerTotals(db() as never, line.id)).toEqual(columns);
    }
    const total = (key: 'allotted' | 'adjusted' | 'frozen' | 'committed' | 'spent') => lines.reduce((s, l) => s + l[key], 0n);
    expect(report.total).toMatchObject({ allotted: total('allotted'), adjusted: total('adjusted'), frozen: total('frozen'), committed: total('committed'), spent: total('spent') });

    const approved = await approvedRows(report);
    const today = report.asOf;
    expect(approved.filter((r) => r.subject === '办公费' && r.department === '城建办')).toEqual([
      expect.objectContaining({ no: prior.no, type: '用款申请', requester: '冯磊', purpose: '购买打印纸', amount: 120_000n, approvedOn: today, paidOn: null }),
      expect.objectContaining({ no: claim.no, type: '费用报销', amount: 120_000n, approvedOn: today, paidOn: today }),
    ]);
    // the frozen 印刷费 request is not approved
    expect(approved.map((r) => r.no).sort((a, b) => a - b)).toEqual([prior.no, claim.no, addition.no].sort((a, b) => a - b));
  });

  it('leaves out what happened after an earlier cut-off', async () => {
    // the 用款申请 as if approved in June: its movements and approval moved back in time
    const june = new Date('2026-06-15T02:00:00Z');
    await db().ledgerEntry.updateMany({ where: { requestId: prior.id }, data: { at: june } });
    await db().request.update({ where: { id: prior.id }, data: { closedAt: june } });
    const report = await service.reports.budget({ personId: 'wugang' }, { asOf: '2026-06-30' });
    expect(report.asOf).toBe('2026-06-30');
    expect(rowOf(report, '城建办', '办公费')).toMatchObject({ allotted: 5_000_000n, frozen: 0n, committed: 120_000n, spent: 0n, available: 4_880_000n, executionBp: 0 });
    // the 追加 came later; the 印刷费 request too
    expect(rowOf(report, '党政办', '会议费')).toMatchObject({ adjusted: 0n, budget: 5_000_000n });
    expect(rowOf(report, '社会事务办', '印刷费')).toMatchObject({ frozen: 0n });
    expect(await adjustmentRows(report)).toEqual([]);
    expect(await approvedRows(report)).toEqual([expect.objectContaining({ no: prior.no, approvedOn: '2026-06-15', paidOn: null })]);

    // every line as the rows before the cut-off sum them
    const cutoff = new Date('2026-06-30T16:00:00Z'); // 2026-07-01 00:00 in Asia/Shanghai
    const sums = await db().$queryRaw<{ lineId: string; kind: string; source: string | null; amount: bigint }[]>`
      SELECT "lineId", "kind", "source", sum("amount")::bigint AS "amount" FROM "LedgerEntry"
      WHERE "at" < ${cutoff} OR "kind" = 'ALLOT' GROUP BY 1, 2, 3`;
    for (const row of report.departments.flatMap((d) => d.lines)) {
      const expected = balancesFromSums(sums.filter((s) => s.lineId === row.lineId));
      expect({ allotted: row.allotted, adjusted: row.adjusted, frozen: row.frozen, committed: row.committed, spent: row.spent }).toEqual(expected);
    }
    // 2026-06-30: 120 of 248 working days
    expect(report).toMatchObject({ workdaysPassed: 120, workdaysInYear: 248, timeProgressBp: 4839 });
  });

  it('counts a movement at 23:59 Beijing time on the cut-off day, and not one a minute later', async () => {
    const line = await lineOf('jgw', '培训费');
    const before = await service.reports.budget({ personId: 'wugang' }, { asOf: '2026-07-31' });
    await db().ledgerEntry.createMany({
      data: [
        { lineId: line.id, kind: 'ADJUST', amount: 100n, note: '23:59', at: new Date('2026-07-31T15:59:00Z') },
        { lineId: line.id, kind: 'ADJUST', amount: 10_000n, note: '00:00', at: new Date('2026-07-31T16:00:00Z') },
      ],
    });
    await db().budgetLine.update({ where: { id: line.id }, data: { adjusted: { increment: 10_100n } } });
    const after = await service.reports.budget({ personId: 'wugang' }, { asOf: '2026-07-31' });
    expect(rowOf(after, '纪工委', '培训费')!.adjusted - rowOf(before, '纪工委', '培训费')!.adjusted).toBe(100n);
    expect((await adjustmentRows(after)).filter((a) => a.subject === '培训费')).toEqual([
      expect.objectContaining({ amount: 100n, on: '2026-07-31', requestNo: null, note: '23:59' }),
    ]);
  });

  it('keeps the cut-off within the fiscal year and refuses what is not a day', async () => {
    expect((await service.reports.budget({ personId: 'wugang' }, { asOf: '2027-03-01' })).asOf).toBe('2026-12-31');
    expect(await refused(service.reports.budget({ personId: 'wugang' }, { asOf: '2026-13-01' }), 'BAD_INPUT')).toMatchObject({ problem: expect.stringContaining('YYYY-MM-DD') });
    expect(await refused(service.reports.budget({ personId: 'wugang' }, { asOf: '2025-12-31' }), 'BAD_INPUT')).toMatchObject({ problem: expect.stringContaining('2026-01-01') });
  });

  it('shows a department its own lines only, and refuses it the unit', async () => {
    const own = await service.reports.budget({ personId: 'fenglei' }, {});
    expect(own.scope).toMatchObject({ kind: 'department', label: '城建办', departmentIds: ['cjb'] });
    expect(own.departments.map((d) => d.department)).toEqual(['城建办']);
    expect((await approvedRows(own)).every((r) => r.department === '城建办')).toBe(true);
    await refused(service.reports.budget({ personId: 'fenglei' }, { department: '全部' }), 'REPORT_SCOPE');
    await refused(service.reports.budget({ personId: 'fenglei' }, { department: '党政办' }), 'REPORT_SCOPE');
    const named = await service.reports.budget({ personId: 'wugang' }, { department: '社会事务办' });
    expect(named.departments.map((d) => d.department)).toEqual(['社会事务办']);
  });

  it('exports a workbook that opens and whose total is the ledger’s', async () => {
    const report = await service.reports.budget({ personId: 'wugang' }, {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeBudgetWorkbook(report)).slice().buffer);
    const sheet = workbook.getWorksheet(BUDGET_SHEETS.execution)!;
    let total: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === TOTAL_LABEL) total = row;
    });
    const lines = await db().budgetLine.findMany({ where: { fiscalYear: report.fiscalYear } });
    const fen = (key: 'allotted' | 'adjusted' | 'frozen' | 'committed' | 'spent') => lines.reduce((s, l) => s + l[key], 0n);
    const yuan = (amount: bigint) => Number(amount) / 100;
    // 年初指标 … 已支出 are columns D to I
    expect([4, 5, 6, 7, 8, 9].map((c) => total!.getCell(c).value)).toEqual(
      [fen('allotted'), fen('adjusted'), fen('allotted') + fen('adjusted'), fen('frozen'), fen('committed'), fen('spent')].map(yuan),
    );
    const approved = workbook.getWorksheet(BUDGET_SHEETS.approved)!;
    expect(approved.rowCount - 2).toBe((await approvedRows(report)).length);
  });
});

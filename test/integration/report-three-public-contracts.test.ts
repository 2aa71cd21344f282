// 三公经费统计 and 合同执行情况表 on real PostgreSQL, from requests driven through the service on the demo
// organisation (公务接待 capped at 25,000 in the file, below its line's 30,000) and last year's lines
// written directly: caps from the file for the unit and from the lines for one department, spent and
// frozen as of today and of yesterday, year-on-year against last year by the same day; a contract with
// two instalments paid in part after its acceptance, another unpaid, by scope and cut-off.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeContractWorkbook } from '../../bot/reports/contract-workbook.js';
import { writeThreePublicWorkbook } from '../../bot/reports/three-public-workbook.js';
import { stringify } from 'yaml';
import { isAppError } from '../../workflows/domain/errors.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import { demoOrgDocument } from '../helpers/demo-org-text.js';
import { approveAll, consoleActor } from '../helpers/approve-all.js';
import { threePublicRow } from '../helpers/three-public-rows.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const TZ = 'Asia/Shanghai';
let t: TestGuanjia;
let service: WorkflowService;
const db = () => t.database.db;
const today = () => dayjs().tz(TZ).format('YYYY-MM-DD');
const yesterday = () => dayjs().tz(TZ).subtract(1, 'day').format('YYYY-MM-DD');

/** the last row of a workbook's sheet (its total), as ExcelJS reads it back */
async function totalRow(bytes: Uint8Array, sheet: string): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = workbook.getWorksheet(sheet)!;
  return (ws.getRow(ws.rowCount).values as unknown[]).slice(1);
}

async function approved(personId: string, input: Parameters<WorkflowService['requests']['draft']>[1]): Promise<{ id: string; no: number }> {
  const draft = await service.requests.draft(consoleActor(personId), input);
  await service.requests.submit(consoleActor(personId), draft.id);
  await approveAll(service, db(), draft.id);
  return draft;
}

beforeAll(async () => {
  const doc = await demoOrgDocument();
  const reports = doc.policy.reports as { threePublic: { category: string; cap?: string }[] };
  reports.threePublic.find((c) => c.category === '公务接待')!.cap = '25000';
  t = await startTestGuanjia({ org: stringify(doc) });
  service = t.deps.service;
});
afterAll(() => t?.cleanup());

describe('三公经费统计', () => {
  beforeAll(async () => {
    // this year: 2,000 spent on 公务接待费 (零星支出 spends on approval), 1,000 frozen on 公务用车运行维护费
    await approved('zhouting', { type: '零星支出', subject: '公务接待费', amount: 200_000n, purpose: '接待省检查组' });
    const car = await service.requests.draft(consoleActor('zhouting'), { type: '用款申请', subject: '公务用车运行维护费', amount: 100_000n, purpose: '车辆保养' });
    await service.requests.submit(consoleActor('zhouting'), car.id);

    // last year: 党政办's 公务接待费 spent 800 three weeks before the same day and 200 later that same day; 300 the day after
    const lastYear = dayjs().tz(TZ).subtract(1, 'year');
    await db().budgetLine.create({
      data: { id: 'dzb-reception-2025', fiscalYear: 2025, departmentId: 'dzb', subject: '公务接待费', name: '党政办 公务接待费', allotted: 3_000_000n },
    });
    const spend = (amount: bigint, when: dayjs.Dayjs) =>
      db().ledgerEntry.create({ data: { lineId: 'dzb-reception-2025', kind: 'SPEND', source: 'FROZEN', amount, at: when.toDate() } });
    await db().ledgerEntry.create({ data: { lineId: 'dzb-reception-2025', kind: 'ALLOT', amount: 3_000_000n, at: lastYear.subtract(300, 'day').toDate() } });
    await spend(80_000n, lastYear.subtract(21, 'day'));
    await spend(20_000n, lastYear.endOf('day').subtract(1, 'minute'));
    await spend(30_000n, lastYear.add(1, 'day').endOf('day').subtract(1, 'minute'));
  });

  it('compares the unit with the file’s caps, and last year by the same day', async () => {
    const report = await service.reports.threePublic(consoleActor('wugang'), {});
    expect(report).toMatchObject({ asOf: today(), fiscalYear: 2026, scope: { kind: 'unit', label: '全部' } });
    expect(report.rows).toEqual([
      threePublicRow('因公出国(境)'),
      threePublicRow('公务用车购置及运行', { cap: 6_000_000n, capFromFile: true, frozen: 100_000n, left: 5_900_000n }),
      // 2,000 against 1,000 last year by the same day
      threePublicRow('公务接待', { cap: 2_500_000n, capFromFile: true, spent: 200_000n, left: 2_300_000n, usedBp: 800, lastYearSpent: 100_000n, yoyBp: 10000 }),
    ]);
    expect(report.total).toEqual({ cap: 8_500_000n, spent: 200_000n, frozen: 100_000n, committed: 0n, left: 8_200_000n, usedBp: 235, lastYearSpent: 100_000n, yoyBp: 10000 });
    // the workbook's total: 元 as numbers, equal to the ledger's
    const total = await totalRow(await writeThreePublicWorkbook(report), '三公经费统计');
    expect([total[0], total[2], total[4], total[5]]).toEqual(['合计', 85_000, 2_000, 1_000]);
  });

  it('takes the balances as of the end of the day asked for', async () => {
    const report = await service.reports.threePublic(consoleActor('wugang'), { asOf: yesterday() });
    const reception = report.rows.find((r) => r.category === '公务接待')!;
    // nothing yet this year; last year by the day before: only the 800
    expect(reception).toMatchObject({ spent: 0n, lastYearSpent: 80_000n, yoyBp: -10000 });
    expect(report.rows.find((r) => r.category === '公务用车购置及运行')).toMatchObject({ frozen: 0n });
  });

  it('compares one department with its lines’ budget', async () => {
    const report = await service.reports.threePublic(consoleActor('zhouting'), {});
    expect(report.scope).toMatchObject({ kind: 'department', label: '党政办' });
    expect(report.rows.find((r) => r.category === '公务接待')).toMatchObject({ cap: 5_000_000n, capFromFile: false, spent: 200_000n, usedBp: 400 });
    const other = await service.reports.threePublic(consoleActor('fenglei'), {});
    expect(other.total).toMatchObject({ cap: 0n, spent: 0n, frozen: 0n, lastYearSpent: null });
  });

  it('gives the 驾驶舱 the current figures', async () => {
    const { threePublicNow } = await import('../../workflows/infra/reports/three-public.js');
    const departments = (await db().department.findMany({ select: { id: true } })).map((d) => d.id);
    const figures = await threePublicNow({ db: db(), now: new Date(), tz: TZ }, departments);
    expect(figures).toEqual([
      { category: '因公出国(境)', cap: 0n, spent: 0n, frozen: 0n, committed: 0n },
      { category: '公务用车购置及运行', cap: 6_000_000n, spent: 0n, frozen: 100_000n, committed: 0n },
      { category: '公务接待', cap: 2_500_000n, spent: 200_000n, frozen: 0n, committed: 0n },
    ]);
  });

  it('refuses a cut-off not written YYYY-MM-DD', async () => {
    const error = await service.reports.threePublic(consoleActor('wugang'), { asOf: '2026-02-30' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('BAD_INPUT');
  });
});

describe('合同执行情况表', () => {
  let works: { id: string; no: number };
  let contractNo = '';

  beforeAll(async () => {
    works = await approved('fenglei', {
      type: '合同审批',
      subject: '工程项目',
      amount: 100_000_00n,
      purpose: '老街雨污分流一期',
      supplier: '青石建设',
      instalments: [
        { percentBasis: 3000, condition: '签订后' },
        { percentBasis: 7000, condition: '验收合格后' },
      ],
    });
    contractNo = (await db().contract.findUniqueOrThrow({ where: { requestId: works.id } })).no;
    const advance = await approved('fenglei', { type: '工程付款', amount: 30_000_00n, purpose: '预付款', parent: contractNo, instalment: 1 });
    await service.requests.pay(consoleActor('hefang'), { requestId: advance.id, voucherNo: '记-2026-301' });
    await approved('fenglei', { type: '工程验收', purpose: '竣工验收合格', parent: contractNo, instalment: 2 });
    const second = await approved('fenglei', { type: '工程付款', amount: 20_000_00n, purpose: '二期款（部分）', parent: contractNo, instalment: 2 });
    await service.requests.pay(consoleActor('hefang'), { requestId: second.id, voucherNo: '记-2026-302' });
    await approved('xujing', { type: '合同审批', subject: '专用材料费', amount: 50_000_00n, purpose: '防汛物资', supplier: '鑫达物资' });
  });

  it('lists the unit’s contracts with their instalments, acceptance and payments', async () => {
    const report = await service.reports.contracts(consoleActor('wugang'), {});
    expect(report.asOf).toBe(today());
    expect(report.contracts).toHaveLength(2);
    const acceptance = await db().request.findFirstOrThrow({ where: { parentId: works.id, kind: 'acceptance' } });
    expect(report.contracts[0]).toEqual({
      contractNo,
      requestNo: works.no,
      department: '城建办',
      supplier: '青石建设',
      purpose: '老街雨污分流一期',
      signedOn: today(),
      amount: 100_000_00n,
      paid: 50_000_00n,
      remaining: 50_000_00n,
      paidBp: 5000,
      settled: false,
      instalments: [
        { index: 1, amount: 30_000_00n, condition: '签订后', acceptedOn: null, acceptanceNo: null, paid: 30_000_00n, lastPaidOn: today() },
        { index: 2, amount: 70_000_00n, condition: '验收合格后', acceptedOn: today(), acceptanceNo: acceptance.no, paid: 20_000_00n, lastPaidOn: today() },
      ],
    });
    expect(report.contracts[1]).toMatchObject({
      department: '社会事务办',
      supplier: '鑫达物资',
      amount: 50_000_00n,
      paid: 0n,
      paidBp: 0,
      instalments: [{ index: 1, amount: 50_000_00n }],
    });
    expect(report.total).toEqual({ amount: 150_000_00n, paid: 50_000_00n, remaining: 100_000_00n, paidBp: 3333, count: 2 });
    // paid equals the ledger: the SPEND rows of the contract's payments
    const spent = await db().ledgerEntry.aggregate({
      where: { kind: 'SPEND', requestId: { in: (await db().request.findMany({ where: { parentId: works.id } })).map((r) => r.id) } },
      _sum: { amount: true },
    });
    expect(spent._sum.amount).toBe(report.contracts[0]!.paid);
    const total = await totalRow(await writeContractWorkbook(report), '合同执行情况');
    expect(total.slice(6, 9)).toEqual([150_000, 50_000, 100_000]);
  });

  it('gives a department head their own department’s, and nothing signed after the cut-off', async () => {
    const mine = await service.reports.contracts(consoleActor('qianwei'), {});
    expect(mine.contracts.map((c) => c.contractNo)).toEqual([contractNo]);
    const before = await service.reports.contracts(consoleActor('wugang'), { asOf: yesterday() });
    expect(before.total).toEqual({ amount: 0n, paid: 0n, remaining: 0n, paidBp: 0, count: 0 });
  });
});

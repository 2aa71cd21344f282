// The monthly 绩效 report on real PostgreSQL, from requests driven through the service on the demo
// organisation with the apps' clock set by the test (workers off: the lights are fired by hand, as
// their timers would). November 2026: a 用款申请 of 城建办 approved, returned, resubmitted, red and
// approved late; a 零星支出 of 城建办 submitted in October and approved in November; one of 社会事务办
// red since October and still open; one of 党政办 transferred and rejected; one of December. The
// figures — per department, per approver, the total — are worked out by hand below.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePerformanceWorkbook } from '../../bot/reports/performance-workbook.js';
import { isAppError } from '../../workflows/domain/errors.js';
import type { Actor, DecisionInput, WorkflowService } from '../../workflows/service/workflow-service.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
let now = new Date('2026-10-30T16:00:00+08:00');
const at = (local: string) => (now = new Date(`${local}+08:00`));
const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });
const db = () => t.database.db;

beforeAll(async () => {
  t = await startTestGuanjia({ workers: false, clock: () => now });
  service = t.deps.service;
});
afterAll(() => t?.cleanup());

async function submit(personId: string, type: string, amount: bigint, purpose: string): Promise<string> {
  const { id } = await service.requests.draft(actor(personId), { type, subject: '办公费', amount, purpose });
  await service.requests.submit(actor(personId), id);
  return id;
}

/** decides the request's active step as `personId` */
async function decide(personId: string, requestId: string, action: DecisionInput['action'], extra: Partial<DecisionInput> = {}): Promise<void> {
  const request = await db().request.findUniqueOrThrow({ where: { id: requestId } });
  const step = await db().step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
  await service.requests.decide(actor(personId), { requestId, stepId: step.id, action, comment: action === 'approve' || action === 'transfer' ? '' : '请补充', ...extra });
}

async function lightUp(requestId: string): Promise<void> {
  const request = await db().request.findUniqueOrThrow({ where: { id: requestId } });
  const step = await db().step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
  expect(await service.deadlines.fire(step.id, 'yellow')).toBe(true);
  expect(await service.deadlines.fire(step.id, 'red')).toBe(true);
}

const row = (figures: Partial<Record<string, unknown>>) => ({
  submitted: 0,
  handled: 0,
  onTime: 0,
  onTimeBp: null,
  yellow: 0,
  red: 0,
  averageMinutes: null,
  returns: 0,
  alerts: 0,
  ...figures,
});

describe('行政审批绩效月度报表', () => {
  beforeAll(async () => {
    // Friday 30 October: two requests whose first steps run into November
    at('2026-10-30T16:00:00');
    const small = await submit('fenglei', '零星支出', 20_000n, '订书机');
    at('2026-10-30T16:30:00');
    const stuck = await submit('xujing', '零星支出', 10_000n, '文件夹');

    // Monday 2 November
    at('2026-11-02T09:00:00');
    const prior = await submit('fenglei', '用款申请', 120_000n, '购买办公用品');
    at('2026-11-02T10:00:00');
    await decide('qianwei', prior, 'approve'); // 60 working minutes
    await decide('qianwei', small, 'approve'); // Fri 16:00–17:30 and Mon 08:30–10:00: 180
    at('2026-11-02T10:05:00');
    await decide('wugang', small, 'approve'); // 5; spent on approval
    at('2026-11-02T10:30:00');
    await decide('liuxiaoyan', prior, 'return'); // 30
    at('2026-11-02T11:00:00');
    await service.requests.submit(actor('fenglei'), prior);

    // Tuesday 3 November: the resubmitted request's first step was due at 12:00; the October one at Monday 17:30
    at('2026-11-03T14:30:00');
    await lightUp(prior);
    await lightUp(stuck);
    at('2026-11-03T15:00:00');
    await decide('qianwei', prior, 'approve'); // Mon 11:00–12:00, 14:00–17:30, Tue 08:30–12:00, 14:00–15:00: 540, late
    at('2026-11-03T15:30:00');
    await decide('liuxiaoyan', prior, 'approve'); // 30
    at('2026-11-03T16:00:00');
    await decide('wugang', prior, 'approve'); // 30

    // Wednesday 4 November: 党政办, transferred and rejected
    at('2026-11-04T09:00:00');
    const office = await submit('zhouting', '零星支出', 30_000n, '复印纸');
    at('2026-11-04T09:30:00');
    await decide('sunli', office, 'transfer', { transferTo: 'chenzhiqiang' }); // 30
    at('2026-11-04T10:00:00');
    await decide('chenzhiqiang', office, 'reject'); // 60 from the step's activation

    // Tuesday 1 December
    at('2026-12-01T09:00:00');
    const december = await submit('fenglei', '零星支出', 5_000n, '笔');
    at('2026-12-01T09:30:00');
    await decide('qianwei', december, 'approve');
    expect(await db().alert.count({ where: { rule: 'overdue' } })).toBe(2);
  });

  it('counts last month for 财务 by default: every department, every approver and the total', async () => {
    const report = await service.reports.performance(actor('wugang'), {});
    expect(report).toMatchObject({ unitName: '青石街道办事处', fiscalYear: 2026, month: '2026-11', scope: { kind: 'unit', label: '全部' } });
    expect(report.departments.map((d) => d.name)).toEqual(['领导班子', '党政办', '财政所', '城建办', '社会事务办', '纪工委']);
    const department = (id: string) => report.departments.find((d) => d.id === id);
    // 城建办: 60, 30 (returned), 540 (late), 30, 30, 180, 5 — 875 over 7
    expect(department('cjb')).toEqual(row({ id: 'cjb', name: '城建办', submitted: 1, handled: 7, onTime: 6, onTimeBp: 8571, red: 1, averageMinutes: 125, returns: 1, alerts: 1 }));
    expect(department('dzb')).toEqual(row({ id: 'dzb', name: '党政办', submitted: 1, handled: 1, onTime: 1, onTimeBp: 10000, averageMinutes: 60 }));
    expect(department('shb')).toEqual(row({ id: 'shb', name: '社会事务办', red: 1, alerts: 1 }));
    expect(department('czs')).toEqual(row({ id: 'czs', name: '财政所' }));

    expect(report.approvers).toEqual([
      row({ id: 'chenzhiqiang', name: '陈志强', department: '领导班子', handled: 1, onTime: 1, onTimeBp: 10000, averageMinutes: 60 }),
      row({ id: 'liuxiaoyan', name: '刘晓燕', department: '领导班子', handled: 2, onTime: 2, onTimeBp: 10000, averageMinutes: 30, returns: 1 }),
      row({ id: 'sunli', name: '孙丽', department: '党政办', handled: 1, onTime: 1, onTimeBp: 10000, averageMinutes: 30 }),
      row({ id: 'wugang', name: '吴刚', department: '财政所', handled: 2, onTime: 2, onTimeBp: 10000, averageMinutes: 18 }),
      row({ id: 'qianwei', name: '钱伟', department: '城建办', handled: 3, onTime: 2, onTimeBp: 6667, red: 1, averageMinutes: 260, alerts: 1 }),
      row({ id: 'mahong', name: '马红', department: '社会事务办', red: 1, alerts: 1 }),
    ]);
    // 875 + 60 over 8
    expect(report.total).toEqual(row({ id: '', name: '全部', submitted: 2, handled: 8, onTime: 7, onTimeBp: 8750, red: 2, averageMinutes: 117, returns: 1, alerts: 2 }));
    // the workbook's total row says the same
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await writePerformanceWorkbook(report)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('按部门')!;
    expect((sheet.getRow(sheet.rowCount).values as unknown[]).slice(1)).toEqual(['合计', 2, 8, 7, 0.875, 0, 2, 117 / 60, 1, 2]);
  });

  it('gives a department head their own department’s requests only', async () => {
    const report = await service.reports.performance(actor('qianwei'), { month: '2026-11' });
    expect(report.scope).toMatchObject({ kind: 'department', departmentIds: ['cjb'], label: '城建办' });
    expect(report.departments.map((d) => d.id)).toEqual(['cjb']);
    expect(report.approvers.map((a) => [a.name, a.handled])).toEqual([
      ['刘晓燕', 2],
      ['吴刚', 2],
      ['钱伟', 3],
    ]);
    expect(report.total).toMatchObject({ name: '城建办', submitted: 1, handled: 7, red: 1, alerts: 1 });
  });

  it('counts December apart, with the request still red since October', async () => {
    const report = await service.reports.performance(actor('wugang'), { month: '2026-12' });
    expect(report.departments.find((d) => d.id === 'cjb')).toMatchObject({ submitted: 1, handled: 1, onTime: 1, averageMinutes: 30 });
    expect(report.departments.find((d) => d.id === 'shb')).toMatchObject({ red: 1, alerts: 0 });
    expect(report.total).toMatchObject({ submitted: 1, handled: 1, red: 1, alerts: 0, returns: 0 });
  });

  it('refuses a month not written YYYY-MM', async () => {
    const error = await service.reports.performance(actor('wugang'), { month: '2026-13' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('BAD_INPUT');
  });
});

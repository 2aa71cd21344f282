// 驾驶舱 (issue 11) on real PostgreSQL, on the demo organisation: after a few real requests — spent,
// committed, lit yellow and red, a 化整为零 alert, 三公 spending — the dashboard's figures equal what
// the service's /预算 and the ledger say; each reading is audited as report.dashboard; a person without
// an oversight role is refused (DASHBOARD_DENIED) and the refusal audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardView } from '../../adapters/console/console-api.js';
import { refusalText } from '../../bot/replies/error-text.js';
import { isAppError } from '../../workflows/domain/errors.js';
import { ratioBp, timeProgress } from '../../workflows/domain/reports/time-progress.js';
import type { DashboardData, DraftInput, WorkflowService } from '../../workflows/service/workflow-service.js';
import { approveAll, consoleActor } from '../helpers/approve-all.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
const db = () => t.database.db;

async function request(personId: string, input: DraftInput, until: 'draft' | 'submitted' | 'approved') {
  const { id, no } = await service.requests.draft(consoleActor(personId), input);
  if (until !== 'draft') await service.requests.submit(consoleActor(personId), id);
  if (until === 'approved') await approveAll(service, db(), id);
  return { id, no };
}

/** lights the active step of a request as the deadline timers would, and dates its activation (UTC) */
async function light(requestId: string, colour: 'yellow' | 'red', activatedAt: string): Promise<void> {
  const step = await db().step.findFirstOrThrow({ where: { requestId, state: 'active' } });
  await db().step.update({ where: { id: step.id }, data: { light: colour, activatedAt: new Date(activatedAt) } });
}

let data: DashboardData;

beforeAll(async () => {
  t = await startTestGuanjia();
  service = t.deps.service;
  // 城建办 冯磊: 办公费 1,200 spent at once (零星支出) from 青石商贸, 专用材料费 20,000 committed (采购申请) from 青石商贸
  await request('fenglei', { type: '零星支出', subject: '办公费', amount: 120_000n, purpose: '打印纸', supplier: '青石商贸' }, 'approved');
  await request('fenglei', { type: '采购申请', subject: '专用材料费', amount: 2_000_000n, purpose: '防汛物资', supplier: '青石商贸' }, 'approved');
  // 党政办 孙丽: 公务接待费 800 spent (三公 公务接待), from 宏远会务
  await request('sunli', { type: '零星支出', subject: '公务接待费', amount: 80_000n, purpose: '接待', supplier: '宏远会务' }, 'approved');
  // 社会事务办 许静: steps left waiting, lit yellow in March and red on 1 February (Beijing time; still
  // 31 January in UTC); one lit in the last hour of 2025 is not this fiscal year's
  const waiting = await request('xujing', { type: '用款申请', subject: '办公费', amount: 300_000n, purpose: '办公用品' }, 'submitted');
  await light(waiting.id, 'yellow', '2026-03-10T02:00:00Z');
  const late = await request('xujing', { type: '用款申请', subject: '办公费', amount: 100_000n, purpose: '文件柜' }, 'submitted');
  await light(late.id, 'red', '2026-01-31T16:30:00Z');
  const older = await request('xujing', { type: '用款申请', subject: '办公费', amount: 50_000n, purpose: '档案盒' }, 'submitted');
  await light(older.id, 'red', '2025-12-31T15:00:00Z');
  // 城建办 两笔维修费 60,000 + 50,000 from one supplier: 化整为零 (threshold 100,000) on the second draft
  await request('fenglei', { type: '采购申请', subject: '维修费', amount: 6_000_000n, purpose: '道路修补', supplier: '青石商贸' }, 'draft');
  await request('fenglei', { type: '采购申请', subject: '维修费', amount: 5_000_000n, purpose: '道路修补（二）', supplier: '青石商贸' }, 'draft');
  // raised in the fiscal year whenever the test runs
  await db().alert.updateMany({ where: { rule: 'split_purchase' }, data: { raisedAt: new Date('2026-06-01T02:00:00Z') } });
  data = await service.reports.dashboard(consoleActor('wugang'));
});
afterAll(() => t?.cleanup());

describe('the 驾驶舱 figures', () => {
  it('gives each department its budget, spending and execution rate as /预算 and the ledger do', async () => {
    expect(data).toMatchObject({ unitName: expect.any(String), fiscalYear: 2026 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(data.asOf).toBe(today);
    expect(data.timeProgressBp).toBe(timeProgress(2026, today).bp);
    for (const department of ['城建办', '党政办', '社会事务办']) {
      const balances = await service.budget.balances('wugang', department);
      const budget = balances.lines.reduce((sum, l) => sum + l.allotted + l.adjusted, 0n);
      const spent = balances.lines.reduce((sum, l) => sum + l.spent, 0n);
      const row = data.departments.find((d) => d.department === department)!;
      expect(row, department).toMatchObject({ budget, spent, executionBp: ratioBp(spent, budget) });
      // the same from the ledger rows
      const entries = await db().ledgerEntry.groupBy({
        by: ['kind'],
        where: { line: { departmentId: row.departmentId, fiscalYear: 2026 }, kind: { in: ['ALLOT', 'ADJUST', 'SPEND'] } },
        _sum: { amount: true },
      });
      const sum = (kind: string) => entries.find((e) => e.kind === kind)?._sum.amount ?? 0n;
      expect(sum('ALLOT') + sum('ADJUST')).toBe(budget);
      expect(sum('SPEND')).toBe(spent);
    }
    const cjb = data.departments.find((d) => d.department === '城建办')!;
    expect(cjb.spent).toBe(120_000n);
    // every department with budget lines (领导班子 has none), in the organisation file's order
    expect(data.departments.map((d) => d.department)).toEqual(['党政办', '财政所', '城建办', '社会事务办', '纪工委']);
  });

  it('counts the yellow and red steps by the request’s department and the month (in Beijing) they were activated', () => {
    expect(data.lights).toEqual([
      { department: '社会事务办', month: '2026-02', yellow: 0, red: 1 },
      { department: '社会事务办', month: '2026-03', yellow: 1, red: 0 },
    ]);
  });

  it('counts this year’s alerts by rule, and those still open', async () => {
    expect(data.alerts).toEqual([{ rule: 'split_purchase', total: 1, open: 1 }]);
    const alert = await db().alert.findFirstOrThrow({ where: { rule: 'split_purchase' } });
    await service.supervision.close(consoleActor('zhaoguoping'), alert.no, '核实为两处不同路段，分别采购');
    const after = await service.reports.dashboard(consoleActor('zhaoguoping'));
    expect(after.alerts).toEqual([{ rule: 'split_purchase', total: 1, open: 0 }]);
  });

  it('ranks suppliers by approved money, top-level requests only, drafts and waiting ones left out', () => {
    expect(data.suppliers).toEqual([
      { supplier: '青石商贸', amount: 2_120_000n, count: 2 },
      { supplier: '宏远会务', amount: 80_000n, count: 1 },
    ]);
  });

  it('sets 三公 against the organisation file’s caps', () => {
    expect(data.threePublic).toEqual([
      { category: '因公出国(境)', cap: 0n, spent: 0n, frozen: 0n, committed: 0n },
      { category: '公务用车购置及运行', cap: 6_000_000n, spent: 0n, frozen: 0n, committed: 0n },
      { category: '公务接待', cap: 3_000_000n, spent: 80_000n, frozen: 0n, committed: 0n },
    ]);
  });
});

describe('who may open it', () => {
  it('audits every reading as report.dashboard', async () => {
    const before = await db().auditEvent.count({ where: { action: 'report.dashboard' } });
    await service.reports.dashboard(consoleActor('lijun'));
    const events = await db().auditEvent.findMany({ where: { action: 'report.dashboard' }, orderBy: { seq: 'asc' } });
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ actorId: 'lijun', platform: 'console', account: 'lijun', subject: 'report:dashboard' });
    expect(events.at(-1)!.data).toEqual({ fiscalYear: 2026, asOf: data.asOf });
  });

  it('refuses a department head and a member of staff, and audits the refusal', async () => {
    for (const personId of ['qianwei', 'fenglei']) {
      const error = await service.reports.dashboard(consoleActor(personId)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAppError(error) && error.code).toBe('DASHBOARD_DENIED');
      const refusal = await db().auditEvent.findFirstOrThrow({ where: { action: 'security.refused', actorId: personId }, orderBy: { seq: 'desc' } });
      expect(refusal).toMatchObject({ subject: 'report:dashboard', platform: 'console', account: personId });
      expect(refusal.data).toEqual({ code: 'DASHBOARD_DENIED' });
    }
    expect(await db().auditEvent.count({ where: { action: 'report.dashboard', actorId: { in: ['qianwei', 'fenglei'] } } })).toBe(0);
  });
});

describe('the console', () => {
  const get = (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual' });

  it('answers GET /console/api/dashboard with the figures as JSON (money as strings) and the words', async () => {
    const res = await get('/console/api/dashboard?as=wugang');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const view = (await res.json()) as DashboardView;
    const figures = await service.reports.dashboard(consoleActor('wugang'));
    const cjb = figures.departments.find((d) => d.department === '城建办')!;
    expect(view.departments.find((d) => d.department === '城建办')).toEqual({ ...cjb, budget: String(cjb.budget), spent: '120000' });
    expect(view.alerts).toEqual([{ rule: 'split_purchase', label: '化整为零', total: 1, open: 0 }]);
    expect(view.suppliers[0]).toEqual({ supplier: '青石商贸', amount: '2120000', count: 2 });
    expect(view.threePublic.at(-1)).toEqual({ category: '公务接待', cap: '3000000', spent: '80000', frozen: '0', committed: '0', usedBp: 267 });
    expect(view.months[0]).toBe('2026-01');
    expect(view.words.lights.months['2026-03']).toBe('3月');
    expect(view.words.execution.columns).toMatchObject({ execution: '执行率', timeProgress: '序时进度' });
  });

  it('refuses as the other endpoints do, with the Chinese reply', async () => {
    const refused = await get('/console/api/dashboard?as=fenglei');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'DASHBOARD_DENIED', message: refusalText('DASHBOARD_DENIED', {}) } });
    const nobody = await get('/console/api/dashboard?as=nobody');
    expect(nobody.status).toBe(403);
    expect(((await nobody.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_PERSON');
  });

  it('lists who may open it', async () => {
    const org = (await (await get('/console/api/org')).json()) as { people: { id: string; dashboard: boolean }[] };
    expect(
      org.people
        .filter((p) => p.dashboard)
        .map((p) => p.id)
        .sort(),
    ).toEqual(['lijun', 'lintao', 'wangjianguo', 'wugang', 'zhaoguoping', 'zhengjia']);
  });

  it('serves Apache ECharts from the package under a name that changes with the file, cached for a year', async () => {
    const redirect = await get('/console/vendor/echarts.min.js');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-cache');
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(/^\/console\/vendor\/echarts-[0-9a-f]{12}\.min\.js$/);
    const file = await get(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const text = await file.text();
    expect(text.length).toBeGreaterThan(500_000);
    expect(text).toContain('echarts');
    expect((await get('/console/vendor/echarts-000000000000.min.js')).status).toBe(404);
  });
});

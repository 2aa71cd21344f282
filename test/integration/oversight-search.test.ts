// Oversight search (监督查询, issue 10) on real PostgreSQL, on the demo organisation: /查询 by every
// filter for the discipline role and finance (the whole unit), 冯磊 (城建办 staff) kept to his own
// requests and refused — and audited — when he names another department or person; every search
// audited as query.run with its filters and count; /已办 for an approver; /审计 编号 for 纪检 only.
// The words are checked through the console chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../workflows/domain/errors.js';
import type { Actor, DraftInput, SearchFilters, WorkflowService } from '../../workflows/service/workflow-service.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
let client: ConsoleClient;
const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId });
const db = () => t.database.db;

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code, `expected ${code}`).toBe(code);
  return isAppError(error) ? error.details : {};
}

/** drafts (and submits) a request, then dates it: `created` is when it was drafted */
async function seed(personId: string, input: DraftInput, created: string, submit = true) {
  const { id, no } = await service.requests.draft(actor(personId), input);
  if (submit) await service.requests.submit(actor(personId), id);
  await db().request.update({ where: { id }, data: { createdAt: new Date(created) } });
  return { id, no, amount: input.amount! };
}

const search = (personId: string, filters: SearchFilters) => service.oversight.search(actor(personId), filters);
const nos = (rows: { no: number }[]) => rows.map((r) => r.no);

let r: Record<'office' | 'materials' | 'purchase' | 'shbOffice' | 'shbPurchase', { id: string; no: number; amount: bigint }>;

beforeAll(async () => {
  t = await startTestGuanjia();
  service = t.deps.service;
  client = new ConsoleClient(t.url);
  // 城建办 冯磊: three requests; 社会事务办 许静: two. Times are UTC; the unit is in Asia/Shanghai.
  r = {
    office: await seed('fenglei', { type: '用款申请', subject: '办公费', amount: 120_000n, purpose: '打印纸' }, '2026-01-15T02:00:00Z'),
    // drafted 00:30 on 1 February, Beijing time (still 31 January in UTC)
    materials: await seed(
      'fenglei',
      { type: '零星支出', subject: '专用材料费', amount: 80_000n, purpose: '沙袋', supplier: '青石商贸', tags: ['应急'] },
      '2026-01-31T16:30:00Z',
      false,
    ),
    purchase: await seed(
      'fenglei',
      { type: '采购申请', subject: '专用材料费', amount: 5_600_000n, purpose: '防汛物资', supplier: '青石商贸', tags: ['应急', '防汛'] },
      '2026-02-10T03:00:00Z',
    ),
    shbOffice: await seed('xujing', { type: '用款申请', subject: '办公费', amount: 300_000n, purpose: '办公用品' }, '2026-03-01T01:00:00Z'),
    shbPurchase: await seed(
      'xujing',
      { type: '采购申请', subject: '专用材料费', project: '防汛物资储备', amount: 2_000_000n, purpose: '救生衣', supplier: '青石商贸' },
      '2026-03-05T01:00:00Z',
    ),
  };
  // 钱伟 (城建办 head) approves the purchase's first step; 马红 (社会事务办 head) lets hers run red
  const first = await db().step.findFirstOrThrow({ where: { requestId: r.purchase.id, state: 'active' } });
  await service.requests.decide(actor('qianwei'), { requestId: r.purchase.id, stepId: first.id, action: 'approve', comment: '属实' });
  const late = await db().step.findFirstOrThrow({ where: { requestId: r.shbOffice.id, state: 'active' } });
  await db().step.update({ where: { id: late.id }, data: { light: 'red' } });
});
afterAll(() => t?.cleanup());

describe('/查询 for the oversight roles', () => {
  it('covers the whole unit, newest first, with count and total', async () => {
    const all = await search('lintao', {});
    expect(all.scope).toBe('unit');
    expect(all.count).toBe(5);
    expect(all.total).toBe(120_000n + 80_000n + 5_600_000n + 300_000n + 2_000_000n);
    expect(nos(all.rows)).toEqual([r.shbPurchase.no, r.shbOffice.no, r.purchase.no, r.materials.no, r.office.no]);
    expect(all.rows[2]).toMatchObject({
      requester: '冯磊',
      department: '城建办',
      type: '采购申请',
      amount: 5_600_000n,
      supplier: '青石商贸',
      status: 'in_approval',
      step: '分管领导审批',
      light: 'green',
      createdAt: new Date('2026-02-10T03:00:00Z'),
    });
    expect(all.rows[3]).toMatchObject({ status: 'draft', step: null, light: null });
  });

  it('filters by department, requester, type, status, supplier, amount, tags and light', async () => {
    const cases: [SearchFilters, number[]][] = [
      [{ department: '城建办' }, [r.purchase.no, r.materials.no, r.office.no]],
      [{ department: 'shb' }, [r.shbPurchase.no, r.shbOffice.no]],
      [{ department: '社会事务' }, [r.shbPurchase.no, r.shbOffice.no]],
      [{ requester: '许静' }, [r.shbPurchase.no, r.shbOffice.no]],
      [{ type: '采购申请' }, [r.shbPurchase.no, r.purchase.no]],
      [{ status: 'draft' }, [r.materials.no]],
      [{ status: 'in_approval', department: '城建办' }, [r.purchase.no, r.office.no]],
      [{ supplier: '青石商贸' }, [r.shbPurchase.no, r.purchase.no, r.materials.no]],
      [{ minAmount: 300_000n }, [r.shbPurchase.no, r.shbOffice.no, r.purchase.no]],
      [{ minAmount: 80_000n, maxAmount: 300_000n }, [r.shbOffice.no, r.materials.no, r.office.no]],
      [{ tags: ['应急'] }, [r.purchase.no, r.materials.no]],
      [{ tags: ['应急', '防汛'] }, [r.purchase.no]],
      [{ light: 'red' }, [r.shbOffice.no]],
      [{ light: 'yellow' }, []],
      [{ supplier: '青石商贸', department: '社会事务办', type: '采购申请', minAmount: 1n, maxAmount: 2_000_000n, from: '2026-03-05', to: '2026-03-05' }, [r.shbPurchase.no]],
    ];
    for (const [filters, expected] of cases) {
      const found = await search('lintao', filters);
      expect(
        nos(found.rows),
        JSON.stringify(filters, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toEqual(expected);
      expect(found.count).toBe(expected.length);
    }
    const red = await search('wugang', { light: 'red' });
    expect(red.rows[0]).toMatchObject({ requester: '许静', department: '社会事务办', step: '部门负责人审核', light: 'red' });
    expect(red.total).toBe(300_000n);
  });

  it('reads 从 and 到 as whole days in the unit’s time zone', async () => {
    // 2026-01-31T16:30Z is 1 February in Beijing
    expect(nos((await search('lintao', { to: '2026-01-31' })).rows)).toEqual([r.office.no]);
    expect(nos((await search('lintao', { from: '2026-02-01', to: '2026-02-01' })).rows)).toEqual([r.materials.no]);
    expect(nos((await search('lintao', { from: '2026-02-01', to: '2026-02-28' })).rows)).toEqual([r.purchase.no, r.materials.no]);
    expect((await search('zhengjia', { from: '2026-03-01' })).count).toBe(2);
  });

  it('refuses names nobody has and types the policy lacks', async () => {
    expect(await refused(search('lintao', { department: '审计局' }), 'SEARCH_UNKNOWN')).toMatchObject({
      field: 'department',
      ambiguous: false,
      candidates: expect.arrayContaining(['城建办']),
    });
    expect(await refused(search('lintao', { department: '办' }), 'SEARCH_UNKNOWN')).toMatchObject({ ambiguous: true });
    expect(await refused(search('lintao', { requester: '张三' }), 'SEARCH_UNKNOWN')).toMatchObject({ field: 'requester' });
    expect(await refused(search('lintao', { type: '差旅报销' }), 'UNKNOWN_REQUEST_TYPE')).toMatchObject({ known: expect.arrayContaining(['采购申请']) });
    await refused(search('lintao', { from: '2026-02-30' }), 'BAD_INPUT');
  });
});

describe('/查询 for everyone else', () => {
  it('gives 冯磊 only his own requests, also within his department', async () => {
    const own = await search('fenglei', {});
    expect(own).toMatchObject({ scope: 'own', count: 3, total: 120_000n + 80_000n + 5_600_000n });
    expect(nos(own.rows)).toEqual([r.purchase.no, r.materials.no, r.office.no]);
    expect((await search('fenglei', { department: '城建办', supplier: '青石商贸' })).count).toBe(2);
    expect((await search('fenglei', { requester: '冯磊' })).count).toBe(3);
    // a department head is not an oversight role: 钱伟 sees none of 冯磊's
    expect((await search('qianwei', { department: '城建办' })).count).toBe(0);
  });

  it('refuses and audits a search beyond his own requests', async () => {
    const before = await db().auditEvent.count({ where: { action: 'security.refused', actorId: 'fenglei' } });
    expect(await refused(search('fenglei', { department: '社会事务办', status: 'in_approval' }), 'SEARCH_SCOPE')).toMatchObject({ beyond: 'department', department: '社会事务办' });
    expect(await refused(search('fenglei', { requester: '许静' }), 'SEARCH_SCOPE')).toMatchObject({ beyond: 'requester' });
    const refusals = await db().auditEvent.findMany({ where: { action: 'security.refused', actorId: 'fenglei' }, orderBy: { seq: 'asc' } });
    expect(refusals).toHaveLength(before + 2);
    expect(refusals.at(-2)).toMatchObject({ subject: 'query:requests', platform: 'console', account: 'fenglei' });
    expect(refusals.at(-2)!.data).toEqual({ code: 'SEARCH_SCOPE', beyond: 'department', filters: { department: '社会事务办', status: 'in_approval' } });
    expect(refusals.at(-1)!.data).toMatchObject({ beyond: 'requester', filters: { requester: '许静' } });
  });

  it('audits every search that ran: its filters, scope, count and total', async () => {
    const before = await db().auditEvent.count({ where: { action: 'query.run' } });
    await search('zhaoguoping', { department: '城建办', minAmount: 100_000n, tags: ['应急'] });
    await search('fenglei', {});
    await refused(search('fenglei', { department: '财政所' }), 'SEARCH_SCOPE');
    const runs = await db().auditEvent.findMany({ where: { action: 'query.run' }, orderBy: { seq: 'asc' } });
    expect(runs).toHaveLength(before + 2);
    expect(runs.at(-2)).toMatchObject({ actorId: 'zhaoguoping', platform: 'console', account: 'zhaoguoping', subject: 'query:requests' });
    expect(runs.at(-2)!.data).toEqual({ filters: { department: '城建办', minAmount: '100000', tags: ['应急'] }, scope: 'unit', count: 1, total: '5600000' });
    expect(runs.at(-1)!.data).toEqual({ filters: {}, scope: 'own', count: 3, total: '5800000' });
  });
});

describe('/已办', () => {
  it('lists the steps an approver decided, newest first', async () => {
    const step = await db().step.findFirstOrThrow({ where: { requestId: r.office.id, state: 'active' } });
    await service.requests.decide(actor('qianwei'), { requestId: r.office.id, stepId: step.id, action: 'return', comment: '请补充报价' });
    const decided = await service.oversight.decided('qianwei');
    expect(decided.map((d) => [d.no, d.step, d.action, d.onBehalfOf])).toEqual([
      [r.office.no, '部门负责人审核', 'return', null],
      [r.purchase.no, '部门负责人审核', 'approve', null],
    ]);
    expect(decided[1]).toMatchObject({ type: '采购申请', amount: 5_600_000n });
    expect(await service.oversight.decided('fenglei')).toEqual([]);
  });
});

describe('/审计 编号', () => {
  it('shows 纪检 the request’s events in order, and audits the look', async () => {
    const trail = await service.oversight.trail(actor('zhaoguoping'), r.purchase.no);
    expect(trail.events.map((e) => [e.action, e.who, e.platform])).toEqual([
      ['request.drafted', '冯磊', 'console'],
      ['request.submitted', '冯磊', 'console'],
      ['decision.approve', '钱伟', 'console'],
    ]);
    expect(trail.events[2]!.step).toBe('部门负责人审核');
    const seqs = trail.events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    const viewed = await db().auditEvent.findFirstOrThrow({ where: { action: 'audit.viewed' }, orderBy: { seq: 'desc' } });
    expect(viewed).toMatchObject({ actorId: 'zhaoguoping', subject: `request:${r.purchase.id}` });
    expect(viewed.data).toEqual({ no: r.purchase.no, events: 3 });
    // the next look shows the earlier one
    expect((await service.oversight.trail(actor('lintao'), r.purchase.no)).events.at(-1)).toMatchObject({ action: 'audit.viewed', who: '赵国平' });
  });

  it('refuses everyone else, finance and principals too, and audits the attempt', async () => {
    for (const who of ['fenglei', 'wugang', 'lijun']) {
      expect(await refused(service.oversight.trail(actor(who), r.purchase.no), 'AUDIT_TRAIL_DENIED')).toEqual({ no: r.purchase.no });
      const attempt = await db().auditEvent.findFirstOrThrow({ where: { action: 'security.refused', actorId: who }, orderBy: { seq: 'desc' } });
      expect(attempt).toMatchObject({ subject: `request:${r.purchase.id}` });
      expect(attempt.data).toEqual({ code: 'AUDIT_TRAIL_DENIED', no: r.purchase.no });
    }
    await refused(service.oversight.trail(actor('lintao'), 99_999), 'REQUEST_NOT_FOUND');
  });
});

describe('through the console chat', () => {
  /** types `text` as `as` and waits for the answer matching `pattern` */
  async function ask(as: string, text: string, pattern: RegExp): Promise<string> {
    const last = await client.lastId(as);
    await client.say(as, text);
    return (await client.waitForText(as, pattern, last)).text!;
  }

  it('answers /查询 in words, one line per request', async () => {
    const text = await ask('lintao', '/查询 供应商=青石商贸 金额>=10000', /监督查询/);
    expect(text.split('\n')).toEqual([
      '【监督查询】全单位 · 供应商=青石商贸 金额≥10,000.00',
      '共 2 件，合计 76,000.00 元：',
      `No.${r.shbPurchase.no} 2026-03-05 许静（社会事务办）采购申请 20,000.00 元 青石商贸 审批中·部门负责人审核🟢`,
      `No.${r.purchase.no} 2026-02-10 冯磊（城建办）采购申请 56,000.00 元 青石商贸 审批中·分管领导审批🟢`,
      '发送 /进度 编号 查看详情。',
    ]);
  });

  it('tells 冯磊 why he may not search another department, and what he may do', async () => {
    const text = await ask('fenglei', '/查询 部门=社会事务办', /只能查询本人/);
    expect(text).toBe(
      '您只能查询本人的申请，不能按部门「社会事务办」查询（全单位查询限财务、主要领导和纪检）。此次查询已记录。去掉该条件即可查本人的申请，例如：/查询 状态=审批中',
    );
    expect(await ask('fenglei', '/查询 灯=绿', /灯只能查/)).toMatch(/^灯只能查 黄 或 红（「绿」不行）。请这样写：\/查询/);
  });

  it('answers /已办 and /审计 in words', async () => {
    expect(await ask('qianwei', '已办', /已办的事项/)).toContain(`No.${r.office.no} 用款申请 1,200.00 元「部门负责人审核」退回修改 · `);
    const trail = await ask('zhaoguoping', `/审计 ${r.purchase.no}`, /审计记录/);
    const lines = trail.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^【审计记录 No\\.${r.purchase.no}】共 \\d+ 条，按时间顺序：$`));
    // the time of the event itself (the test re-dated the request, not its audit trail)
    expect(lines[1]).toMatch(/^#\d+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 冯磊（控制台） 起草 · [0-9a-f]{8}$/);
    expect(lines[3]).toMatch(/ 钱伟（控制台） 同意「部门负责人审核」 · [0-9a-f]{8}$/);
    expect(trail).toContain('查看审计记录');
    expect(await ask('fenglei', `/审计 ${r.purchase.no}`, /纪检人员/)).toBe(
      `审计记录只有纪检人员可以查看（申请 No.${r.purchase.no}）。此次查询已记录。查看申请本身请发送「/进度 ${r.purchase.no}」。`,
    );
  });
});

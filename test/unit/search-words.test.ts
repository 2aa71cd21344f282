// The answers of /查询, /已办 and /审计 as people read them — one line per request or event, within
// a chat message's 2,000 characters — and the chat layer asking the service for them.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../bot/commands/run-command.js';
import { renderNotice } from '../../bot/replies/render-notice.js';
import { refusalText } from '../../bot/replies/error-text.js';
import { EffectSchema, type Notice } from '../../workflows/domain/effects.js';
import type { Actor, AuditTrailEvent, SearchRow } from '../../workflows/service/workflow-service.js';
import { FakeWorkflowService } from '../helpers/fake-workflow-service.js';

const actor: Actor = { personId: 'lintao', platform: 'console', account: 'lintao', replyTo: { platform: 'console', account: 'lintao', personId: 'lintao' } };
const TZ = 'Asia/Shanghai';

const row = (no: number, over: Partial<SearchRow> = {}): SearchRow => ({
  id: `r${no}`,
  no,
  createdAt: new Date('2026-03-01T17:00:00Z'),
  requester: '冯磊',
  department: '城建办',
  type: '采购申请',
  amount: 5_600_000n,
  supplier: '青石商贸',
  status: 'in_approval',
  step: '财务审核',
  light: 'red',
  ...over,
});

async function answer(fake: FakeWorkflowService, text: string): Promise<{ notice: Notice; text: string }> {
  await runCommand({ service: fake.api, tz: TZ }, actor, text);
  const notice = fake.replies().at(-1)!.notice;
  // what the outbox stores is what gets rendered
  const stored = EffectSchema.parse(JSON.parse(JSON.stringify({ kind: 'reply', to: actor.replyTo, notice })));
  return { notice, text: renderNotice((stored as { notice: Notice }).notice) };
}

describe('/查询', () => {
  it('asks the service with the parsed filters and answers count, total and one line per request', async () => {
    const fake = new FakeWorkflowService({
      search: { scope: 'unit', count: 23, total: 123_456_700n, rows: [row(45), row(44, { step: null, light: null, status: 'approved', supplier: '' })] },
    });
    const { text } = await answer(fake, '/查询 部门=城建办 状态=审批中 金额>=50000 灯=红');
    expect(fake.calls).toEqual([{ op: 'search', actor, filters: { department: '城建办', status: 'in_approval', minAmount: 5_000_000n, light: 'red' } }]);
    expect(text.split('\n')).toEqual([
      '【监督查询】全单位 · 部门=城建办 状态=审批中 金额≥50,000.00 🔴红灯',
      '共 23 件，合计 1,234,567.00 元，最新 2 件如下：',
      // the day in the unit's time zone (17:00 UTC is the next morning in Beijing)
      'No.45 2026-03-02 冯磊（城建办）采购申请 56,000.00 元 青石商贸 审批中·财务审核🔴',
      'No.44 2026-03-02 冯磊（城建办）采购申请 56,000.00 元 已通过',
      '……另有 21 件未列出，可加条件缩小范围。',
      '发送 /进度 编号 查看详情。',
    ]);
  });

  it('says whose requests were searched, and when nothing matched', async () => {
    const fake = new FakeWorkflowService();
    const { text } = await answer(fake, '/查询 从=2026-01-01 到=2026-01-31 #应急');
    expect(text).toBe('【监督查询】本人的申请 · 从 2026-01-01 到 2026-01-31 #应急\n没有符合条件的申请。');
  });

  it('fits twenty long rows in one chat message', async () => {
    const long = (no: number) =>
      row(no, {
        requester: '欧阳建国',
        department: '社会事务办',
        type: '工程付款（分期）',
        supplier: '青石市城乡建设工程有限责任公司',
        step: '班子成员审议（工程变更）',
        amount: 99_999_999_999n,
      });
    const fake = new FakeWorkflowService({
      search: { scope: 'unit', count: 100_000, total: 9_999_999_999_999_999n, rows: Array.from({ length: 20 }, (_, i) => long(99_990 + i)) },
    });
    const { text } = await answer(
      fake,
      '/查询 部门=社会事务办 类型=工程付款 供应商=青石市城乡建设工程有限责任公司 金额>=1 金额<=999999999 从=2026-01-01 到=2026-12-31 #工程变更 灯=黄',
    );
    expect(text.split('\n')).toHaveLength(2 + 20 + 2);
    expect(text.length).toBeLessThan(2000);
  });

  it('answers a bad condition with its usage, asking nothing', async () => {
    const fake = new FakeWorkflowService();
    const { text } = await answer(fake, '/查询 金额>=abc');
    expect(fake.calls).toEqual([]);
    expect(text).toMatch(/^金额「abc」无效，应为大于 0 的元数，例如 50000 或 1200.50。请这样写：\/查询 部门=城建办/);
  });

  it('words the refusals', () => {
    expect(refusalText('SEARCH_SCOPE', { beyond: 'department', department: '财政所' })).toBe(
      '您只能查询本人的申请，不能按部门「财政所」查询（全单位查询限财务、主要领导和纪检）。此次查询已记录。去掉该条件即可查本人的申请，例如：/查询 状态=审批中',
    );
    expect(refusalText('SEARCH_SCOPE', { beyond: 'requester', requester: '钱伟' })).toContain('不能按申请人「钱伟」查询');
    expect(refusalText('SEARCH_UNKNOWN', { field: 'department', value: '办', ambiguous: true, candidates: ['党政办', '城建办'] })).toBe(
      '「办」对应多个部门：党政办、城建办。请写全称，例如 部门=党政办。',
    );
    expect(refusalText('SEARCH_UNKNOWN', { field: 'department', value: '审计局', ambiguous: false, candidates: ['党政办', '城建办'] })).toBe(
      '没有「审计局」这个部门。现有部门：党政办、城建办。',
    );
    expect(refusalText('SEARCH_UNKNOWN', { field: 'requester', value: '张三' })).toBe('没有找到申请人「张三」。请写姓名或人员编号，例如 申请人=冯磊。');
    expect(refusalText('AUDIT_TRAIL_DENIED', { no: 12 })).toBe('审计记录只有纪检人员可以查看（申请 No.12）。此次查询已记录。查看申请本身请发送「/进度 12」。');
  });
});

describe('/已办', () => {
  it('lists the decisions with the step, the action, for whom and when', async () => {
    const fake = new FakeWorkflowService({
      decided: [
        {
          requestId: 'r12',
          no: 12,
          type: '用款申请',
          amount: 120_000n,
          step: '分管领导审批',
          status: 'returned',
          action: 'return',
          onBehalfOf: '李军',
          at: new Date('2026-03-02T01:30:00Z'),
        },
        {
          requestId: 'r9',
          no: 9,
          type: '采购申请',
          amount: 5_600_000n,
          step: '部门负责人审核',
          status: 'approved',
          action: 'approve',
          onBehalfOf: null,
          at: new Date('2026-03-01T08:05:00Z'),
        },
      ],
    });
    const { text } = await answer(fake, '已办');
    expect(text.split('\n')).toEqual([
      '【我已办的事项（最近 2 件）】',
      'No.12 用款申请 1,200.00 元「分管领导审批」退回修改（代 李军） · 2026-03-02 09:30',
      'No.9 采购申请 56,000.00 元「部门负责人审核」同意 · 2026-03-01 16:05',
      '发送 /进度 编号 查看详情。',
    ]);
    expect(renderNotice({ kind: 'decided.list', items: [] })).toBe('您还没有审批过事项。');
  });
});

describe('/审计', () => {
  const event = (seq: number, over: Partial<AuditTrailEvent> = {}): AuditTrailEvent => ({
    seq: BigInt(seq),
    at: new Date('2026-03-02T01:30:05Z'),
    actorId: 'fenglei',
    who: '冯磊',
    platform: 'console',
    action: 'request.drafted',
    step: null,
    hash: `${seq}`.padStart(64, 'a'),
    ...over,
  });

  it('lists the events in order: who, where, what, when and the hash prefix; an unknown code as it is', async () => {
    const fake = new FakeWorkflowService({
      requests: new Map([[12, 'r12']]),
      trail: {
        requestId: 'r12',
        no: 12,
        events: [
          event(101),
          event(102, { action: 'decision.approve', step: '部门负责人审核', who: '钱伟', actorId: 'qianwei', platform: 'dingtalk' }),
          event(103, { action: 'deadline.red', who: null, actorId: null, platform: null }),
          event(104, { action: 'alert.something_new' }),
        ],
      },
    });
    const { text } = await answer(fake, '/审计 12');
    expect(fake.calls).toEqual([{ op: 'trail', actor, no: 12 }]);
    expect(text.split('\n')).toEqual([
      '【审计记录 No.12】共 4 条，按时间顺序：',
      '#101 2026-03-02 09:30:05 冯磊（控制台） 起草 · aaaaaaaa',
      '#102 2026-03-02 09:30:05 钱伟（钉钉） 同意「部门负责人审核」 · aaaaaaaa',
      '#103 2026-03-02 09:30:05 系统 亮红灯（已超时） · aaaaaaaa',
      '#104 2026-03-02 09:30:05 冯磊（控制台） alert.something_new · aaaaaaaa',
      '每条记录含前一条的哈希（末列为哈希前 8 位），改动任何一条都能由 audit:verify 查出。',
    ]);
  });

  it('pages a long trail twenty at a time, and shows the last page for a page beyond it', async () => {
    const events = Array.from({ length: 45 }, (_, i) => event(i + 1));
    const fake = new FakeWorkflowService({ requests: new Map([[12, 'r12']]), trail: { requestId: 'r12', no: 12, events } });
    const first = await answer(fake, '/审计 12');
    expect(first.notice).toMatchObject({ total: 45, page: 1, pages: 3 });
    expect(first.text).toContain('【审计记录 No.12】共 45 条（第 1/3 页）');
    expect(first.text).toContain('发送 /审计 12 2 查看下一页。');
    expect(first.text.length).toBeLessThan(2000);
    const last = await answer(fake, '/审计 12 9');
    expect(last.notice).toMatchObject({ page: 3, events: expect.arrayContaining([expect.objectContaining({ seq: 45 })]) });
    expect((last.notice as Extract<Notice, { kind: 'audit.trail' }>).events).toHaveLength(5);
    expect(last.text).not.toContain('下一页');
  });

  it('refuses an unknown number before asking for the trail', async () => {
    const fake = new FakeWorkflowService();
    await expect(runCommand({ service: fake.api, tz: TZ }, actor, '/审计 77')).rejects.toMatchObject({ code: 'REQUEST_NOT_FOUND' });
  });
});

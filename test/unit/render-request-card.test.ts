// The card each viewer sees: the same facts for everyone, buttons only for what that viewer may do.
import { describe, expect, it } from 'vitest';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import type { RequestView } from '../../workflows/infra/queries.js';

const NOW = new Date('2026-11-23T03:00:00Z');

function view(overrides: { status?: string; steps?: Partial<RequestView['steps'][number]>[]; delegations?: RequestView['delegations']; available?: bigint; returnCount?: number } = {}): RequestView {
  const steps = (overrides.steps ?? []).map((s, index) => ({
    id: `r1.1.${index}`,
    requestId: 'r1',
    round: 1,
    index,
    name: `环节${index + 1}`,
    role: 'department_head',
    mode: '依次',
    assignees: ['qianwei'],
    approvedBy: [],
    mandatory: false,
    collective: false,
    meeting: null,
    state: 'waiting',
    limitMinutes: 480,
    activatedAt: null,
    yellowAt: null,
    dueAt: null,
    light: 'green',
    decidedAt: null,
    ...s,
  }));
  const allotted = 5_000_000n;
  return {
    request: {
      id: 'r1',
      no: 7,
      type: '用款申请',
      amount: 120_000n,
      requesterId: 'fenglei',
      departmentId: 'cjb',
      budgetLineId: 'cjb-office',
      purpose: '购买打印纸',
      supplier: '',
      category: '办公费',
      tags: [],
      status: overrides.status ?? 'in_approval',
      policyVersion: 1,
      route: { policyVersion: 1, steps: [], merged: [] },
      round: 1,
      returnCount: overrides.returnCount ?? 0,
      createdAt: NOW,
      submittedAt: NOW,
      closedAt: null,
      steps,
      decisions: [],
    },
    line: { id: 'cjb-office', fiscalYear: 2026, departmentId: 'cjb', subject: '办公费', project: '', name: '城建办 / 办公费', allotted, adjusted: 0n, frozen: allotted - (overrides.available ?? 4_880_000n), spent: 0n, updatedAt: NOW },
    org: {
      people: new Map(
        [
          ['fenglei', '冯磊'],
          ['qianwei', '钱伟'],
          ['wugang', '吴刚'],
          ['zhengjia', '郑佳'],
          ['chenzhiqiang', '陈志强'],
        ].map(([id, name]) => [id!, { id: id!, name: name!, departmentId: 'cjb', superiorId: null, active: true }]),
      ),
      departments: new Map([['cjb', { id: 'cjb', name: '城建办', headId: 'qianwei', leaderId: 'liuxiaoyan' }]]),
      roles: new Map(),
    },
    delegations: overrides.delegations ?? [],
    steps,
  } as unknown as RequestView;
}

const actions = (v: RequestView, viewer: string) => renderRequestCard(v, viewer, NOW, 'Asia/Shanghai').buttons.map((b) => b.action);

describe('renderRequestCard', () => {
  it('gives the active step’s assignee the four decisions, bound to that step', () => {
    const v = view({ steps: [{ state: 'active' }, {}] });
    const card = renderRequestCard(v, 'qianwei', NOW, 'Asia/Shanghai');
    expect(card.buttons.map((b) => b.action)).toEqual(['approve', 'reject', 'return', 'transfer']);
    expect(new Set(card.buttons.map((b) => b.stepId))).toEqual(new Set(['r1.1.0']));
    expect(card.fields).toContainEqual({ label: '编号', value: 'No.7' });
    expect(card.budget).toMatchObject({ line: '城建办 / 办公费', before: '50,000.00', ok: true });
  });

  it('gives the requester only 撤回 while in approval, and others nothing', () => {
    const v = view({ steps: [{ state: 'active' }] });
    expect(actions(v, 'fenglei')).toEqual(['withdraw']);
    expect(actions(v, 'wugang')).toEqual([]);
  });

  it('asks a collective step’s approver for the meeting record', () => {
    const card = renderRequestCard(view({ steps: [{ state: 'active', collective: true }] }), 'qianwei', NOW, 'Asia/Shanghai');
    expect(card.buttons.find((b) => b.action === 'approve')?.needs).toEqual(['comment', 'meeting']);
  });

  it('lets a deputy act only inside the delegation window', () => {
    const window = { fromId: 'qianwei', toId: 'chenzhiqiang', startsAt: new Date('2026-11-22T00:00:00Z'), endsAt: new Date('2026-11-24T00:00:00Z') };
    expect(actions(view({ steps: [{ state: 'active' }], delegations: [window as never] }), 'chenzhiqiang')).toContain('approve');
    const past = { ...window, endsAt: new Date('2026-11-23T00:00:00Z') };
    expect(actions(view({ steps: [{ state: 'active' }], delegations: [past as never] }), 'chenzhiqiang')).toEqual([]);
  });

  it('takes 会签 buttons away from a signer who already approved', () => {
    const v = view({ steps: [{ state: 'active', mode: '会签', assignees: ['wugang', 'zhengjia'], approvedBy: ['wugang'] }] });
    expect(actions(v, 'wugang')).toEqual([]);
    expect(actions(v, 'zhengjia')).toContain('approve');
    expect(renderRequestCard(v, 'fenglei', NOW, 'Asia/Shanghai').route[0]!.state).toBe('待审批（已同意 1/2）');
  });

  it('offers no 提交 on a draft over budget, and says by how much', () => {
    const v = view({ status: 'draft', available: 100_000n });
    const card = renderRequestCard(v, 'fenglei', NOW, 'Asia/Shanghai');
    expect(card.buttons.map((b) => b.action)).toEqual(['cancel']);
    expect(card.budget).toMatchObject({ ok: false, problem: '超出可用额度 200.00 元，无法提交' });
    expect(actions(view({ status: 'draft' }), 'fenglei')).toEqual(['submit', 'cancel']);
  });

  it('shows a closed request to everyone without buttons, and flags repeated returns and red lights', () => {
    const closed = renderRequestCard(view({ status: 'approved', steps: [{ state: 'approved' }] }), 'qianwei', NOW, 'Asia/Shanghai');
    expect(closed.buttons).toEqual([]);
    expect(closed.footer).toBe('已办结，卡片仅供查看');
    const late = renderRequestCard(view({ returnCount: 2, steps: [{ state: 'active', light: 'red' }] }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(late.flags).toEqual(['已退回 2 次（多次补正）', '当前环节已超时（红灯）']);
    expect(late.route[0]!.light).toBe('red');
  });
});

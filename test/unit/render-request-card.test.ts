// The card each viewer sees: the same facts for everyone, buttons only for what that viewer may do.
import { describe, expect, it } from 'vitest';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import type { DelegationView, RequestStatus } from '../../workflows/domain/types.js';
import type { RequestView, StepSnapshot } from '../../workflows/service/workflow-service.js';

const NOW = new Date('2026-11-23T03:00:00Z');

interface ViewOverrides {
  status?: RequestStatus;
  steps?: Partial<StepSnapshot>[];
  delegations?: DelegationView[];
  available?: bigint;
  returnCount?: number;
  returnsBeforeAlert?: number;
}

function view(overrides: ViewOverrides = {}): RequestView {
  const steps: StepSnapshot[] = (overrides.steps ?? []).map((s, index) => ({
    id: `r1.1.${index}`,
    index,
    name: `环节${index + 1}`,
    mode: '依次',
    state: 'waiting',
    assignees: ['qianwei'],
    approvedBy: [],
    collective: false,
    light: 'green',
    activatedAt: s.state === 'active' ? NOW : null,
    dueAt: null,
    ...s,
  }));
  const allotted = 5_000_000n;
  return {
    request: {
      id: 'r1',
      no: 7,
      type: '用款申请',
      amount: 120_000n,
      status: overrides.status ?? 'in_approval',
      requesterId: 'fenglei',
      departmentId: 'cjb',
      purpose: '购买打印纸',
      supplier: '',
      submittedAt: NOW,
      returnCount: overrides.returnCount ?? 0,
      route: { policyVersion: 1, steps: [], merged: [] },
    },
    line: { id: 'cjb-office', name: '城建办 / 办公费', allotted, adjusted: 0n, frozen: allotted - (overrides.available ?? 4_880_000n), committed: 0n, spent: 0n },
    steps,
    decisions: [],
    names: {
      people: new Map([
        ['fenglei', '冯磊'],
        ['qianwei', '钱伟'],
        ['wugang', '吴刚'],
        ['zhengjia', '郑佳'],
        ['chenzhiqiang', '陈志强'],
      ]),
      departments: new Map([['cjb', '城建办']]),
    },
    delegations: overrides.delegations ?? [],
    returnsBeforeAlert: overrides.returnsBeforeAlert ?? 2,
  };
}

const actions = (v: RequestView, viewer: string) => renderRequestCard(v, viewer, NOW, 'Asia/Shanghai').buttons.map((b) => b.action);

describe('renderRequestCard', () => {
  it('gives the active step’s assignee the four decisions, bound to that step', () => {
    const v = view({ steps: [{ state: 'active' }, {}] });
    const card = renderRequestCard(v, 'qianwei', NOW, 'Asia/Shanghai');
    expect(card.buttons.map((b) => b.action)).toEqual(['approve', 'reject', 'return', 'transfer']);
    expect(new Set(card.buttons.map((b) => b.stepId))).toEqual(new Set(['r1.1.0']));
    expect(card.fields).toContainEqual({ label: '编号', value: 'No.7' });
    expect(card.budget).toMatchObject({ line: '城建办 / 办公费', before: '50,000.00 元', after: '48,800.00 元', note: '已冻结本笔', ok: true });
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
    expect(actions(view({ steps: [{ state: 'active' }], delegations: [window] }), 'chenzhiqiang')).toContain('approve');
    const past = { ...window, endsAt: new Date('2026-11-23T00:00:00Z') };
    expect(actions(view({ steps: [{ state: 'active' }], delegations: [past] }), 'chenzhiqiang')).toEqual([]);
  });

  it('takes 会签 buttons away from a signer who already approved', () => {
    const v = view({ steps: [{ state: 'active', mode: '会签', assignees: ['wugang', 'zhengjia'], approvedBy: ['wugang'] }] });
    expect(actions(v, 'wugang')).toEqual([]);
    expect(actions(v, 'zhengjia')).toContain('approve');
    expect(renderRequestCard(v, 'fenglei', NOW, 'Asia/Shanghai').route[0]).toMatchObject({ state: 'active', stateLabel: '待审批（已同意 1/2）' });
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
    expect(late.flags.map((f) => f.text)).toEqual(['已退回 2 次（多次补正）', '当前环节已超时（红灯）']);
    expect(late.flags.map((f) => f.code)).toEqual(['repeated_returns', 'overdue']);
    expect(late.route[0]).toMatchObject({ light: 'red', tone: 'danger', lightLabel: '红灯：已超时' });
  });

  it('flags 多次补正 at the policy’s threshold, not a fixed number', () => {
    expect(renderRequestCard(view({ returnCount: 2, returnsBeforeAlert: 3 }), 'fenglei', NOW, 'Asia/Shanghai').flags).toEqual([]);
    const third = renderRequestCard(view({ returnCount: 3, returnsBeforeAlert: 3 }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(third.flags.map((f) => f.code)).toEqual(['repeated_returns']);
    expect(renderRequestCard(view({ returnCount: 1, returnsBeforeAlert: 1 }), 'fenglei', NOW, 'Asia/Shanghai').flags.map((f) => f.text)).toEqual(['已退回 1 次（多次补正）']);
  });

  it('shows an open step’s due time beside its light, in the unit’s time zone', () => {
    const due = new Date('2026-11-24T09:30:00Z');
    const card = renderRequestCard(view({ steps: [{ state: 'approved' }, { state: 'active', light: 'yellow', dueAt: due }, {}] }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(card.route[1]).toMatchObject({ light: 'yellow', lightLabel: '黄灯：即将超时', due: '11-24 17:30 前办结' });
    expect(card.route[0]!.due).toBeUndefined();
    expect(card.route[2]).toMatchObject({ state: 'waiting', light: null });
    expect(card.route[2]!.due).toBeUndefined();
  });

  it('carries codes and tones, so no platform has to read the words', () => {
    const card = renderRequestCard(view({ status: 'returned' }), 'fenglei', NOW, 'Asia/Shanghai');
    expect(card.status).toEqual({ code: 'returned', label: '已退回修改', tone: 'warning' });
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBudgetYuan } from '../../workflows/domain/money.js';
import { REQUEST_KINDS } from '../../workflows/domain/org-file.js';
import { deriveBudgetLineId, parseOrgText, toOrgSnapshot } from '../../workflows/domain/parse-org.js';
import { resolveRoute } from '../../workflows/domain/resolve-route.js';

const text = readFileSync(new URL('../../prisma/demo-org.yaml', import.meta.url), 'utf8');
const org = parseOrgText(text);
const snapshot = toOrgSnapshot(org);
const route = (type: string, requesterId: string, yuan: string, tags: string[] = []) => {
  const departmentId = snapshot.people.get(requesterId)?.departmentId ?? '';
  return resolveRoute(org.policy, snapshot, { type, amount: parseBudgetYuan(yuan), requesterId, departmentId, tags }, 1);
};

describe('prisma/demo-org.yaml', () => {
  it('parses and validates', () => {
    expect(org.unit).toEqual({ name: '青石街道办事处', fiscalYear: 2026 });
    expect(org.departments.map((d) => d.id)).toEqual(expect.arrayContaining(['dzb', 'czs', 'cjb', 'shb', 'jgw']));
    expect(org.people.length).toBeGreaterThanOrEqual(14);
    expect(org.groups.supervision.console).toBe('监督群');
    expect(org.delegations).toHaveLength(1);
    expect(org.policy.requestTypes.map((t) => t.name)).toEqual(['用款申请', '费用报销', '采购申请', '合同审批', '工程验收', '工程付款', '预算调整', '零星支出']);
  });

  it('shows every kind, with the chain settings the README describes', () => {
    const types = new Map(org.policy.requestTypes.map((t) => [t.name, t]));
    expect(new Set(org.policy.requestTypes.map((t) => t.kind))).toEqual(new Set(REQUEST_KINDS));
    const settings = (name: string) => {
      const t = types.get(name)!;
      return { kind: t.kind, parent: t.parent, payment: t.payment, acceptanceBeforePayment: t.acceptanceBeforePayment };
    };
    expect(settings('用款申请')).toEqual({ kind: 'prior', parent: undefined, payment: false, acceptanceBeforePayment: false });
    expect(settings('费用报销')).toEqual({ kind: 'reimbursement', parent: { kinds: ['prior'], required: false }, payment: true, acceptanceBeforePayment: false });
    expect(settings('采购申请')).toEqual({ kind: 'prior', parent: undefined, payment: false, acceptanceBeforePayment: false });
    expect(settings('合同审批')).toEqual({ kind: 'contract', parent: { kinds: ['prior'], required: false }, payment: false, acceptanceBeforePayment: false });
    expect(settings('工程验收')).toEqual({ kind: 'acceptance', parent: { kinds: ['contract'], required: true }, payment: false, acceptanceBeforePayment: false });
    expect(settings('工程付款')).toEqual({ kind: 'payment', parent: { kinds: ['contract'], required: true }, payment: true, acceptanceBeforePayment: true });
    expect(settings('预算调整')).toEqual({ kind: 'adjustment', parent: undefined, payment: false, acceptanceBeforePayment: false });
    expect(settings('零星支出')).toEqual({ kind: 'direct', parent: undefined, payment: false, acceptanceBeforePayment: false });
  });

  it('names the cashier 何芳, who holds no approving role', () => {
    expect(org.roles.cashier).toEqual(['hefang']);
    expect(org.people.find((p) => p.id === 'hefang')?.name).toBe('何芳');
    for (const role of ['finance', 'principal', 'party', 'secretary'] as const) expect(org.roles[role]).not.toContain('hefang');
    expect(org.departments.some((d) => d.head === 'hefang' || d.leader === 'hefang')).toBe(false);
  });

  it('gives everyone a console account equal to their id', () => {
    for (const p of org.people) expect(p.accounts.console).toBe(p.id);
  });

  it('has budget lines for every working department, 5万 to 500万, with unique ids', () => {
    const amounts = org.budget.map((l) => parseBudgetYuan(l.amount));
    expect(amounts.every((a) => a >= 5_000_000n && a <= 500_000_000n)).toBe(true);
    for (const d of ['dzb', 'czs', 'cjb', 'shb', 'jgw']) expect(org.budget.some((l) => l.department === d)).toBe(true);
    const ids = org.budget.map((l) => l.id ?? deriveBudgetLineId(l, org.unit.fiscalYear));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('cjb-laojie-drainage-2026');
  });

  it('routes a 1200 元 用款申请 by a staff member in three steps: head → leader → finance', () => {
    const r = route('用款申请', 'fenglei', '1200');
    expect(r.steps.map((s) => [s.role, s.assignees])).toEqual([
      ['department_head', ['qianwei']],
      ['department_leader', ['liuxiaoyan']],
      ['finance', ['wugang', 'zhengjia']],
    ]);
    expect(r.steps[2]?.mode).toBe('或签');
  });

  it('adds the principals from 50000 元 and a collective step from 300000 元', () => {
    expect(route('用款申请', 'fenglei', '50000').steps.at(-1)?.role).toBe('principal');
    const big = route('工程付款', 'fenglei', '350000');
    expect(big.steps.map((s) => s.role)).toEqual(['department_head', 'department_leader', 'finance', 'principal', 'collective']);
    expect(big.steps[2]?.mode).toBe('会签');
    expect(big.steps[4]?.assignees).toEqual(['zhouting', 'sunli']);
  });

  it('routes a 工程验收 through the department head and leader only', () => {
    expect(route('工程验收', 'fenglei', '90000').steps.map((s) => [s.role, s.assignees])).toEqual([
      ['department_head', ['qianwei']],
      ['department_leader', ['liuxiaoyan']],
    ]);
  });

  it('routes a 预算调整 to finance then the principals, and adds the collective step from 300000 元', () => {
    const small = route('预算调整', 'sunli', '5000');
    expect(small.steps.map((s) => [s.role, s.mode])).toEqual([
      ['finance', '或签'],
      ['principal', '或签'],
    ]);
    expect(route('预算调整', 'sunli', '300000').steps.map((s) => s.role)).toEqual(['finance', 'principal', 'collective']);
  });
});

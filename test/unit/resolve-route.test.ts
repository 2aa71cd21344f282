import { describe, expect, it } from 'vitest';
import { isAppError } from '../../workflows/domain/errors.js';
import { PolicySchema, type Policy } from '../../workflows/domain/org-file.js';
import { describeMode, resolveRoute } from '../../workflows/domain/resolve-route.js';
import type { OrgSnapshot, RouteInput } from '../../workflows/domain/types.js';
import { routeNoteText } from '../../bot/replies/labels.js';
import type { RouteNote } from '../../workflows/domain/types.js';

/** the route notes are meaning; the chat layer words them */
const noteText = (note: RouteNote | string | undefined) => (note === undefined ? undefined : routeNoteText(note));

type People = [id: string, departmentId: string, active?: boolean][];

function snapshot(opts: { roles?: Record<string, string[]>; inactive?: string[] } = {}): OrgSnapshot {
  const people: People = [
    ['head', 'd1'],
    ['leader', 'lead'],
    ['staff', 'd1'],
    ['f1', 'fin'],
    ['f2', 'fin'],
    ['p1', 'lead'],
    ['p2', 'lead'],
    ['sec', 'd1'],
    ['solo', 'd3'],
    ['both', 'd3'],
    ['orphan', 'd2'],
  ];
  const roles = { finance: ['f1', 'f2'], principal: ['p1', 'p2'], party: ['p1', 'p2', 'leader'], secretary: ['sec'], ...opts.roles };
  return {
    people: new Map(people.map(([id, departmentId]) => [id, { id, name: `名${id}`, departmentId, superiorId: null, active: !opts.inactive?.includes(id) }])),
    departments: new Map([
      ['d1', { id: 'd1', name: '一部', headId: 'head', leaderId: 'leader' }],
      ['fin', { id: 'fin', name: '财政所', headId: 'f1', leaderId: 'leader' }],
      ['d2', { id: 'd2', name: '空部', headId: null, leaderId: null }],
      ['d3', { id: 'd3', name: '三部', headId: 'both', leaderId: 'both' }],
      ['lead', { id: 'lead', name: '班子', headId: 'p1', leaderId: 'p2' }],
    ]),
    roles: new Map(Object.entries(roles)),
  };
}

const policy: Policy = PolicySchema.parse({
  collectiveThreshold: '300000',
  collectiveStep: { name: '集体决策', limitHours: 40 },
  requestTypes: [
    {
      name: '用款申请',
      steps: [
        { name: '部门负责人审核', role: 'department_head', limitHours: 8 },
        { name: '分管领导审批', role: 'department_leader', limitHours: 8 },
        { name: '财务审核', role: 'finance', mode: '或签', limitHours: 4 },
        { name: '主要领导审批', role: 'principal', mode: '或签', minAmount: '50000', limitHours: 16 },
        { name: '工程变更审议', role: 'party', mode: '会签', tags: ['工程变更'], limitHours: 16 },
      ],
    },
    {
      name: '依次财务',
      steps: [
        { name: '部门负责人审核', role: 'department_head' },
        { name: '财务审核', role: 'finance', mode: '依次' },
      ],
    },
    {
      name: '必签',
      steps: [
        { name: '部门负责人审核', role: 'department_head' },
        { name: '分管领导审批', role: 'department_leader', mandatory: true },
      ],
    },
    { name: '党委', steps: [{ name: '党委审议', role: 'party' }] },
  ],
});

function input(requesterId: string, departmentId: string, yuan: number, extra: Partial<RouteInput> = {}): RouteInput {
  return { type: '用款申请', amount: BigInt(yuan) * 100n, requesterId, departmentId, tags: [], ...extra };
}

function codeOf(fn: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected an AppError');
}

const people = (r: ReturnType<typeof resolveRoute>) => r.steps.map((s) => s.assignees);

describe('resolveRoute', () => {
  it('refuses an unknown request type and lists the known ones', () => {
    const { code, details } = codeOf(() => resolveRoute(policy, snapshot(), input('staff', 'd1', 100, { type: '借款' }), 1));
    expect(code).toBe('UNKNOWN_REQUEST_TYPE');
    expect(details.known).toEqual(['用款申请', '依次财务', '必签', '党委']);
  });

  it('resolves roles against the requester department and skips steps under minAmount', () => {
    const r = resolveRoute(policy, snapshot(), input('staff', 'd1', 1200), 7);
    expect(r.policyVersion).toBe(7);
    expect(people(r)).toEqual([['head'], ['leader'], ['f1', 'f2']]);
    expect(r.steps.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(r.steps.map((s) => s.limitMinutes)).toEqual([480, 480, 240]);
    expect(r.steps.every((s) => !s.collective && s.note === undefined)).toBe(true);
    expect(r.merged).toEqual([]);
  });

  it('includes a step at exactly minAmount', () => {
    const r = resolveRoute(policy, snapshot(), input('staff', 'd1', 50000), 1);
    expect(r.steps.at(-1)).toMatchObject({ role: 'principal', mode: '或签', assignees: ['p1', 'p2'] });
  });

  it('includes a tagged step only when a tag matches', () => {
    const plain = resolveRoute(policy, snapshot(), input('staff', 'd1', 1200, { tags: ['其他'] }), 1);
    expect(plain.steps.some((s) => s.role === 'party')).toBe(false);
    const tagged = resolveRoute(policy, snapshot(), input('staff', 'd1', 1200, { tags: ['工程变更'] }), 1);
    expect(tagged.steps.at(-1)).toMatchObject({ role: 'party', mode: '会签', assignees: ['p1', 'p2', 'leader'] });
  });

  it('moves a head’s own request up to the leader, then dedupes the leader step', () => {
    const r = resolveRoute(policy, snapshot(), input('head', 'd1', 1200), 1);
    expect(r.steps[0]).toMatchObject({ name: '部门负责人审核', role: 'department_leader', assignees: ['leader'] });
    expect(r.steps[0]?.note).toEqual({ kind: 'escalated', reason: 'requester_holds', from: 'department_head', to: 'department_leader', several: false });
    expect(noteText(r.steps[0]?.note)).toBe('申请人本人为部门负责人，上移至分管领导');
    expect(r.merged).toEqual([{ name: '分管领导审批', into: 0, personId: 'leader' }]);
    expect(people(r)).toEqual([['leader'], ['f1', 'f2']]);
  });

  it('keeps a mandatory step even when the same person approved the step before', () => {
    const r = resolveRoute(policy, snapshot(), input('head', 'd1', 1200, { type: '必签' }), 1);
    expect(people(r)).toEqual([['leader'], ['leader']]);
    expect(r.merged).toEqual([]);
  });

  it('dedupes the same single person on consecutive steps', () => {
    const r = resolveRoute(policy, snapshot(), input('solo', 'd3', 1200), 1);
    expect(people(r)).toEqual([['both'], ['f1', 'f2']]);
    expect(r.merged).toEqual([{ name: '分管领导审批', into: 0, personId: 'both' }]);
  });

  it('removes the requester from a multi-person step and says so', () => {
    const r = resolveRoute(policy, snapshot(), input('f2', 'fin', 1200), 1);
    expect(r.steps[2]).toMatchObject({ role: 'finance', assignees: ['f1'], note: { kind: 'recused', role: 'finance' } });
    expect(noteText(r.steps[2]?.note)).toBe('申请人本人为财务人员，已回避');
  });

  it('moves finance to the principals when the requester is the only finance person', () => {
    const r = resolveRoute(policy, snapshot({ roles: { finance: ['f1'] } }), input('f1', 'fin', 1200), 1);
    // f1 heads 财政所 too: head → leader, leader deduped, finance → principals (或签)
    expect(r.steps.map((s) => [s.role, s.mode, s.assignees])).toEqual([
      ['department_leader', '依次', ['leader']],
      ['principal', '或签', ['p1', 'p2']],
    ]);
    expect(noteText(r.steps[1]?.note)).toBe('申请人本人为财务人员，上移至主要领导（或签）');
  });

  it('moves a sole principal’s own request to the party members (或签, without the requester)', () => {
    const r = resolveRoute(policy, snapshot({ roles: { principal: ['p1'], party: ['p1', 'p2', 'leader'] } }), input('p1', 'lead', 60000), 1);
    expect(r.steps.at(-1)).toMatchObject({ role: 'party', mode: '或签', assignees: ['p2', 'leader'] });
    expect(noteText(r.steps.at(-1)?.note)).toContain('上移至党工委成员');
  });

  it('moves a vacant post up and skips inactive people', () => {
    const r = resolveRoute(policy, snapshot({ inactive: ['f2'] }), input('orphan', 'd2', 1200), 1);
    expect(r.steps[0]).toMatchObject({ role: 'principal', mode: '或签', assignees: ['p1', 'p2'] });
    expect(noteText(r.steps[0]?.note)).toBe('未设部门负责人，上移至主要领导（或签）');
    expect(r.steps.at(-1)?.assignees).toEqual(['f1']);
  });

  it('expands 依次 among several people into one step per person', () => {
    const r = resolveRoute(policy, snapshot(), input('staff', 'd1', 100, { type: '依次财务' }), 1);
    expect(r.steps.map((s) => [s.name, s.mode, s.assignees])).toEqual([
      ['部门负责人审核', '依次', ['head']],
      ['财务审核（名f1）', '依次', ['f1']],
      ['财务审核（名f2）', '依次', ['f2']],
    ]);
  });

  it('appends a collective step at the 三重一大 threshold', () => {
    const r = resolveRoute(policy, snapshot(), input('staff', 'd1', 300000), 1);
    expect(r.steps.at(-1)).toMatchObject({
      name: '集体决策',
      role: 'collective',
      mode: '或签',
      assignees: ['sec'],
      collective: true,
      mandatory: true,
      limitMinutes: 2400,
    });
    expect(r.steps.at(-1)?.note).toMatchObject({ kind: 'collective', why: 'amount' });
    expect(noteText(r.steps.at(-1)?.note)).toContain('金额达到三重一大标准');
    expect(resolveRoute(policy, snapshot(), input('staff', 'd1', 299999), 1).steps.some((s) => s.collective)).toBe(false);
  });

  it('appends a collective step for a 三重一大 tag', () => {
    const r = resolveRoute(policy, snapshot(), input('staff', 'd1', 1200, { tags: ['三重一大'] }), 1);
    expect(r.steps.at(-1)?.collective).toBe(true);
    expect(noteText(r.steps.at(-1)?.note)).toContain('事项标记为三重一大');
  });

  it('never lets the requester record their own collective decision', () => {
    const r = resolveRoute(policy, snapshot(), input('sec', 'd1', 400000), 1);
    expect(r.steps.at(-1)).toMatchObject({ role: 'collective', assignees: ['p1', 'p2'] });
  });

  it('fails closed when nobody can approve a step', () => {
    const { code, details } = codeOf(() => resolveRoute(policy, snapshot({ roles: { party: [] } }), input('staff', 'd1', 10, { type: '党委' }), 1));
    expect(code).toBe('NO_APPROVER');
    expect(details).toMatchObject({ step: '党委审议', role: 'party' });
  });
});

describe('describeMode', () => {
  it('explains each mode in Chinese', () => {
    expect(describeMode('依次')).toContain('按顺序');
    expect(describeMode('会签')).toContain('全部同意');
    expect(describeMode('或签')).toContain('任一人');
  });
});

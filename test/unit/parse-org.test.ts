import { describe, expect, it } from 'vitest';
import { isAppError } from '../../workflows/domain/errors.js';
import { IdSchema } from '../../workflows/domain/org-file.js';
import { deriveBudgetLineId, parseOrgText, resolveSuperior, toOrgSnapshot } from '../../workflows/domain/parse-org.js';

/** A small valid organisation as plain data; tests change one thing and serialise it as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely, then re-validated
function baseOrg(): Record<string, any> {
  return {
    unit: { name: '测试镇', fiscalYear: 2026 },
    departments: [
      { id: 'czs', name: '财政所', head: 'wu', leader: 'chen' },
      { id: 'cjb', name: '城建办', head: 'qian', leader: 'chen' },
    ],
    people: [
      { id: 'boss', name: '书记', department: 'czs' },
      { id: 'chen', name: '陈副主任', department: 'czs' },
      { id: 'wu', name: '吴所长', department: 'czs', accounts: { dingtalk: 'd-wu' } },
      { id: 'qian', name: '钱主任', department: 'cjb' },
      { id: 'feng', name: '冯科员', department: 'cjb', accounts: { dingtalk: 'd-feng' } },
    ],
    roles: { finance: ['wu'], principal: ['boss'], party: ['boss', 'chen'], secretary: ['feng'] },
    groups: { supervision: { console: '监督群' } },
    budget: [{ department: 'cjb', subject: '办公费', amount: '50000' }],
    policy: {
      collectiveThreshold: '300000',
      requestTypes: [{ name: '用款申请', steps: [{ name: '部门负责人审核', role: 'department_head' }] }],
    },
  };
}

function problemsOf(text: string): string[] {
  try {
    parseOrgText(text);
  } catch (error) {
    if (isAppError(error) && error.code === 'ORG_INVALID') return error.details.problems as string[];
    throw error;
  }
  throw new Error('expected ORG_INVALID');
}

const json = (org: unknown): string => JSON.stringify(org);

describe('parseOrgText', () => {
  it('parses a valid file (JSON is YAML) and applies defaults', () => {
    const org = parseOrgText(json(baseOrg()));
    expect(org.policy.workingHours).toEqual(['08:30-12:00', '14:00-17:30']);
    expect(org.policy.requestTypes[0]?.steps[0]?.mode).toBe('依次');
    expect(org.people[0]?.accounts).toEqual({});
    expect(org.roles.discipline).toEqual([]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('unit:\n  name: x\n  name: y\n');
    expect(problems[0]).toMatch(/^第 3 行: 重复的键/);
  });

  it('turns zod issues into Chinese path: message lines', () => {
    const org = baseOrg();
    delete org.people[1].department;
    org.departments[0].extra = 1;
    org.policy.requestTypes[0].steps[0].role = 'boss';
    const problems = problemsOf(json(org));
    expect(problems).toContain('people[1].department: 缺少必填项');
    expect(problems.some((p) => p.startsWith('departments[0]: ') && p.includes('extra'))).toBe(true);
    expect(problems.some((p) => p.startsWith('policy.requestTypes[0].steps[0].role: '))).toBe(true);
  });

  it('lists every cross-reference problem at once, each with its path', () => {
    const org = baseOrg();
    org.people[3].department = 'cz';
    org.departments[1].head = 'nobody';
    org.people.push({ id: 'feng', name: '重名', department: 'cjb' });
    org.people[4].accounts.dingtalk = 'd-wu';
    org.people[4].superior = 'ghost';
    org.roles.finance.push('ghost2');
    org.delegations = [{ from: 'wu', to: 'wu', starts: '2026-07-01T00:00:00+08:00', ends: 'soon' }];
    org.budget.push({ department: 'xx', subject: '差旅费', amount: '-5' });
    org.policy.collectiveThreshold = 'abc';
    org.policy.workingHours = ['12:00-08:30'];
    org.policy.requestTypes.push({ name: '用款申请', steps: [{ name: 'x', role: 'finance', minAmount: '1.234' }] });
    const problems = problemsOf(json(org));
    expect(problems).toEqual(
      expect.arrayContaining([
        'people[3].department: 未知部门 "cz"',
        'departments[1].head: 未知人员 "nobody"',
        'people[5].id: 重复的人员编号 "feng"',
        'people[4].accounts.dingtalk: 账号 "d-wu" 已属于 "wu"',
        'people[5].accounts.console: 账号 "feng" 已属于 "feng"',
        'people[4].superior: 未知人员 "ghost"',
        'roles.finance[1]: 未知人员 "ghost2"',
        'delegations[0].to: 不能委托给本人',
        'delegations[0].ends: 无效时间 "soon"',
        'budget[1].department: 未知部门 "xx"',
        'budget[1].amount: 金额无效 "-5"',
        'policy.collectiveThreshold: 金额无效 "abc"',
        'policy.workingHours[0]: 开始时间应早于结束时间 "12:00-08:30"',
        'policy.requestTypes[1].name: 重复的申请类型 "用款申请"',
        'policy.requestTypes[1].steps[0].minAmount: 金额无效 "1.234"',
      ]),
    );
    expect(problems).toHaveLength(15);
  });

  it('allows a zero budget line but not a duplicate one', () => {
    const org = baseOrg();
    org.budget = [
      { department: 'cjb', subject: '办公费', amount: '0' },
      { department: 'cjb', subject: '办公费', amount: 100 },
    ];
    const problems = problemsOf(json(org));
    expect(problems.some((p) => p.startsWith('budget[1].id: 重复的预算指标编号'))).toBe(true);
    expect(problems.some((p) => p.startsWith('budget[1]: 重复的预算指标'))).toBe(true);
    expect(problems.some((p) => p.includes('amount'))).toBe(false);
  });

  it('requires a supervision group target', () => {
    const org = baseOrg();
    org.groups.supervision = {};
    expect(problemsOf(json(org))).toContain('groups.supervision: 至少配置一个平台的监督群');
  });
});

describe('deriveBudgetLineId', () => {
  it('is stable, readable for ASCII and valid for Chinese subjects', () => {
    const a = deriveBudgetLineId({ department: 'czs', subject: '办公费', project: '' }, 2026);
    expect(a).toBe(deriveBudgetLineId({ department: 'czs', subject: '办公费' }, 2026));
    expect(a).toMatch(/^czs-[0-9a-f]{8}-2026$/);
    expect(IdSchema.safeParse(a).success).toBe(true);
    expect(deriveBudgetLineId({ department: 'czs', subject: 'office', project: 'p1' }, 2027)).toBe('czs-office-p1-2027');
  });

  it('tells projects and years apart', () => {
    const ids = new Set([
      deriveBudgetLineId({ department: 'cjb', subject: '维修费', project: '' }, 2026),
      deriveBudgetLineId({ department: 'cjb', subject: '维修费', project: '道路' }, 2026),
      deriveBudgetLineId({ department: 'cjb', subject: '维修费', project: '桥梁' }, 2026),
      deriveBudgetLineId({ department: 'cjb', subject: '维修费', project: '' }, 2027),
    ]);
    expect(ids.size).toBe(4);
  });

  it('stays within the id limits for a long department id', () => {
    const id = deriveBudgetLineId({ department: 'd'.repeat(60), subject: '办公费', project: '' }, 2026);
    expect(IdSchema.safeParse(id).success).toBe(true);
  });
});

describe('superior cycles (上级关系成环)', () => {
  it('refuses a cycle of explicit superiors, naming the path once', () => {
    const org = baseOrg();
    org.people[2].superior = 'feng'; // 吴所长 → 冯科员
    org.people[4].superior = 'wu'; // 冯科员 → 吴所长
    const problems = problemsOf(json(org));
    expect(problems.filter((p) => p.includes('成环'))).toEqual(['people: 上级关系成环：吴所长 → 冯科员 → 吴所长']);
  });

  it('refuses a cycle through an implied superior (a head goes to the department leader)', () => {
    const org = baseOrg();
    org.people[1].superior = 'qian'; // 陈副主任 → 钱主任, who heads 城建办 whose leader is 陈副主任
    expect(problemsOf(json(org))).toContain('people: 上级关系成环：陈副主任 → 钱主任 → 陈副主任');
  });

  it('reports a longer cycle from the first person in the file, and not the people who merely lead into it', () => {
    const org = baseOrg();
    org.people[0].superior = 'feng'; // 书记 → 冯科员 → 钱主任 → 陈副主任 → 书记
    org.people.push({ id: 'x', name: '新人', department: 'cjb', superior: 'boss' });
    expect(problemsOf(json(org)).filter((p) => p.includes('成环'))).toEqual(['people: 上级关系成环：书记 → 冯科员 → 钱主任 → 陈副主任 → 书记']);
  });

  it('accepts chains that end', () => {
    const org = baseOrg();
    org.people[4].superior = 'wu';
    org.people[2].superior = 'boss';
    expect(() => parseOrgText(json(org))).not.toThrow();
  });
});

describe('resolveSuperior', () => {
  const org = parseOrgText(json({ ...baseOrg(), people: [...baseOrg().people, { id: 'x', name: 'X', department: 'cjb', superior: 'boss' }] }));

  it('uses the explicit superior first', () => expect(resolveSuperior(org, 'x')).toBe('boss'));
  it('sends staff to their department head', () => expect(resolveSuperior(org, 'feng')).toBe('qian'));
  it('sends a head to the department leader', () => expect(resolveSuperior(org, 'qian')).toBe('chen'));
  it('sends a leader to a principal', () => expect(resolveSuperior(org, 'chen')).toBe('boss'));
  it('gives a principal none', () => expect(resolveSuperior(org, 'boss')).toBeNull());
  it('knows nothing of strangers', () => expect(resolveSuperior(org, 'ghost')).toBeNull());
});

describe('toOrgSnapshot', () => {
  it('maps people, departments and roles', () => {
    const snap = toOrgSnapshot(parseOrgText(json(baseOrg())));
    expect(snap.people.get('feng')).toEqual({ id: 'feng', name: '冯科员', departmentId: 'cjb', superiorId: 'qian', active: true });
    expect(snap.departments.get('cjb')).toEqual({ id: 'cjb', name: '城建办', headId: 'qian', leaderId: 'chen' });
    expect(snap.roles.get('finance')).toEqual(['wu']);
    expect(snap.roles.get('discipline')).toEqual([]);
  });
});

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

describe('request kinds (资金性质) in the policy', () => {
  /** baseOrg with a cashier and the given request types; every type gets one step */
  function withTypes(...types: Record<string, unknown>[]): Record<string, unknown> {
    const org = baseOrg();
    org.roles.cashier = ['boss'];
    org.policy.requestTypes = types.map((t) => ({ steps: [{ name: '部门负责人审核', role: 'department_head' }], ...t }));
    return org;
  }
  /** the problems of the request types; none when the file is valid */
  const kindProblemsOf = (org: unknown): string[] => {
    const text = json(org);
    try {
      parseOrgText(text);
      return [];
    } catch {
      return problemsOf(text).filter((p) => p.startsWith('policy.requestTypes'));
    }
  };

  it('maps the Chinese kind names to codes, in kind and in parent.kinds, and defaults to 直接支出', () => {
    const org = parseOrgText(
      json(
        withTypes(
          { name: '用款申请', kind: '事前申请' },
          { name: '费用报销', kind: '报销', parent: { kinds: ['事前申请'] }, payment: true },
          { name: '合同审批', kind: '合同', parent: { kinds: ['事前申请'], required: false } },
          { name: '工程验收', kind: '验收', parent: { kinds: ['合同'], required: true } },
          { name: '工程付款', kind: '付款', parent: { kinds: ['合同'], required: true }, payment: true, acceptanceBeforePayment: true },
          { name: '预算调整', kind: '预算调整' },
          { name: '零星支出', kind: '直接支出' },
          { name: '其他' },
        ),
      ),
    );
    expect(org.policy.requestTypes.map((t) => [t.name, t.kind])).toEqual([
      ['用款申请', 'prior'],
      ['费用报销', 'reimbursement'],
      ['合同审批', 'contract'],
      ['工程验收', 'acceptance'],
      ['工程付款', 'payment'],
      ['预算调整', 'adjustment'],
      ['零星支出', 'direct'],
      ['其他', 'direct'],
    ]);
    expect(org.policy.requestTypes[1]).toMatchObject({ parent: { kinds: ['prior'], required: false }, payment: true, acceptanceBeforePayment: false });
    expect(org.policy.requestTypes[4]).toMatchObject({ parent: { kinds: ['contract'], required: true }, payment: true, acceptanceBeforePayment: true });
    expect(org.policy.requestTypes[7]).toMatchObject({ payment: false, acceptanceBeforePayment: false });
    expect(org.policy.requestTypes[7]?.parent).toBeUndefined();
  });

  it('refuses an unknown kind name in Chinese, naming its path and the kinds there are', () => {
    const problems = problemsOf(json(withTypes({ name: '用款申请', kind: '借款' }, { name: '费用报销', kind: '报销', parent: { kinds: ['报账'] } })));
    const kind = problems.find((p) => p.startsWith('policy.requestTypes[0].kind: '));
    expect(kind).toMatch(/借款/);
    expect(kind).toMatch(/事前申请.*预算调整/);
    expect(kind?.slice('policy.requestTypes[0].kind: '.length)).not.toMatch(/[A-Za-z]/);
    expect(problems.some((p) => p.startsWith('policy.requestTypes[1].parent.kinds[0]: ') && p.includes('报账'))).toBe(true);
  });

  it('refuses a payment step on a type that does not spend (a prior request, a contract, an acceptance, an adjustment)', () => {
    const problems = kindProblemsOf(
      withTypes(
        { name: '用款申请', kind: '事前申请', payment: true },
        { name: '合同审批', kind: '合同', payment: true },
        { name: '工程验收', kind: '验收', parent: { kinds: ['合同'], required: true }, payment: true },
        { name: '预算调整', kind: '预算调整', payment: true },
      ),
    );
    expect(problems).toEqual([0, 1, 2, 3].map((i) => `policy.requestTypes[${i}].payment: 只有付款、报销、直接支出类申请有付款环节`));
  });

  it('accepts a payment step on 付款, 报销 and 直接支出', () => {
    const org = withTypes(
      { name: '工程付款', kind: '付款', payment: true },
      { name: '费用报销', kind: '报销', payment: true },
      { name: '零星支出', kind: '直接支出', payment: true },
    );
    expect(() => parseOrgText(json(org))).not.toThrow();
  });

  it('refuses payment: true when roles.cashier names nobody, once per such type', () => {
    const org = withTypes({ name: '费用报销', kind: '报销', payment: true }, { name: '零星支出', kind: '直接支出' }, { name: '工程付款', kind: '付款', payment: true });
    delete (org.roles as Record<string, unknown>).cashier;
    expect(kindProblemsOf(org)).toEqual(['policy.requestTypes[0].payment: roles.cashier 未配置出纳', 'policy.requestTypes[2].payment: roles.cashier 未配置出纳']);
  });

  it('checks the cashiers like any other role holder', () => {
    const org = withTypes({ name: '费用报销', kind: '报销', payment: true });
    (org.roles as Record<string, string[]>).cashier = ['ghost', 'boss', 'boss'];
    expect(problemsOf(json(org))).toEqual(['roles.cashier[0]: 未知人员 "ghost"', 'roles.cashier[2]: 重复的人员 "boss"']);
  });

  it('refuses a 验收 that need not, or may not only, be linked to a contract', () => {
    const expected = 'policy.requestTypes[0].parent: 验收须关联合同（parent: { kinds: [合同], required: true }）';
    expect(kindProblemsOf(withTypes({ name: '工程验收', kind: '验收' }))).toEqual([expected]);
    expect(kindProblemsOf(withTypes({ name: '工程验收', kind: '验收', parent: { kinds: ['合同'] } }))).toEqual([expected]);
    expect(kindProblemsOf(withTypes({ name: '工程验收', kind: '验收', parent: { kinds: ['合同', '事前申请'], required: true } }))).toEqual([expected]);
    expect(kindProblemsOf(withTypes({ name: '工程验收', kind: '验收', parent: { kinds: ['合同'], required: true } }))).toEqual([]);
  });

  it('refuses acceptanceBeforePayment unless the type spends and may be linked to a contract', () => {
    const noContract = 'policy.requestTypes[0].acceptanceBeforePayment: 须先允许关联合同（parent.kinds 含「合同」）';
    expect(kindProblemsOf(withTypes({ name: '工程付款', kind: '付款', acceptanceBeforePayment: true }))).toEqual([noContract]);
    expect(kindProblemsOf(withTypes({ name: '工程付款', kind: '付款', parent: { kinds: ['事前申请'] }, acceptanceBeforePayment: true }))).toEqual([noContract]);
    expect(kindProblemsOf(withTypes({ name: '工程付款', kind: '付款', parent: { kinds: ['合同'] }, acceptanceBeforePayment: true }))).toEqual([]);
    expect(kindProblemsOf(withTypes({ name: '工程验收', kind: '验收', parent: { kinds: ['合同'], required: true }, acceptanceBeforePayment: true }))).toEqual([
      'policy.requestTypes[0].acceptanceBeforePayment: 只有付款、报销、直接支出类申请可要求先验收后付款',
    ]);
  });

  it('refuses links that make no chain: to a kind without a commitment, from a prior request or an adjustment, a contract under a contract', () => {
    const problems = kindProblemsOf(
      withTypes(
        { name: '费用报销', kind: '报销', parent: { kinds: ['付款'] } },
        { name: '用款申请', kind: '事前申请', parent: { kinds: ['事前申请'] } },
        { name: '预算调整', kind: '预算调整', parent: { kinds: ['事前申请'] } },
        { name: '合同审批', kind: '合同', parent: { kinds: ['合同'] } },
      ),
    );
    expect(problems).toEqual([
      'policy.requestTypes[0].parent.kinds: 只能关联事前申请或合同，不能关联「付款」',
      'policy.requestTypes[1].parent: 事前申请不能再关联其他申请',
      'policy.requestTypes[2].parent: 预算调整不能关联其他申请',
      'policy.requestTypes[3].parent.kinds: 合同只能关联事前申请',
    ]);
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

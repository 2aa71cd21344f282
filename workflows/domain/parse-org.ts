// Parsing and cross-checking the organisation file (组织与策略文件). Every problem is collected and
// named by its path (`people[3].department: 未知部门 "cz"`), so an administrator fixes all at once.
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { appError, isAppError } from './errors.js';
import { parseBudgetYuan, parseYuan } from './money.js';
import { IdSchema, OrgFileSchema, PLATFORMS, REQUEST_KIND_NAMES, type OrgFile } from './org-file.js';
import type { OrgSnapshot } from './types.js';
import { checkWorkingHours } from './working-time.js';

const zhCN = z.locales.zhCN();

const YAML_ERRORS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: '重复的键',
  BAD_INDENT: '缩进错误',
  MISSING_CHAR: '缺少字符（引号或括号未闭合？）',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（是否漏了冒号后的空格？）',
  TAB_AS_INDENT: '不能用 Tab 缩进',
  UNEXPECTED_TOKEN: '意外的符号',
};

function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function orgInvalid(problems: string[]): never {
  throw appError('ORG_INVALID', `organisation file invalid: ${problems.length} problem(s)`, { problems });
}

/** Parses the file text (YAML; JSON is valid YAML), checks its shape with zod, then cross-checks it. */
export function parseOrgText(text: string): OrgFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    orgInvalid(doc.errors.map((e) => `第 ${e.linePos?.[0].line ?? '?'} 行: ${YAML_ERRORS[e.code] ?? 'YAML 语法错误'}（${e.code}）`));
  }
  const parsed = OrgFileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }), {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? '缺少必填项' : zhCN.localeError(issue)),
  });
  if (!parsed.success) {
    orgInvalid(parsed.error.issues.map((issue) => `${pathText(issue.path) || '(根)'}: ${issue.message}`));
  }
  validateOrg(parsed.data);
  return parsed.data;
}

/** Throws ORG_INVALID listing every cross-reference problem of an already shape-checked file. */
export function validateOrg(org: OrgFile): void {
  const problems = findOrgProblems(org);
  if (problems.length > 0) orgInvalid(problems);
}

function amountProblem(path: string, value: string, parse: (v: string) => bigint): string | null {
  try {
    parse(value);
    return null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return `${path}: 金额无效 "${value}"`;
  }
}

/** Every cross-reference problem of the file, each naming its path; empty when the file is sound. */
export function findOrgProblems(org: OrgFile): string[] {
  const problems: string[] = [];
  const people = new Set(org.people.map((p) => p.id));
  const departments = new Set(org.departments.map((d) => d.id));
  const unique = (items: readonly string[], path: (i: number) => string, what: string): void => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item)) problems.push(`${path(i)}: 重复的${what} "${item}"`);
      seen.add(item);
    });
  };
  const person = (id: string, path: string): void => {
    if (!people.has(id)) problems.push(`${path}: 未知人员 "${id}"`);
  };
  const department = (id: string, path: string): void => {
    if (!departments.has(id)) problems.push(`${path}: 未知部门 "${id}"`);
  };

  unique(
    org.departments.map((d) => d.id),
    (i) => `departments[${i}].id`,
    '部门编号',
  );
  unique(
    org.people.map((p) => p.id),
    (i) => `people[${i}].id`,
    '人员编号',
  );
  org.departments.forEach((d, i) => {
    person(d.head, `departments[${i}].head`);
    person(d.leader, `departments[${i}].leader`);
  });
  org.people.forEach((p, i) => {
    department(p.department, `people[${i}].department`);
    if (p.superior !== undefined) person(p.superior, `people[${i}].superior`);
    if (p.superior === p.id) problems.push(`people[${i}].superior: 不能是本人`);
  });
  problems.push(...superiorCycles(org));
  // The console account defaults to the person id (as the loader does), so it takes part too.
  // (web accounts are the person ids themselves: a repeated id is reported as such)
  for (const platform of PLATFORMS.filter((p) => p !== 'web')) {
    const owners = new Map<string, string>();
    org.people.forEach((p, i) => {
      const account = platform === 'console' ? (p.accounts.console ?? p.id) : p.accounts[platform];
      if (account === undefined) return;
      const owner = owners.get(account);
      if (owner !== undefined) problems.push(`people[${i}].accounts.${platform}: 账号 "${account}" 已属于 "${owner}"`);
      else owners.set(account, p.id);
    });
  }
  for (const [role, holders] of Object.entries(org.roles)) {
    holders.forEach((id, j) => person(id, `roles.${role}[${j}]`));
    unique(holders, (j) => `roles.${role}[${j}]`, '人员');
  }
  if (Object.values(org.groups.supervision).every((v) => v === undefined)) {
    problems.push('groups.supervision: 至少配置一个平台的监督群');
  }
  org.delegations.forEach((d, i) => {
    person(d.from, `delegations[${i}].from`);
    person(d.to, `delegations[${i}].to`);
    if (d.from === d.to) problems.push(`delegations[${i}].to: 不能委托给本人`);
    const starts = Date.parse(d.starts);
    const ends = Date.parse(d.ends);
    if (Number.isNaN(starts)) problems.push(`delegations[${i}].starts: 无效时间 "${d.starts}"`);
    if (Number.isNaN(ends)) problems.push(`delegations[${i}].ends: 无效时间 "${d.ends}"`);
    if (starts >= ends) problems.push(`delegations[${i}].ends: 结束时间应晚于开始时间`);
  });

  const lineIds: string[] = [];
  org.budget.forEach((line, i) => {
    department(line.department, `budget[${i}].department`);
    const bad = amountProblem(`budget[${i}].amount`, line.amount, parseBudgetYuan);
    if (bad) problems.push(bad);
    lineIds.push(line.id ?? deriveBudgetLineId(line, org.unit.fiscalYear));
  });
  unique(lineIds, (i) => `budget[${i}].id`, '预算指标编号');
  unique(
    org.budget.map((l) => `${l.department} / ${l.subject} / ${l.project}`),
    (i) => `budget[${i}]`,
    '预算指标（部门/科目/项目）',
  );

  const policy = org.policy;
  const threshold = (path: string, value: string): void => {
    const bad = amountProblem(path, value, parseYuan);
    if (bad) problems.push(bad);
  };
  threshold('policy.collectiveThreshold', policy.collectiveThreshold);
  threshold('policy.supervision.procurementThreshold', policy.supervision.procurementThreshold);
  threshold('policy.supervision.supplierConcentration', policy.supervision.supplierConcentration);
  for (const p of checkWorkingHours(policy.workingHours)) problems.push(`policy.workingHours${p}`);
  policy.reports.threePublic.forEach((tag, i) => {
    const bad = tag.cap === undefined ? null : amountProblem(`policy.reports.threePublic[${i}].cap`, tag.cap, parseBudgetYuan);
    if (bad) problems.push(bad);
  });
  unique(
    policy.requestTypes.map((t) => t.name),
    (i) => `policy.requestTypes[${i}].name`,
    '申请类型',
  );
  policy.requestTypes.forEach((type, i) => {
    unique(
      type.steps.map((s) => s.name),
      (j) => `policy.requestTypes[${i}].steps[${j}].name`,
      '环节名称',
    );
    type.steps.forEach((step, j) => {
      const path = `policy.requestTypes[${i}].steps[${j}]`;
      if (step.minAmount !== undefined) {
        const bad = amountProblem(`${path}.minAmount`, step.minAmount, parseBudgetYuan);
        if (bad) problems.push(bad);
      }
      if (step.role === 'party' && org.roles.party.length === 0) problems.push(`${path}.role: roles.party 未配置党工委成员`);
    });
    problems.push(...kindProblems(type, `policy.requestTypes[${i}]`, org));
  });
  return problems;
}

/** A type's kind, parent, payment and acceptance settings must fit together. */
function kindProblems(type: OrgFile['policy']['requestTypes'][number], path: string, org: OrgFile): string[] {
  const problems: string[] = [];
  const moves = ['payment', 'reimbursement', 'direct'].includes(type.kind);
  if (type.payment && !moves) problems.push(`${path}.payment: 只有付款、报销、直接支出类申请有付款环节`);
  if (type.payment && org.roles.cashier.length === 0) problems.push(`${path}.payment: roles.cashier 未配置出纳`);
  if (type.acceptanceBeforePayment && !moves) problems.push(`${path}.acceptanceBeforePayment: 只有付款、报销、直接支出类申请可要求先验收后付款`);
  if (type.acceptanceBeforePayment && !type.parent?.kinds.includes('contract')) problems.push(`${path}.acceptanceBeforePayment: 须先允许关联合同（parent.kinds 含「合同」）`);
  if (type.kind === 'adjustment' && type.parent) problems.push(`${path}.parent: 预算调整不能关联其他申请`);
  if (type.kind === 'acceptance' && !(type.parent?.required && type.parent.kinds.every((k) => k === 'contract'))) {
    problems.push(`${path}.parent: 验收须关联合同（parent: { kinds: [合同], required: true }）`);
  }
  for (const kind of type.parent?.kinds ?? []) {
    if (kind !== 'prior' && kind !== 'contract') problems.push(`${path}.parent.kinds: 只能关联事前申请或合同，不能关联「${kindName(kind)}」`);
  }
  if (type.kind === 'prior' && type.parent) problems.push(`${path}.parent: 事前申请不能再关联其他申请`);
  if (type.kind === 'contract' && type.parent?.kinds.some((k) => k !== 'prior')) problems.push(`${path}.parent.kinds: 合同只能关联事前申请`);
  return problems;
}

function kindName(kind: string): string {
  return Object.entries(REQUEST_KIND_NAMES).find(([, code]) => code === kind)?.[0] ?? kind;
}

function slugPart(text: string): string {
  return /^[A-Za-z0-9_]{1,24}$/.test(text) ? text : createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * A stable budget line id (预算指标编号) when the file gives none: department, subject and project
 * (ASCII kept, anything else as 8 hex digits of its sha1) and the fiscal year, e.g. `czs-1a2b3c4d-2026`.
 */
export function deriveBudgetLineId(line: { department: string; subject: string; project?: string | undefined }, fiscalYear: number): string {
  const project = line.project ?? '';
  const parts = [line.department, slugPart(line.subject), ...(project === '' ? [] : [slugPart(project)]), String(fiscalYear)];
  const id = parts.join('-');
  if (IdSchema.safeParse(id).success) return id;
  const digest = createHash('sha1').update(`${line.department}\u0000${line.subject}\u0000${project}`, 'utf8').digest('hex');
  return `b-${digest.slice(0, 16)}-${fiscalYear}`;
}

/**
 * 上级 of a person: the explicit `superior`; else, for a department head, that department's 分管领导;
 * for a 分管领导, a 主要领导 other than themself; for staff, their department head. Principals have
 * none unless the file names one.
 */
export function resolveSuperior(org: OrgFile, personId: string): string | null {
  const person = org.people.find((p) => p.id === personId);
  if (!person) return null;
  if (person.superior !== undefined) return person.superior;
  const principals = org.roles.principal;
  if (principals.includes(personId)) return null;
  const own = org.departments.find((d) => d.id === person.department);
  const headed = org.departments.find((d) => d.head === personId);
  if (headed && headed.leader !== personId) return headed.leader;
  if (headed || org.departments.some((d) => d.leader === personId)) {
    return principals.find((id) => id !== personId) ?? null;
  }
  return own && own.head !== personId ? own.head : null;
}

/**
 * Cycles of 上级 (explicit or implied): escalation would go round for ever. Each cycle is named once,
 * starting from its member that comes first in the file: `people: 上级关系成环：张三 → 李四 → 张三`.
 * A person who is their own superior is reported by the per-person check instead.
 */
function superiorCycles(org: OrgFile): string[] {
  const order = new Map(org.people.map((p, i) => [p.id, i]));
  const name = (id: string) => org.people.find((p) => p.id === id)?.name ?? id;
  const ends = new Set<string>(); // people whose chain is known to end or to enter a reported cycle
  const problems: string[] = [];
  for (const start of org.people) {
    const path: string[] = [];
    let id: string | null = start.id;
    while (id !== null && !ends.has(id) && !path.includes(id)) {
      path.push(id);
      id = resolveSuperior(org, id);
    }
    if (id !== null && path.includes(id)) {
      const cycle = path.slice(path.indexOf(id));
      const first = cycle.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b));
      const from = cycle.indexOf(first);
      const rotated = [...cycle.slice(from), ...cycle.slice(0, from)];
      if (rotated.length > 1) problems.push(`people: 上级关系成环：${[...rotated, first].map(name).join(' → ')}`);
    }
    for (const seen of path) ends.add(seen);
  }
  return problems;
}

/** The organisation as the rules see it. */
export function toOrgSnapshot(org: OrgFile): OrgSnapshot {
  return {
    people: new Map(org.people.map((p) => [p.id, { id: p.id, name: p.name, departmentId: p.department, superiorId: resolveSuperior(org, p.id), active: true }])),
    departments: new Map(org.departments.map((d) => [d.id, { id: d.id, name: d.name, headId: d.head, leaderId: d.leader }])),
    roles: new Map(Object.entries(org.roles).map(([role, holders]) => [role, [...holders]])),
  };
}

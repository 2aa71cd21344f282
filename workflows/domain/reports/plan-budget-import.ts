// 预算导入, checked and planned (planBudgetImport): every row against the organisation's departments
// and the fiscal year's lines — every problem with its row and column, as the organisation file's
// are listed — and, when there is none, the movements: a new line is allotted (ALLOT, then ADJUST to
// its 调整后指标 when that differs), an existing one whose 调整后指标 changed is adjusted (one ADJUST).
// 年初指标 already allotted is history and is not rewritten; lines the sheet leaves out stay as they are.
import { isAppError } from '../errors.js';
import { formatYuan, parseBudgetYuan } from '../money.js';
import { deriveBudgetLineId } from '../parse-org.js';
import type { BudgetImportRow } from './budget-import.js';

/** a budget line of the fiscal year as it stands (its balances now) */
export interface ExistingBudgetLine {
  id: string;
  departmentId: string;
  subject: string;
  project: string;
  allotted: bigint;
  adjusted: bigint;
  frozen: bigint;
  committed: bigint;
  spent: bigint;
}

export interface BudgetImportContext {
  fiscalYear: number;
  departments: readonly { id: string; name: string }[];
  lines: readonly ExistingBudgetLine[];
  /** ids held by lines of other years (a new line's derived id must not be one of them) */
  takenIds?: ReadonlySet<string>;
}

/** a new line: ALLOT its 年初指标, then ADJUST to its 调整后指标 when that differs */
export interface PlannedLine {
  row: number;
  id: string;
  departmentId: string;
  subject: string;
  project: string;
  /** 部门 / 科目 / 项目, as the organisation file names lines */
  name: string;
  allotted: bigint;
  budget: bigint;
}

/** an existing line brought to its new 调整后指标 by one ADJUST of `delta` */
export interface PlannedAdjustment {
  row: number;
  lineId: string;
  name: string;
  delta: bigint;
  budget: bigint;
}

export interface BudgetImportPlan {
  creates: PlannedLine[];
  adjusts: PlannedAdjustment[];
  unchanged: number;
}

export type BudgetImportCheck = { ok: true; plan: BudgetImportPlan } | { ok: false; problems: string[] };

const FIELD_NAMES = { department: '部门', subject: '科目', project: '项目', allotted: '年初指标', budget: '调整后指标' } as const;
type Field = keyof typeof FIELD_NAMES;

const yuan = (fen: bigint) => `${formatYuan(fen)} 元`;

/** Checks every row and plans the import; on any problem, every problem and no plan. */
export function planBudgetImport(rows: readonly BudgetImportRow[], context: BudgetImportContext): BudgetImportCheck {
  const problems: string[] = [];
  /** 「第 5 行 D 列（年初指标）：…」 */
  const at = (row: BudgetImportRow, field: Field, text: string) => {
    const column = row[field].column;
    problems.push(`第 ${row.row} 行${column ? ` ${column} 列` : ''}（${FIELD_NAMES[field]}）：${text}`);
  };
  const byName = new Map(context.departments.flatMap((d) => [[d.id, d] as const, [d.name, d] as const]));
  const existing = new Map(context.lines.map((l) => [lineKey(l.departmentId, l.subject, l.project), l]));
  const seen = new Map<string, number>();
  const plan: BudgetImportPlan = { creates: [], adjusts: [], unchanged: 0 };

  for (const row of rows) {
    const departmentText = row.department.value.trim();
    const subject = row.subject.value.trim();
    const project = row.project.value.trim();
    const department = byName.get(departmentText);
    if (!departmentText) at(row, 'department', '不能为空');
    else if (!department) at(row, 'department', `未知部门「${departmentText}」（现有部门：${context.departments.map((d) => d.name).join('、')}）`);
    if (!subject) at(row, 'subject', '不能为空');
    const allotted = amountOf(row, 'allotted', at);
    const budget = row.budget.value.trim() === '' ? allotted : amountOf(row, 'budget', at);
    if (!department || !subject) continue;

    const key = lineKey(department.id, subject, project);
    const name = [department.name, subject, project].filter(Boolean).join(' / ');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      at(row, 'subject', `与第 ${earlier} 行是同一条预算指标（${name}），每条指标只能出现一次`);
      continue;
    }
    seen.set(key, row.row);
    if (allotted === undefined || budget === undefined) continue;

    const line = existing.get(key);
    if (!line) {
      const id = deriveBudgetLineId({ department: department.id, subject, project }, context.fiscalYear);
      if (context.takenIds?.has(id)) at(row, 'subject', `新指标的编号 ${id} 已被其他年度的指标使用，请在组织文件中为它指定编号`);
      else plan.creates.push({ row: row.row, id, departmentId: department.id, subject, project, name, allotted, budget });
      continue;
    }
    if (allotted !== line.allotted) {
      at(row, 'allotted', `「${name}」已下达年初指标 ${yuan(line.allotted)}，不能改为 ${yuan(allotted)}（年初指标是历史）；要增减预算，请改「调整后指标」`);
      continue;
    }
    const used = line.frozen + line.committed + line.spent;
    if (budget < used) {
      at(
        row,
        row.budget.value.trim() === '' ? 'allotted' : 'budget',
        `「${name}」调整后指标 ${yuan(budget)}低于在途冻结 ${yuan(line.frozen)}、已承诺 ${yuan(line.committed)}与已支出 ${yuan(line.spent)}之和 ${yuan(used)}，请先核对预算执行情况`,
      );
      continue;
    }
    const delta = budget - (line.allotted + line.adjusted);
    if (delta === 0n) plan.unchanged++;
    else plan.adjusts.push({ row: row.row, lineId: line.id, name, delta, budget });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}

function lineKey(departmentId: string, subject: string, project: string): string {
  return `${departmentId}\u0000${subject}\u0000${project}`;
}

function amountOf(row: BudgetImportRow, field: 'allotted' | 'budget', at: (row: BudgetImportRow, field: Field, text: string) => void): bigint | undefined {
  const text = row[field].value.trim();
  if (!text) {
    at(row, field, '不能为空');
    return undefined;
  }
  try {
    return parseBudgetYuan(text);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'AMOUNT_INVALID') throw error;
    at(row, field, `「${text}」不是有效的金额：以元填写，不为负，最多两位小数，例如 50000 或 1200.50`);
    return undefined;
  }
}

// 三公经费统计: 因公出国(境), 公务用车购置及运行 and 公务接待, each the budget subjects (科目) the
// organisation file tags with it (policy.reports.threePublic). Per category:
//   控制数 cap       the file's yearly cap for the unit; for one department's report, or a category
//                    without a cap in the file, the 调整后指标 (年初 + 调整) of its lines
//   已支出 / 在途冻结 / 已承诺  summed over its lines, as of the cut-off
//   结余 left        cap − spent − frozen − committed (negative when over)
//   使用率 usedBp    spent / cap
//   上年同期 lastYearSpent  last fiscal year's spent on the same subjects by the same day; none when
//                    last year had no line of the category's subjects
//   同比 yoyBp       (spent − lastYearSpent) / lastYearSpent; none without last year or when it was 0
// The total sums the rows (a subject tagged under two categories would count twice; the file lists
// each subject once).
import { parseBudgetYuan } from '../money.js';
import type { ThreePublicCategory } from '../org-file.js';
import { ratioBp } from './time-progress.js';

export interface ThreePublicTag {
  category: ThreePublicCategory;
  subjects: readonly string[];
  /** 元, as the file writes it */
  cap?: string;
}

/** one budget line's figures (current, or as of a cut-off) */
export interface SubjectFigures {
  subject: string;
  /** 调整后指标: allotted + adjusted */
  budget: bigint;
  spent: bigint;
  frozen: bigint;
  committed: bigint;
}

/** what the 驾驶舱 charts: a category's cap against its spending */
export interface ThreePublicFigures {
  category: ThreePublicCategory;
  /** the budget subjects the organisation file tags with it */
  subjects: string[];
  /** yearly cap: the organisation file's, or the lines' 调整后指标 */
  cap: bigint;
  capFromFile: boolean;
  spent: bigint;
  frozen: bigint;
  committed: bigint;
}

/** 三公经费: one category (因公出国(境), 公务用车购置及运行, 公务接待). report-views.ts re-exports it. */
export interface ThreePublicRow extends ThreePublicFigures {
  /** cap − spent − frozen − committed (negative when over) */
  left: bigint;
  /** spent / cap, basis points */
  usedBp: number;
  /** last fiscal year's spent by the same day, when last year's lines exist */
  lastYearSpent: bigint | null;
  /** (spent − lastYearSpent) / lastYearSpent, basis points; null without last year or when it was 0 */
  yoyBp: number | null;
}

export interface ThreePublicTable {
  rows: ThreePublicRow[];
  total: Omit<ThreePublicRow, 'category' | 'subjects' | 'capFromFile'>;
}

/**
 * Each tagged category's cap and spending from the lines (any number per subject). `fileCaps`: whether
 * the file's caps apply (the unit's report), or the lines' budget is the cap (one department's).
 */
export function threePublicFigures(tags: readonly ThreePublicTag[], lines: readonly SubjectFigures[], fileCaps: boolean): ThreePublicFigures[] {
  return tags.map((tag) => {
    const mine = lines.filter((l) => tag.subjects.includes(l.subject));
    const sum = (pick: (l: SubjectFigures) => bigint) => mine.reduce((total, l) => total + pick(l), 0n);
    const capFromFile = fileCaps && tag.cap !== undefined;
    return {
      category: tag.category,
      subjects: [...tag.subjects],
      cap: capFromFile ? parseBudgetYuan(tag.cap!) : sum((l) => l.budget),
      capFromFile,
      spent: sum((l) => l.spent),
      frozen: sum((l) => l.frozen),
      committed: sum((l) => l.committed),
    };
  });
}

/** (now − before) / before in basis points; null when there is nothing to compare with */
function growthBp(now: bigint, before: bigint | null): number | null {
  return before === null || before === 0n ? null : ratioBp(now - before, before);
}

/**
 * The 三公 table as of a cut-off. `lastYear`: last fiscal year's lines (their spent by the same day),
 * or null when last year has no lines at all.
 */
export function threePublicTable(
  tags: readonly ThreePublicTag[],
  lines: readonly SubjectFigures[],
  lastYear: readonly Pick<SubjectFigures, 'subject' | 'spent'>[] | null,
  fileCaps: boolean,
): ThreePublicTable {
  const rows = threePublicFigures(tags, lines, fileCaps).map((f): ThreePublicRow => {
    const before = lastYear?.filter((l) => f.subjects.includes(l.subject)) ?? [];
    const lastYearSpent = before.length === 0 ? null : before.reduce((total, l) => total + l.spent, 0n);
    return {
      ...f,
      left: f.cap - f.spent - f.frozen - f.committed,
      usedBp: ratioBp(f.spent, f.cap),
      lastYearSpent,
      yoyBp: growthBp(f.spent, lastYearSpent),
    };
  });
  const sum = (pick: (r: ThreePublicRow) => bigint) => rows.reduce((total, r) => total + pick(r), 0n);
  const compared = rows.filter((r) => r.lastYearSpent !== null);
  const cap = sum((r) => r.cap);
  const spent = sum((r) => r.spent);
  // 同比 of the total compares the categories that have a last year, this year's with last year's
  const lastYearSpent = compared.length === 0 ? null : compared.reduce((total, r) => total + r.lastYearSpent!, 0n);
  const comparedSpent = compared.reduce((total, r) => total + r.spent, 0n);
  return {
    rows,
    total: {
      cap,
      spent,
      frozen: sum((r) => r.frozen),
      committed: sum((r) => r.committed),
      left: sum((r) => r.left),
      usedBp: ratioBp(spent, cap),
      lastYearSpent,
      yoyBp: growthBp(comparedSpent, lastYearSpent),
    },
  };
}

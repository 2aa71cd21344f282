// The words of the 三公经费统计 workbook: sheet name, title, column headers, where a cap comes from,
// the total row, and the line shown when the organisation file tags no subject.
import type { ThreePublicReport } from '../../workflows/service/report-views.js';
import { workbookFileName } from './workbook-file-name.js';

export const THREE_PUBLIC_SHEET = '三公经费统计';

export const THREE_PUBLIC_HEADERS = {
  category: '类别',
  subjects: '对应科目',
  cap: '控制数',
  capSource: '控制数来源',
  spent: '已支出',
  frozen: '在途冻结',
  committed: '已承诺',
  left: '结余',
  used: '使用率',
  lastYear: '上年同期支出',
  yoy: '同比增减',
} as const;

export function capSourceWords(fromFile: boolean): string {
  return fromFile ? '组织文件控制数' : '预算指标（调整后）';
}

/** 科目 joined for one cell */
export function subjectsWords(subjects: readonly string[]): string {
  return subjects.join('、');
}

export const TOTAL_LABEL = '合计';
export const NOTHING_TAGGED = '组织文件尚未标注三公科目（policy.reports.threePublic），暂无数据。';

export function threePublicTitle(r: Pick<ThreePublicReport, 'unitName' | 'fiscalYear' | 'scope' | 'asOf'>): string {
  return `${r.unitName} ${r.fiscalYear} 年三公经费统计（${r.scope.label}，截至 ${r.asOf}；上年同期为上年截至同日；金额单位：元）`;
}

/** e.g. 三公经费统计-全部-2026-12-01.xlsx */
export function threePublicFileName(r: Pick<ThreePublicReport, 'scope' | 'asOf'>): string {
  return workbookFileName('三公经费统计', r.scope.label, r.asOf);
}

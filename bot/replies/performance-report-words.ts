// The words of the 行政审批绩效月报 workbook: sheet names, titles, column headers, subtotal and total
// rows, and the sheet that says what each column counts (as domain/reports/performance.ts defines it),
// so a 所长 can explain a figure at the 班子会.
import type { PerformanceReport } from '../../workflows/service/report-views.js';
import { workbookFileName } from './workbook-file-name.js';

export const PERFORMANCE_SHEETS = {
  departments: '按部门',
  approvers: '按审批人',
  notes: '指标说明',
} as const;

export const DEPARTMENT_HEADERS = {
  department: '部门',
  submitted: '提交申请（件）',
  handled: '办结环节（个）',
  onTime: '按时办结（个）',
  onTimeRate: '按时办结率',
  yellow: '黄灯（个）',
  red: '红灯（个）',
  average: '平均用时（工作小时）',
  returns: '退回修改（次）',
  alerts: '监察告警（条）',
} as const;

export const APPROVER_HEADERS = {
  name: '审批人',
  department: '所在部门',
  handled: '办理（次）',
  onTime: '按时办理（次）',
  onTimeRate: '按时办理率',
  yellow: '黄灯（个）',
  red: '红灯（个）',
  average: '平均用时（工作小时）',
  returns: '退回修改（次）',
  alerts: '监察告警（条）',
} as const;

export const NOTES_HEADERS = { figure: '指标', meaning: '统计口径' } as const;

/** what each column counts, in the order of the sheets' columns */
export const PERFORMANCE_NOTES: readonly (readonly [string, string])[] = [
  ['提交申请', '本部门在本月提交（含退回修改后重新提交，按最近一次提交计）的申请件数；审批人不计。'],
  ['办结环节（部门）', '本部门申请中，本月作出同意、驳回或退回修改而办结的审批环节个数（因撤回而终止的环节不计）。'],
  ['办理（审批人）', '本人本月作出的同意、驳回、退回修改、转交次数；会签环节每位成员的同意各计一次。'],
  ['按时', '在该环节的办理时限（红灯时间）之前或当时作出决定；没有时限的环节计为按时。'],
  ['按时率', '按时个数 ÷ 办结（办理）个数；本月没有办结时不计算。'],
  [
    '黄灯、红灯',
    '本月内处于待办状态（本月底前开始、且未在本月前办结）的环节中，到本月底已亮红灯的计红灯，只亮到黄灯的计黄灯；跨月未办的红灯每月都计。部门按申请所属部门，审批人按环节的办理人（转交后为新办理人）。',
  ],
  ['平均用时', '从环节开始到作出决定经过的工作时间（只计工作日的上班时段）的平均数，以小时计；审批人按其本人作出决定的时间计。'],
  ['退回修改', '本月作出的退回修改决定次数：部门按申请所属部门，审批人按作出决定的人。'],
  ['监察告警', '本月电子监察产生的、涉及该部门或该人员的告警条数；合计含不属于任何部门的告警（如多次超时），可能大于各部门之和。'],
  ['合计', '「按部门」的合计按环节统计本报表范围内的全部申请；「按审批人」的小计、合计为各审批人数字之和（会签一个环节可计多次）。'],
];

export const TOTAL_LABEL = '合计';

/** 「城建办 小计」: the approvers of one department */
export function subtotalLabel(department: string): string {
  return `${department} 小计`;
}

/** 2026-11 → 2026年11月 */
export function monthWords(month: string): string {
  const [year, m] = month.split('-');
  return `${year}年${Number(m)}月`;
}

type Head = Pick<PerformanceReport, 'unitName' | 'scope' | 'month'>;

export function departmentsTitle(r: Head): string {
  return `${r.unitName} ${monthWords(r.month)}行政审批绩效月报·按部门（${r.scope.label}；用时按工作时间计）`;
}

export function approversTitle(r: Head): string {
  return `${r.unitName} ${monthWords(r.month)}行政审批绩效月报·按审批人（${r.scope.label}；用时按工作时间计）`;
}

export function notesTitle(r: Head): string {
  return `${monthWords(r.month)}行政审批绩效月报 指标说明`;
}

/** e.g. 审批绩效月报-全部-2026-11.xlsx */
export function performanceFileName(r: Pick<PerformanceReport, 'scope' | 'month'>): string {
  return workbookFileName('审批绩效月报', r.scope.label, r.month);
}

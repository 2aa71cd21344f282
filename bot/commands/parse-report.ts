// /报表 预算执行 [部门|全部] [截至 YYYY-MM-DD] · /报表 绩效 [YYYY-MM] · /报表 三公 [截至 YYYY-MM-DD] ·
// /报表 合同 [截至 YYYY-MM-DD]. The cut-off may also be written 截至=YYYY-MM-DD or as a bare date.
import { isMeetingDate } from '../../workflows/domain/meeting-date.js';
import { MONTH_PATTERN } from '../../workflows/domain/reports/monthly-schedule.js';
import type { ReportKind } from '../../workflows/service/workflow-service.js';

export interface ReportCommand {
  name: 'report';
  report: ReportKind;
  /** 预算执行: a department's name or 全部 */
  department?: string;
  /** the cut-off day, YYYY-MM-DD */
  asOf?: string;
  /** 绩效: YYYY-MM */
  month?: string;
}

export type ParsedReport = { ok: true; command: ReportCommand } | { ok: false; problem: string };

/** the words that name each report (the first word after /报表) */
const REPORT_WORDS: Record<string, ReportKind> = {
  预算执行: 'budget',
  预算执行情况: 'budget',
  预算执行情况表: 'budget',
  预算: 'budget',
  执行: 'budget',
  budget: 'budget',
  绩效: 'performance',
  审批绩效: 'performance',
  performance: 'performance',
  三公: 'three_public',
  三公经费: 'three_public',
  'three-public': 'three_public',
  合同: 'contracts',
  合同执行: 'contracts',
  合同执行情况表: 'contracts',
  contracts: 'contracts',
};

const CUT_OFF = /^(?:截至|截止|asof)[=＝:：]?(.*)$/i;

export function parseReport(args: string): ParsedReport {
  const [word, ...rest] = args.split(/\s+/).filter(Boolean);
  if (!word) return { ok: false, problem: '请写明要哪一张报表：预算执行、绩效、三公 或 合同' };
  const report = REPORT_WORDS[word.toLowerCase()];
  if (!report) return { ok: false, problem: `没有「${word}」这张报表，可选：预算执行、绩效、三公、合同` };
  const command: ReportCommand = { name: 'report', report };
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    const cut = CUT_OFF.exec(token);
    if (cut) {
      const date = cut[1] || rest[++i] || '';
      if (report === 'performance') return { ok: false, problem: '绩效报表按月出具，请写月份，例如 /报表 绩效 2026-11' };
      if (!isMeetingDate(date)) return { ok: false, problem: date ? `截至日期「${date}」不存在，应写成 YYYY-MM-DD` : '「截至」后面缺少日期（YYYY-MM-DD）' };
      command.asOf = date;
    } else if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(token) && report !== 'performance') {
      if (!isMeetingDate(token)) return { ok: false, problem: `日期「${token}」不存在，应写成 YYYY-MM-DD` };
      command.asOf = token;
    } else if (/^\d{4}-\d{1,2}$/.test(token)) {
      const month = token.replace(/-(\d)$/, '-0$1');
      if (report !== 'performance') return { ok: false, problem: `「${token}」是月份；${report === 'budget' ? '预算执行' : '这张'}报表请写截至日期，例如 截至 ${month}-30` };
      if (!MONTH_PATTERN.test(month)) return { ok: false, problem: `月份「${token}」不存在，应写成 YYYY-MM` };
      command.month = month;
    } else if (report === 'budget' && command.department === undefined) {
      command.department = token.slice(0, 40);
    } else {
      return { ok: false, problem: `看不懂「${token}」` };
    }
  }
  return { ok: true, command };
}

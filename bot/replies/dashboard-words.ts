// The words of the 驾驶舱 (dashboard): its title, each chart's title, series and table columns, and the
// labels of the codes it shows (电子监察 rules). The console page receives them with the figures
// (GET /console/api/dashboard), so the page itself holds no words of its own beyond its loading line;
// the column words are the workbooks' where the figure is the same.
import type { SupervisionRule } from '../../workflows/domain/supervision/finding.js';
import { BUDGET_HEADERS } from './budget-report-words.js';
import { RULE_LABELS } from './supervision-words.js';
import { THREE_PUBLIC_HEADERS } from './three-public-report-words.js';

export const DASHBOARD_WORDS = {
  title: '驾驶舱',
  /** 「2026 年度 · 截至 2026-12-01 · 序时进度 91.13%」: the page joins the parts */
  fiscalYear: (year: number) => `${year} 年度`,
  asOf: (day: string) => `截至 ${day}`,
  timeProgress: BUDGET_HEADERS.timeProgress,
  back: '返回控制台',
  empty: '暂无数据',
  yuanUnit: '金额单位：元',
  tableOf: (chart: string) => `${chart}（数据表）`,
  execution: {
    title: '预算执行率与序时进度',
    columns: {
      department: BUDGET_HEADERS.department,
      budget: BUDGET_HEADERS.budget,
      spent: BUDGET_HEADERS.spent,
      execution: BUDGET_HEADERS.execution,
      timeProgress: BUDGET_HEADERS.timeProgress,
      variance: BUDGET_HEADERS.variance,
    },
  },
  lights: {
    title: '各部门各月黄灯、红灯',
    columns: { department: '部门', month: '月份', yellow: '黄灯', red: '红灯' },
    /** 「3月」 on the chart's axis */
    month: (month: string) => `${Number(month.slice(5, 7))}月`,
  },
  alerts: {
    title: '监察告警（按规则）',
    columns: { rule: '规则', total: '告警', open: '未关闭' },
  },
  suppliers: {
    title: '供应商审批通过金额前十',
    columns: { supplier: '供应商', amount: '审批通过金额', count: '笔数' },
  },
  threePublic: {
    title: '三公经费与控制数',
    columns: {
      category: THREE_PUBLIC_HEADERS.category,
      cap: THREE_PUBLIC_HEADERS.cap,
      spent: THREE_PUBLIC_HEADERS.spent,
      frozen: THREE_PUBLIC_HEADERS.frozen,
      committed: THREE_PUBLIC_HEADERS.committed,
      used: THREE_PUBLIC_HEADERS.used,
    },
    nothingTagged: '组织文件尚未标注三公科目（policy.reports.threePublic）。',
  },
} as const;

/** what the page receives: the same words, with the functions' results it needs filled in */
export interface DashboardWords {
  title: string;
  heading: { fiscalYear: string; asOf: string; timeProgress: string };
  back: string;
  empty: string;
  yuanUnit: string;
  execution: { title: string; table: string; columns: Record<keyof (typeof DASHBOARD_WORDS)['execution']['columns'], string> };
  lights: { title: string; table: string; columns: Record<keyof (typeof DASHBOARD_WORDS)['lights']['columns'], string>; months: Record<string, string> };
  alerts: { title: string; table: string; columns: Record<keyof (typeof DASHBOARD_WORDS)['alerts']['columns'], string> };
  suppliers: { title: string; table: string; columns: Record<keyof (typeof DASHBOARD_WORDS)['suppliers']['columns'], string> };
  threePublic: { title: string; table: string; columns: Record<keyof (typeof DASHBOARD_WORDS)['threePublic']['columns'], string>; nothingTagged: string };
}

/** the words for one dashboard: its year, day and the months its lights chart shows */
export function dashboardWords(fiscalYear: number, asOf: string, months: readonly string[]): DashboardWords {
  const w = DASHBOARD_WORDS;
  const chart = <T extends { title: string }>(c: T) => ({ ...c, table: w.tableOf(c.title) });
  return {
    title: w.title,
    heading: { fiscalYear: w.fiscalYear(fiscalYear), asOf: w.asOf(asOf), timeProgress: w.timeProgress },
    back: w.back,
    empty: w.empty,
    yuanUnit: w.yuanUnit,
    execution: chart(w.execution),
    lights: { title: w.lights.title, table: w.tableOf(w.lights.title), columns: w.lights.columns, months: Object.fromEntries(months.map((m) => [m, w.lights.month(m)])) },
    alerts: chart(w.alerts),
    suppliers: chart(w.suppliers),
    threePublic: chart(w.threePublic),
  };
}

/** an alert rule's name (化整为零 …); an unknown code as it is */
export function ruleLabel(rule: string): string {
  return (RULE_LABELS as Record<string, string | undefined>)[rule as SupervisionRule] ?? rule;
}

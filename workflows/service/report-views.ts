// What the service API's report calls hand the chat layer: plain data, money in 分 (bigint), rates in
// basis points (240 = 2.40%), dates as YYYY-MM-DD in the unit's time zone. bot/reports/ turns them
// into workbooks and bot/replies into words; the core never words a report. views.ts re-exports them.
import type { ThreePublicCategory } from '../domain/org-file.js';
import type { BudgetExecutionLine, BudgetFigures } from '../domain/reports/budget-execution.js';
import type { ContractInstalmentRow, ContractRow, ContractTotal } from '../domain/reports/contract-execution.js';
import type { PerformanceRow } from '../domain/reports/performance.js';
import type { ReportSummary } from '../domain/reports/report-notices.js';
import type { ThreePublicRow } from '../domain/reports/three-public.js';

export type ReportKind = 'budget' | 'performance' | 'three_public' | 'contracts';

/** Who a report covers: the unit (财务, 主要领导, 纪检), or the reader's own department. */
export interface ReportScope {
  kind: 'unit' | 'department';
  /** the departments covered (every department for the unit) */
  departmentIds: string[];
  /** 全部 or the department's name, for titles */
  label: string;
}

/** /报表 预算执行 [部门|全部] [截至 YYYY-MM-DD] */
export interface BudgetReportSpec {
  /** a department's id or name; 全部 or absent: what the reader may see (the unit, or their department) */
  department?: string;
  /** the cut-off day (inclusive); absent: today */
  asOf?: string;
}

/** /报表 绩效 [YYYY-MM]: absent → last month */
export interface PerformanceReportSpec {
  month?: string;
}

/** /报表 三公 [截至 YYYY-MM-DD] */
export interface ThreePublicReportSpec {
  asOf?: string;
}

/** /报表 合同 [截至 YYYY-MM-DD] */
export interface ContractReportSpec {
  asOf?: string;
}

/** What every report carries about itself. */
export interface ReportHead {
  unitName: string;
  fiscalYear: number;
  scope: ReportScope;
  /** when it was generated */
  generatedAt: Date;
}

/** One ADJUST movement up to the cut-off (second sheet). */
export interface BudgetAdjustmentRow {
  at: Date;
  /** the day of `at` in the unit's time zone (YYYY-MM-DD) */
  on: string;
  department: string;
  subject: string;
  project: string;
  amount: bigint;
  /** the 预算调整 request that made it; null for the organisation file or a spreadsheet import */
  requestNo: number | null;
  note: string;
}

/** One approved request on a line, approved by the cut-off (third sheet). */
export interface ApprovedRequestRow {
  lineId: string;
  department: string;
  subject: string;
  project: string;
  no: number;
  type: string;
  requester: string;
  purpose: string;
  supplier: string;
  amount: bigint;
  /** the day it was approved (YYYY-MM-DD) */
  approvedOn: string;
  /** paid by the cashier (by the cut-off), when the type has a payment step */
  paidOn: string | null;
}

/** 预算执行情况表, as of the end of `asOf`. */
export interface BudgetExecutionReport extends ReportHead {
  asOf: string;
  /** 序时进度: the share of the fiscal year's working days passed by the end of `asOf`, basis points */
  timeProgressBp: number;
  workdaysPassed: number;
  workdaysInYear: number;
  /** departments in the organisation file's order, each with its lines (by subject, project) and subtotal */
  departments: { departmentId: string; department: string; lines: BudgetExecutionLine[]; subtotal: BudgetFigures }[];
  total: BudgetFigures;
  /** the ADJUST movements up to the cut-off, in time order, in batches (like `approved`) */
  adjustments: () => AsyncIterable<BudgetAdjustmentRow[]>;
  /** the approved requests, by line then number, in batches (read from the database as they are written) */
  approved: () => AsyncIterable<ApprovedRequestRow[]>;
}

/** 行政审批绩效月度报表 */
export interface PerformanceReport extends ReportHead {
  /** YYYY-MM */
  month: string;
  departments: PerformanceRow[];
  approvers: PerformanceRow[];
  total: PerformanceRow;
}

export interface ThreePublicReport extends ReportHead {
  asOf: string;
  rows: ThreePublicRow[];
  total: Omit<ThreePublicRow, 'category' | 'subjects' | 'capFromFile'>;
}

/** 合同执行情况表 */
export interface ContractReport extends ReportHead {
  asOf: string;
  contracts: ContractRow[];
  total: ContractTotal;
}

/** The 驾驶舱 (dashboard): figures for the charts; each chart also shows them as a table. */
export interface DashboardData {
  unitName: string;
  fiscalYear: number;
  asOf: string;
  timeProgressBp: number;
  /** execution rate against 序时进度 per department */
  departments: { departmentId: string; department: string; budget: bigint; spent: bigint; executionBp: number }[];
  /** steps that turned yellow / red, per department of the request and month of activation (YYYY-MM) */
  lights: { department: string; month: string; yellow: number; red: number }[];
  /** 电子监察 alerts this fiscal year by rule */
  alerts: { rule: string; total: number; open: number }[];
  /** the ten suppliers with the most approved money this fiscal year */
  suppliers: { supplier: string; amount: bigint; count: number }[];
  /** 三公 against the caps */
  threePublic: { category: ThreePublicCategory; cap: bigint; spent: bigint; frozen: bigint; committed: bigint }[];
}

/** A workbook the chat layer made, handed back to be kept, audited and sent. */
export interface ReportFileInput {
  kind: ReportKind;
  /** e.g. 预算执行情况表-全部-2026-12-01.xlsx */
  fileName: string;
  bytes: Uint8Array;
  /** what the report was asked for with (spec, scope), for the audit trail */
  params: Record<string, unknown>;
  /** the short text summary's figures (a ReportSummary notice payload) */
  summary: ReportSummary;
}

export type { BudgetExecutionLine, BudgetFigures, ContractInstalmentRow, ContractRow, ContractTotal, PerformanceRow, ReportSummary, ThreePublicRow };

export interface StoredReport {
  id: string;
  fileName: string;
  size: number;
}

// The words of the 合同执行情况表 workbook: sheet names, titles, column headers, a contract's state,
// subtotal and total rows.
import type { ContractReport, ContractRow } from '../../workflows/service/report-views.js';
import { workbookFileName } from './workbook-file-name.js';

export const CONTRACT_SHEETS = {
  contracts: '合同执行情况',
  instalments: '分期明细',
} as const;

export const CONTRACT_HEADERS = {
  department: '部门',
  contractNo: '合同编号',
  requestNo: '审批编号',
  supplier: '供应商',
  purpose: '合同事项',
  signedOn: '签订日期',
  amount: '合同金额',
  paid: '已付金额',
  remaining: '未付金额',
  paidRate: '付款进度',
  state: '状态',
} as const;

export const INSTALMENT_HEADERS = {
  contractNo: '合同编号',
  supplier: '供应商',
  index: '期次',
  condition: '付款条件',
  amount: '本期金额',
  acceptedOn: '验收日期',
  acceptanceNo: '验收审批编号',
  paid: '已付金额',
  remaining: '未付金额',
  lastPaidOn: '最近付款日期',
} as const;

/** 已付清 (paid in full), 已结清 (closed by 结清 with money left), or 执行中 */
export function contractStateWords(c: Pick<ContractRow, 'amount' | 'paid' | 'settled'>): string {
  if (c.paid >= c.amount) return '已付清';
  return c.settled ? '已结清' : '执行中';
}

/** 「城建办 小计（2 份）」 */
export function subtotalLabel(department: string, count: number): string {
  return `${department} 小计（${count} 份）`;
}

/** 「合计（5 份）」 */
export function totalLabel(count: number): string {
  return `合计（${count} 份）`;
}

export const INSTALMENTS_TOTAL = '合计';

type Head = Pick<ContractReport, 'unitName' | 'fiscalYear' | 'scope' | 'asOf'>;

export function contractsTitle(r: Head): string {
  return `${r.unitName} ${r.fiscalYear} 年合同执行情况表（${r.scope.label}，截至 ${r.asOf}；金额单位：元）`;
}

export function instalmentsTitle(r: Head): string {
  return `${r.unitName} ${r.fiscalYear} 年合同分期付款与验收明细（${r.scope.label}，截至 ${r.asOf}；金额单位：元）`;
}

/** e.g. 合同执行情况表-全部-2026-12-01.xlsx */
export function contractFileName(r: Pick<ContractReport, 'scope' | 'asOf'>): string {
  return workbookFileName('合同执行情况表', r.scope.label, r.asOf);
}

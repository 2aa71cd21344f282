// The 合同执行情况表 as a workbook: the contracts by department with subtotals and the total, and their
// instalments (分期) with acceptance (验收) and payments — and the few figures of the chat summary.
import type { ContractReport, ContractRow, ReportSummary } from '../../workflows/service/report-views.js';
import {
  CONTRACT_HEADERS,
  CONTRACT_SHEETS,
  INSTALMENTS_TOTAL,
  INSTALMENT_HEADERS,
  contractStateWords,
  contractsTitle,
  instalmentsTitle,
  subtotalLabel,
  totalLabel,
} from '../replies/contract-report-words.js';
import {
  DATE_FORMAT,
  MONEY_FORMAT,
  PERCENT_FORMAT,
  SUBTOTAL_STYLE,
  TOTAL_STYLE,
  addRow,
  addSheet,
  percentCell,
  writeWorkbook,
  yuanCell,
  type SheetColumn,
} from './write-workbook.js';
import { ratioBp } from '../../workflows/domain/reports/time-progress.js';

const money = (header: string): SheetColumn => ({ header, width: 15, numFmt: MONEY_FORMAT });
const date = (header: string): SheetColumn => ({ header, width: 12, numFmt: DATE_FORMAT });

const C = CONTRACT_HEADERS;
const CONTRACT_COLUMNS: readonly SheetColumn[] = [
  { header: C.department, width: 14 },
  { header: C.contractNo, width: 16 },
  { header: C.requestNo, width: 9 },
  { header: C.supplier, width: 24 },
  { header: C.purpose, width: 30 },
  date(C.signedOn),
  money(C.amount),
  money(C.paid),
  money(C.remaining),
  { header: C.paidRate, width: 10, numFmt: PERCENT_FORMAT },
  { header: C.state, width: 9 },
];

const I = INSTALMENT_HEADERS;
const INSTALMENT_COLUMNS: readonly SheetColumn[] = [
  { header: I.contractNo, width: 16 },
  { header: I.supplier, width: 24 },
  { header: I.index, width: 6 },
  { header: I.condition, width: 20 },
  money(I.amount),
  date(I.acceptedOn),
  { header: I.acceptanceNo, width: 12 },
  money(I.paid),
  money(I.remaining),
  date(I.lastPaidOn),
];

/** a YYYY-MM-DD day as a date cell (midnight UTC is how a spreadsheet's dates are stored) */
function dayCell(day: string | null): Date | null {
  if (day === null) return null;
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
}

function moneyCells(amount: bigint, paid: bigint): unknown[] {
  return [yuanCell(amount), yuanCell(paid), yuanCell(amount - paid), percentCell(ratioBp(paid, amount))];
}

export async function writeContractWorkbook(report: ContractReport): Promise<Uint8Array> {
  return writeWorkbook(async (workbook) => {
    // by department (in the order they first appear), each by signing day as the core lists them
    const groups = new Map<string, ContractRow[]>();
    for (const c of report.contracts) groups.set(c.department, [...(groups.get(c.department) ?? []), c]);

    const contracts = addSheet(workbook, CONTRACT_SHEETS.contracts, contractsTitle(report), CONTRACT_COLUMNS);
    for (const [department, rows] of groups) {
      for (const c of rows) {
        addRow(contracts, CONTRACT_COLUMNS, [
          department,
          c.contractNo,
          c.requestNo,
          c.supplier,
          c.purpose,
          dayCell(c.signedOn),
          ...moneyCells(c.amount, c.paid),
          contractStateWords(c),
        ]);
      }
      const amount = rows.reduce((sum, c) => sum + c.amount, 0n);
      const paid = rows.reduce((sum, c) => sum + c.paid, 0n);
      addRow(contracts, CONTRACT_COLUMNS, [subtotalLabel(department, rows.length), '', '', '', '', null, ...moneyCells(amount, paid), ''], SUBTOTAL_STYLE);
    }
    const t = report.total;
    addRow(contracts, CONTRACT_COLUMNS, [totalLabel(t.count), '', '', '', '', null, ...moneyCells(t.amount, t.paid), ''], TOTAL_STYLE);
    contracts.commit();

    const instalments = addSheet(workbook, CONTRACT_SHEETS.instalments, instalmentsTitle(report), INSTALMENT_COLUMNS);
    let amount = 0n;
    let paid = 0n;
    for (const rows of groups.values()) {
      for (const c of rows) {
        for (const i of c.instalments) {
          addRow(instalments, INSTALMENT_COLUMNS, [
            c.contractNo,
            c.supplier,
            i.index,
            i.condition,
            yuanCell(i.amount),
            dayCell(i.acceptedOn),
            i.acceptanceNo,
            yuanCell(i.paid),
            yuanCell(i.amount - i.paid),
            dayCell(i.lastPaidOn),
          ]);
          amount += i.amount;
          paid += i.paid;
        }
      }
    }
    addRow(instalments, INSTALMENT_COLUMNS, [INSTALMENTS_TOTAL, '', null, '', yuanCell(amount), null, null, yuanCell(paid), yuanCell(amount - paid), null], TOTAL_STYLE);
    instalments.commit();
  });
}

/** The chat summary's figures: the report's total. */
export function summarizeContracts(report: ContractReport): ReportSummary {
  const t = report.total;
  return {
    kind: 'contracts',
    scope: report.scope.label,
    asOf: report.asOf,
    count: t.count,
    amount: t.amount.toString(),
    paid: t.paid.toString(),
    remaining: t.remaining.toString(),
    paidBp: t.paidBp,
  };
}

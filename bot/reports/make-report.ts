// A report as the reader asked for it: the figures from the core, the workbook written here (the
// words are ours, bot/replies), and its summary — ready to hand back to the core to keep and send.
import type { ReportFileInput, ReportKind, ReportReaderRef, WorkflowService } from '../../workflows/service/workflow-service.js';
import { budgetFileName } from '../replies/budget-report-words.js';
import { contractFileName } from '../replies/contract-report-words.js';
import { performanceFileName } from '../replies/performance-report-words.js';
import { threePublicFileName } from '../replies/three-public-report-words.js';
import { summarizeBudget, writeBudgetWorkbook } from './budget-workbook.js';
import { summarizeContracts, writeContractWorkbook } from './contract-workbook.js';
import { summarizePerformance, writePerformanceWorkbook } from './performance-workbook.js';
import { summarizeThreePublic, writeThreePublicWorkbook } from './three-public-workbook.js';

export interface ReportRequest {
  report: ReportKind;
  department?: string;
  asOf?: string;
  month?: string;
}

export async function makeReport(service: WorkflowService, reader: ReportReaderRef, request: ReportRequest): Promise<ReportFileInput> {
  const asked = { report: request.report, department: request.department, asOf: request.asOf, month: request.month };
  switch (request.report) {
    case 'budget': {
      const report = await service.reports.budget(reader, { department: request.department, asOf: request.asOf });
      return {
        kind: 'budget',
        fileName: budgetFileName(report),
        bytes: await writeBudgetWorkbook(report),
        params: { ...asked, scope: report.scope.label, asOf: report.asOf },
        summary: summarizeBudget(report),
      };
    }
    case 'performance': {
      const report = await service.reports.performance(reader, { month: request.month });
      return {
        kind: 'performance',
        fileName: performanceFileName(report),
        bytes: await writePerformanceWorkbook(report),
        params: { ...asked, scope: report.scope.label, month: report.month },
        summary: summarizePerformance(report),
      };
    }
    case 'three_public': {
      const report = await service.reports.threePublic(reader, { asOf: request.asOf });
      return {
        kind: 'three_public',
        fileName: threePublicFileName(report),
        bytes: await writeThreePublicWorkbook(report),
        params: { ...asked, scope: report.scope.label, asOf: report.asOf },
        summary: summarizeThreePublic(report),
      };
    }
    case 'contracts': {
      const report = await service.reports.contracts(reader, { asOf: request.asOf });
      return {
        kind: 'contracts',
        fileName: contractFileName(report),
        bytes: await writeContractWorkbook(report),
        params: { ...asked, scope: report.scope.label, asOf: report.asOf },
        summary: summarizeContracts(report),
      };
    }
  }
}

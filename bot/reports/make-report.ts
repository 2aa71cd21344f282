// A report as the reader asked for it: the figures from the core, the workbook written here (the
// words are ours, bot/replies), and its summary — ready to hand back to the core to keep and send.
import type { ReportFileInput, ReportKind, ReportReaderRef, WorkflowService } from '../../workflows/service/workflow-service.js';
import { reportFileName } from '../replies/report-words.js';

export interface ReportRequest {
  report: ReportKind;
  department?: string;
  asOf?: string;
  month?: string;
}

export async function makeReport(service: WorkflowService, reader: ReportReaderRef, request: ReportRequest): Promise<ReportFileInput> {
  const params = { report: request.report, department: request.department, asOf: request.asOf, month: request.month };
  switch (request.report) {
    case 'budget': {
      const report = await service.reports.budget(reader, { department: request.department, asOf: request.asOf });
      return {
        kind: 'budget',
        fileName: reportFileName('budget', report.scope.label, report.asOf),
        bytes: await notYet(report),
        params: { ...params, scope: report.scope.label, asOf: report.asOf },
        summary: await notYet(report),
      };
    }
    case 'performance': {
      const report = await service.reports.performance(reader, { month: request.month });
      return {
        kind: 'performance',
        fileName: reportFileName('performance', report.scope.label, report.month),
        bytes: await notYet(report),
        params: { ...params, scope: report.scope.label, month: report.month },
        summary: await notYet(report),
      };
    }
    case 'three_public': {
      const report = await service.reports.threePublic(reader, { asOf: request.asOf });
      return {
        kind: 'three_public',
        fileName: reportFileName('three_public', report.scope.label, report.asOf),
        bytes: await notYet(report),
        params: { ...params, scope: report.scope.label, asOf: report.asOf },
        summary: await notYet(report),
      };
    }
    case 'contracts': {
      const report = await service.reports.contracts(reader, { asOf: request.asOf });
      return {
        kind: 'contracts',
        fileName: reportFileName('contracts', report.scope.label, report.asOf),
        bytes: await notYet(report),
        params: { ...params, scope: report.scope.label, asOf: report.asOf },
        summary: await notYet(report),
      };
    }
  }
}

async function notYet(_report: unknown): Promise<never> {
  throw new Error('not built yet');
}

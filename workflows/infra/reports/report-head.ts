// What every report carries about itself (ReportHead): the unit, the fiscal year, the scope as the
// reader sees it and when it was made. The scope is copied field by field so that what resolveReportScope
// knows besides (the reader's roles) stays out of the report.
import type { ReportHead, ReportScope } from '../../service/report-views.js';

export function reportHead(unit: { unitName: string; fiscalYear: number }, scope: ReportScope, now: Date): ReportHead {
  return {
    unitName: unit.unitName,
    fiscalYear: unit.fiscalYear,
    scope: { kind: scope.kind, departmentIds: scope.departmentIds, label: scope.label },
    generatedAt: now,
  };
}

// The scope of one report for one reader: who they are, what they named (a department, 全部), the
// rule (domain/reports/report-scope.ts). A request beyond it is refused with REPORT_SCOPE and audited
// as security.refused; an unknown department is REPORT_UNKNOWN_DEPARTMENT.
import { appError } from '../../domain/errors.js';
import { matchDepartment } from '../../domain/search/match-names.js';
import { reportScope } from '../../domain/reports/report-scope.js';
import type { Platform } from '../../domain/org-file.js';
import type { ReportKind, ReportScope } from '../../service/report-views.js';
import { recordAudit } from '../audit.js';
import type { Ctx } from '../context.js';

/** who asks for a report: a person from a chat or the console, or the monthly push (no platform) */
export interface Reader {
  personId: string;
  platform?: Platform;
  account?: string;
}

/** the word for the whole unit in `/报表 预算执行 全部` */
export const WHOLE_UNIT = '全部';

export interface ResolvedScope extends ReportScope {
  /** the reader's roles, for what else the report may show */
  roles: string[];
}

export async function resolveReportScope({ db, now }: Ctx, reader: Reader, report: ReportKind, department?: string): Promise<ResolvedScope> {
  const [person, roles, departments] = await Promise.all([
    db.person.findUnique({ where: { id: reader.personId }, select: { departmentId: true, active: true } }),
    db.roleAssignment.findMany({ where: { personId: reader.personId }, select: { role: true } }),
    db.department.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
  ]);
  if (!person?.active) throw appError('UNKNOWN_PERSON', `unknown person ${reader.personId}`, { personId: reader.personId });
  let named: 'unit' | { departmentId: string } | undefined;
  const text = department?.trim();
  if (text === WHOLE_UNIT) named = 'unit';
  else if (text) {
    const match = matchDepartment(text, departments);
    if (!match.ok || match.ids.length !== 1) {
      throw appError('REPORT_UNKNOWN_DEPARTMENT', `no department ${text}`, { value: text, candidates: match.ok ? [] : match.candidates });
    }
    named = { departmentId: match.ids[0]! };
  }
  const roleCodes = roles.map((r) => r.role);
  const decision = reportScope({ roles: roleCodes, departmentId: person.departmentId }, named);
  if (!decision.ok) {
    await recordAudit(db, {
      action: 'security.refused',
      subject: `report:${report}`,
      actorId: reader.personId,
      platform: reader.platform,
      account: reader.account,
      at: now,
      data: { code: 'REPORT_SCOPE', report, beyond: decision.beyond, department: text ?? null },
    });
    throw appError('REPORT_SCOPE', `${reader.personId} may not see ${decision.beyond} reports`, { beyond: decision.beyond, department: text });
  }
  if (decision.kind === 'unit') return { kind: 'unit', departmentIds: departments.map((d) => d.id), label: WHOLE_UNIT, roles: roleCodes };
  const name = departments.find((d) => d.id === decision.departmentId)?.name ?? decision.departmentId;
  return { kind: 'department', departmentIds: [decision.departmentId], label: name, roles: roleCodes };
}

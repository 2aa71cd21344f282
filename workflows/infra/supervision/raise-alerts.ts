// Puts what the supervision rules found into the register, inside the caller's transaction: one
// alert per subject (a finding seen again changes nothing), each new one audited (`alert.raised`,
// with its citation) and sent to the 监督群 in the next digest — or, for the two alerts that had
// their own digest lines before the register existed (红灯, 多次补正), with those lines.
import { randomInt, randomUUID } from 'node:crypto';
import type { Prisma } from '../../../prisma/generated/client.js';
import type { Alert as AlertNotice, Effect } from '../../domain/effects.js';
import type { Finding } from '../../domain/supervision/finding.js';
import { appendAudit } from '../audit.js';
import type { Tx } from '../db.js';
import { emit } from '../outbox.js';
import { loadOrgSnapshot, personName } from '../org-snapshot.js';

export interface RaisedAlert {
  id: string;
  no: number;
  finding: Finding;
}

/**
 * Records the findings that are new; returns them. `digest` may give the line a finding is sent with
 * (the older 红灯 and 多次补正 lines); otherwise it is sent as a register alert.
 */
export async function raiseAlerts(
  tx: Tx,
  findings: readonly (Finding | null)[],
  now: Date,
  digest?: (finding: Finding, no: number) => AlertNotice | undefined,
  { preview = false }: { preview?: boolean } = {},
): Promise<RaisedAlert[]> {
  const raised: RaisedAlert[] = [];
  const real = findings.filter((f): f is Finding => f !== null);
  if (real.length === 0) return raised;
  const org = await loadOrgSnapshot(tx);
  for (const finding of real) {
    const id = randomUUID();
    const facts = finding.facts as unknown as Prisma.InputJsonObject;
    // ON CONFLICT: a finding seen again (or raised by another process at the same moment) is not a new alert.
    // A preview (rolled back) takes a number outside the register's range, so the register has no gap.
    const no = preview ? -randomInt(1, 2 ** 31 - 1) : null;
    const [row] = await tx.$queryRaw<{ no: number }[]>`
      INSERT INTO "Alert" ("id", "no", "rule", "severity", "dedupeKey", "requestIds", "requestNos", "departmentId", "personId", "amount", "citation", "facts", "raisedAt")
      VALUES (${id}, COALESCE(${no}::int, nextval(pg_get_serial_sequence('"Alert"', 'no'))), ${finding.rule}, ${finding.severity}, ${finding.dedupeKey}, ${finding.requestIds},
              ${finding.requestNos}, ${finding.departmentId ?? null}, ${finding.personId ?? null}, ${finding.amount ?? null}, ${finding.citation}, ${JSON.stringify(facts)}::jsonb, ${now})
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING "no"`;
    if (!row) continue;
    if (preview) {
      raised.push({ id, no: row.no, finding });
      continue;
    }
    await appendAudit(tx, {
      action: 'alert.raised',
      subject: `alert:${id}`,
      at: now,
      data: {
        no: row.no,
        rule: finding.rule,
        severity: finding.severity,
        requests: finding.requestNos,
        department: finding.departmentId ?? null,
        person: finding.personId ?? null,
        amount: finding.amount ?? null,
        citation: finding.citation,
        facts: finding.facts,
      },
    });
    const alert: AlertNotice = digest?.(finding, row.no) ?? {
      code: 'supervision',
      alertNo: row.no,
      rule: finding.rule,
      severity: finding.severity,
      requestNos: finding.requestNos,
      department: finding.departmentId ? (org.departments.get(finding.departmentId)?.name ?? finding.departmentId) : undefined,
      person: finding.personId ? personName(org, finding.personId) : undefined,
      amount: finding.amount?.toString(),
      citation: finding.citation,
      facts: namedFacts(finding, (pid) => personName(org, pid)),
    };
    const effect: Effect = { kind: 'group.digest', group: 'supervision', notice: { kind: 'alert.raised', alert } };
    await emit(tx, effect);
    raised.push({ id, no: row.no, finding });
  }
  return raised;
}

/** people named in the facts (assignees, who recorded a meeting) by their names, for the words */
function namedFacts(finding: Finding, name: (id: string) => string): Record<string, unknown> {
  const facts: Record<string, unknown> = { ...finding.facts };
  if (Array.isArray(facts.assignees)) facts.assignees = (facts.assignees as string[]).map(name);
  if (typeof facts.recordedBy === 'string') facts.recordedBy = name(facts.recordedBy);
  return facts;
}

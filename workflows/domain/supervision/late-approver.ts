// Repeatedly late approver: a person who had `lateApproverRedLights` red lights in one calendar month
// (the month in the unit's time zone, YYYY-MM). One alert per person and month, raised by the red
// light that reaches the count.
import type { Finding } from './finding.js';

export interface LateRecord {
  personId: string;
  /** YYYY-MM */
  month: string;
  /** the red lights they had this month, this one included: step ids and their requests */
  redLights: readonly { stepId: string; requestId: string; no: number }[];
}

export function lateApprover(record: LateRecord, threshold: number, citation: string): Finding | null {
  if (record.redLights.length < threshold) return null;
  // each request once, by number; ids and numbers in the same order
  const requests = [...new Map(record.redLights.map((r) => [r.requestId, r.no])).entries()].sort((a, b) => a[1] - b[1]);
  return {
    rule: 'late_approver',
    severity: 'violation',
    dedupeKey: `late_approver:${record.personId}:${record.month}`,
    requestIds: requests.map(([id]) => id),
    requestNos: requests.map(([, no]) => no),
    personId: record.personId,
    citation,
    facts: { month: record.month, redLights: record.redLights.length, threshold },
  };
}

// 办件超时: a step past its time limit (红灯). One alert per step, naming who had it.
import type { Finding } from './finding.js';

export interface OverdueStep {
  stepId: string;
  step: string;
  assignees: readonly string[];
  dueAt: Date;
  request: { id: string; no: number; departmentId: string; amount: bigint };
}

export function overdue(s: OverdueStep, citation: string): Finding {
  return {
    rule: 'overdue',
    severity: 'warning',
    dedupeKey: `overdue:${s.stepId}`,
    requestIds: [s.request.id],
    requestNos: [s.request.no],
    departmentId: s.request.departmentId,
    personId: s.assignees.length === 1 ? s.assignees[0] : undefined,
    amount: s.request.amount,
    citation,
    facts: { step: s.step, assignees: [...s.assignees], dueAt: s.dueAt.toISOString() },
  };
}

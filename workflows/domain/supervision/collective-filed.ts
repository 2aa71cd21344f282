// 三重一大 备案: every collective decision is filed to 纪检 as it is made — the meeting's date and
// minutes number, the matter and its amount.
import { requestFinding, type Finding } from './finding.js';

export function collectiveFiled(
  decision: {
    stepId: string;
    request: { id: string; no: number; departmentId: string; requesterId: string; amount: bigint; type: string };
    meeting: { date: string; minutesNo: string };
    by: string;
  },
  citation: string,
): Finding {
  const { request } = decision;
  const facts = { type: request.type, meetingDate: decision.meeting.date, minutesNo: decision.meeting.minutesNo, recordedBy: decision.by };
  return requestFinding('collective_filed', 'filing', request, citation, facts, decision.stepId);
}

// 多次补正: a request returned for changes `returnsBeforeAlert` times. One definition, read by the
// card's flag and by the alert alike.
import type { Finding } from './finding.js';

export function isRepeatedlyReturned(returnCount: number, returnsBeforeAlert: number): boolean {
  return returnCount >= returnsBeforeAlert;
}

export function repeatedReturns(
  request: { id: string; no: number; departmentId: string; requesterId: string; amount: bigint; returnCount: number },
  returnsBeforeAlert: number,
  citation: string,
): Finding | null {
  if (!isRepeatedlyReturned(request.returnCount, returnsBeforeAlert)) return null;
  return {
    rule: 'repeated_returns',
    severity: 'warning',
    dedupeKey: `repeated_returns:${request.id}`,
    requestIds: [request.id],
    requestNos: [request.no],
    departmentId: request.departmentId,
    personId: request.requesterId,
    amount: request.amount,
    citation,
    facts: { returns: request.returnCount, threshold: returnsBeforeAlert },
  };
}

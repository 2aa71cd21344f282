// 多次补正: a request returned for changes `returnsBeforeAlert` times. One definition, read by the
// card's flag and by the alert alike.
import { requestFinding, type Finding } from './finding.js';

export function isRepeatedlyReturned(returnCount: number, returnsBeforeAlert: number): boolean {
  return returnCount >= returnsBeforeAlert;
}

export function repeatedReturns(
  request: { id: string; no: number; departmentId: string; requesterId: string; amount: bigint; returnCount: number },
  returnsBeforeAlert: number,
  citation: string,
): Finding | null {
  if (!isRepeatedlyReturned(request.returnCount, returnsBeforeAlert)) return null;
  return requestFinding('repeated_returns', 'warning', request, citation, { returns: request.returnCount, threshold: returnsBeforeAlert });
}

// Payment beyond the contract or before acceptance: the core refuses such a submit
// (INSTALMENT_EXCEEDED, ACCEPTANCE_MISSING, COMMITMENT_INSUFFICIENT under a contract); the attempt is
// still reported, because a pattern of attempts is what an inspector looks for.
import { requestFinding, type Finding } from './finding.js';

export const CONTRACT_PAYMENT_REFUSALS = ['INSTALMENT_EXCEEDED', 'ACCEPTANCE_MISSING', 'COMMITMENT_INSUFFICIENT'] as const;

export function contractPayment(
  attempt: { id: string; no: number; departmentId: string; requesterId: string; amount: bigint; contractNo: string; instalment: number | null; refusal: string },
  citation: string,
): Finding | null {
  if (!(CONTRACT_PAYMENT_REFUSALS as readonly string[]).includes(attempt.refusal)) return null;
  const facts = { contractNo: attempt.contractNo, instalment: attempt.instalment ?? 0, refusal: attempt.refusal };
  return requestFinding('contract_payment', 'warning', attempt, citation, facts, `${attempt.id}:${attempt.refusal}`);
}

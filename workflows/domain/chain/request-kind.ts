// What a request of each kind does with money along a chain (请示 → 合同 → 验收 → 付款):
//
//   kind           on submit                        on approval
//   prior 事前申请  FREEZE from the line              COMMIT (frozen → committed): a commitment children draw on
//   contract 合同   FREEZE (from the parent's         COMMIT, and a contract record
//                  commitment when linked)
//   acceptance 验收 nothing                          records the instalment as accepted
//   payment 付款,   FREEZE (from the line, or from    SPEND at once, or — with a payment step — when the
//   reimbursement   the parent's commitment)         cashier confirms the payment
//   报销, direct
//   adjustment     FREEZE on the giving line (调剂)  ADJUST − on the giving line, + on the receiving one (追加: + only)
//
// Rejection, withdrawal and 退回 RELEASE what was frozen to where it came from.
import type { RequestKind } from '../org-file.js';

export type { RequestKind };

export type ApprovalMovement = 'commit' | 'spend' | 'await_payment' | 'adjust' | 'none';

export function approvalMovement(kind: RequestKind, payment: boolean): ApprovalMovement {
  switch (kind) {
    case 'prior':
    case 'contract':
      return 'commit';
    case 'acceptance':
      return 'none';
    case 'adjustment':
      return 'adjust';
    case 'payment':
    case 'reimbursement':
    case 'direct':
      return payment ? 'await_payment' : 'spend';
  }
}

/** Whether submitting freezes the amount: not a 验收, and not a 追加 (which takes nothing from any line). */
export function freezesOnSubmit(kind: RequestKind, targetLineId: string | null): boolean {
  if (kind === 'acceptance') return false;
  if (kind === 'adjustment') return targetLineId !== null;
  return true;
}

/** Kinds whose approval makes a commitment that children draw on, and that /结清 closes. */
export function makesCommitment(kind: RequestKind): boolean {
  return kind === 'prior' || kind === 'contract';
}

// 关联: whether a request may draw on the parent it names. The parent must be approved and not 结清,
// of a kind the type allows, on the same budget line, from the requester's department (or the
// requester's own), not the child itself or one of its descendants, and — unless the child is a 验收,
// which moves no money — its commitment's remainder must cover the amount.
import type { RequestKind } from '../org-file.js';
import type { RequestStatus } from '../types.js';
import type { ErrorCode } from '../errors.js';

export interface LinkRule {
  kinds: readonly RequestKind[];
  required: boolean;
}

export interface ParentFacts {
  id: string;
  no: number;
  type: string;
  kind: RequestKind;
  status: RequestStatus;
  budgetLineId: string;
  departmentId: string;
  requesterId: string;
  settled: boolean;
  /** what is left of its commitment */
  remainder: bigint;
  /** its own id and every ancestor's, up to the root */
  ancestry: readonly string[];
}

export interface ChildFacts {
  /** absent for a new draft */
  id?: string;
  kind: RequestKind;
  requesterId: string;
  departmentId: string;
  /** the line the child names, when it names one; it takes the parent's line otherwise */
  budgetLineId?: string;
  amount: bigint;
}

export type LinkCheck = { ok: true } | { ok: false; code: ErrorCode; details: Record<string, unknown> };

export function checkParentLink(child: ChildFacts, parent: ParentFacts | null, rule: LinkRule | undefined): LinkCheck {
  const refuse = (code: ErrorCode, details: Record<string, unknown> = {}): LinkCheck => ({ ok: false, code, details });
  if (!parent) return rule?.required ? refuse('LINK_REQUIRED', { kinds: rule.kinds }) : { ok: true };
  const about = { parentNo: parent.no, parentType: parent.type };
  if (!rule) return refuse('LINK_NOT_ALLOWED', about);
  if (!rule.kinds.includes(parent.kind)) return refuse('LINK_KIND', { ...about, parentKind: parent.kind, kinds: rule.kinds });
  if (child.id !== undefined && parent.ancestry.includes(child.id)) return refuse('LINK_CYCLE', about);
  if (parent.status !== 'approved') return refuse('LINK_NOT_APPROVED', { ...about, status: parent.status });
  if (parent.settled) return refuse('LINK_SETTLED', about);
  if (child.budgetLineId !== undefined && child.budgetLineId !== parent.budgetLineId) return refuse('LINK_OTHER_LINE', about);
  if (parent.departmentId !== child.departmentId && parent.requesterId !== child.requesterId) return refuse('LINK_OTHER_DEPARTMENT', about);
  if (child.kind !== 'acceptance' && parent.remainder < child.amount) {
    return refuse('COMMITMENT_INSUFFICIENT', { no: parent.no, type: parent.type, remainderFen: parent.remainder.toString(), requestedFen: child.amount.toString() });
  }
  return { ok: true };
}

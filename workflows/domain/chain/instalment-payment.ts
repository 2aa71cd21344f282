// A payment (or an acceptance) under a contract names an instalment (期次). A payment may not pay
// more than the instalment has left, and — where the policy asks for acceptance before payment —
// an instalment that waits for acceptance (its condition names 验收) only once its 验收 is approved.
// A contract without instalments is one instalment, paid after acceptance.
import type { ErrorCode } from '../errors.js';
import type { Instalment } from './instalments.js';

export interface InstalmentFacts {
  contractNo: string;
  instalments: readonly Instalment[];
  /** the instalment the request names; may be omitted when the contract has one */
  instalment?: number;
  amount: bigint;
  /** payments under the contract that hold or spent money (in approval, approved), with their instalment */
  payments: readonly { instalment: number | null; amount: bigint }[];
  /** acceptances under the contract that are approved, or in approval (for a new acceptance) */
  acceptances: readonly { instalment: number | null; approved: boolean }[];
}

export type InstalmentCheck = { ok: true; instalment: number } | { ok: false; code: ErrorCode; details: Record<string, unknown> };

function pick(facts: InstalmentFacts): InstalmentCheck {
  const about = { contractNo: facts.contractNo, instalments: facts.instalments.length };
  if (facts.instalment === undefined) {
    if (facts.instalments.length === 1) return { ok: true, instalment: 1 };
    return { ok: false, code: 'INSTALMENT_REQUIRED', details: about };
  }
  if (!facts.instalments.some((i) => i.index === facts.instalment)) return { ok: false, code: 'INSTALMENT_UNKNOWN', details: { ...about, instalment: facts.instalment } };
  return { ok: true, instalment: facts.instalment };
}

const of = <T extends { instalment: number | null }>(items: readonly T[], index: number): T[] => items.filter((i) => (i.instalment ?? 1) === index);

/**
 * Whether paying an instalment waits for its 验收: one whose condition speaks of acceptance (验收合格后),
 * or the whole contract when it has no instalment plan; not an advance such as 签订后.
 */
export function waitsForAcceptance(instalment: Instalment): boolean {
  return instalment.condition === '' || instalment.condition.includes('验收');
}

export function checkInstalmentPayment(facts: InstalmentFacts, acceptanceRequired: boolean): InstalmentCheck {
  const picked = pick(facts);
  if (!picked.ok) return picked;
  const instalment = facts.instalments.find((i) => i.index === picked.instalment)!;
  const details = { contractNo: facts.contractNo, instalment: instalment.index, condition: instalment.condition };
  if (acceptanceRequired && waitsForAcceptance(instalment) && !of(facts.acceptances, instalment.index).some((a) => a.approved)) {
    return { ok: false, code: 'ACCEPTANCE_MISSING', details };
  }
  const paid = of(facts.payments, instalment.index).reduce((sum, p) => sum + p.amount, 0n);
  if (paid + facts.amount > instalment.amount) {
    return {
      ok: false,
      code: 'INSTALMENT_EXCEEDED',
      details: { ...details, amountFen: instalment.amount.toString(), paidFen: paid.toString(), requestedFen: facts.amount.toString() },
    };
  }
  return picked;
}

export function checkInstalmentAcceptance(facts: InstalmentFacts): InstalmentCheck {
  const picked = pick(facts);
  if (!picked.ok) return picked;
  if (of(facts.acceptances, picked.instalment).length > 0) {
    return { ok: false, code: 'ACCEPTANCE_DUPLICATE', details: { contractNo: facts.contractNo, instalment: picked.instalment } };
  }
  return picked;
}

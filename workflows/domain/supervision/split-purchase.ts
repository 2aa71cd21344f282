// 化整为零 (split purchase): within one fiscal year, one department buys the same category (from the
// same supplier, where the request names one) in several requests, each below the procurement
// threshold, that together reach it — the pattern 《政府采购法实施条例》第二十八条 calls evading public
// tender. Checked when a request is drafted (or changed): the request that makes the sum reach the
// threshold raises it, and so does each later one while the year's total stays over it (each is one
// more part of the split). Earlier requests count unless they were refused or withdrawn.
import type { Finding } from './finding.js';

export interface PurchaseFacts {
  id: string;
  no: number;
  departmentId: string;
  requesterId: string;
  /** 科目 / 品目 */
  category: string;
  supplier: string;
  /** in 分 */
  amount: bigint;
  fiscalYear: number;
}

export interface SplitSettings {
  /** in 分 */
  procurementThreshold: bigint;
  splitPurchaseBlocks: boolean;
  citation: string;
}

/** how many earlier requests an alert names */
export const LISTED = 10;

/** `earlier`: the unit's other requests that still count (not refused, withdrawn or cancelled) */
export function splitPurchase(candidate: PurchaseFacts, earlier: readonly PurchaseFacts[], settings: SplitSettings): Finding | null {
  const threshold = settings.procurementThreshold;
  if (candidate.amount >= threshold) return null; // at or above it, the purchase goes to tender anyway
  const siblings = earlier.filter(
    (r) =>
      r.id !== candidate.id &&
      r.fiscalYear === candidate.fiscalYear &&
      r.departmentId === candidate.departmentId &&
      r.category === candidate.category &&
      (candidate.supplier === '' || r.supplier === candidate.supplier) &&
      r.amount < threshold,
  );
  if (siblings.length === 0) return null;
  const total = siblings.reduce((sum, r) => sum + r.amount, candidate.amount);
  if (total < threshold) return null;
  // the alert names the most recent earlier requests (the count and total cover them all)
  const ordered = [...siblings].sort((a, b) => a.no - b.no).slice(-LISTED);
  return {
    rule: 'split_purchase',
    severity: 'violation',
    dedupeKey: `split_purchase:${candidate.id}`,
    requestIds: [...ordered.map((r) => r.id), candidate.id],
    requestNos: [...ordered.map((r) => r.no), candidate.no],
    departmentId: candidate.departmentId,
    personId: candidate.requesterId,
    amount: total,
    citation: settings.citation,
    facts: {
      category: candidate.category,
      supplier: candidate.supplier,
      total: total.toString(),
      threshold: threshold.toString(),
      count: siblings.length + 1,
      fiscalYear: candidate.fiscalYear,
      blocks: settings.splitPurchaseBlocks,
    },
  };
}

// Supplier concentration: one supplier's approved total within the fiscal year reaches the
// organisation file's `supplierConcentration`. Raised by the approval that makes it reach the line,
// once per supplier and year.
import type { Finding } from './finding.js';

export interface SupplierApproval {
  id: string;
  no: number;
  departmentId: string;
  requesterId: string;
  supplier: string;
  /** in 分 */
  amount: bigint;
  fiscalYear: number;
}

/** `approvedBefore`: the supplier's other approved total this fiscal year, in 分 */
export function supplierConcentration(approved: SupplierApproval, approvedBefore: bigint, threshold: bigint, citation: string): Finding | null {
  if (approved.supplier === '') return null;
  const total = approvedBefore + approved.amount;
  if (approvedBefore >= threshold || total < threshold) return null;
  return {
    rule: 'supplier_concentration',
    severity: 'warning',
    dedupeKey: `supplier_concentration:${approved.fiscalYear}:${approved.supplier}`,
    requestIds: [approved.id],
    requestNos: [approved.no],
    departmentId: approved.departmentId,
    personId: approved.requesterId,
    amount: total,
    citation,
    facts: { supplier: approved.supplier, total: total.toString(), threshold: threshold.toString(), fiscalYear: approved.fiscalYear },
  };
}

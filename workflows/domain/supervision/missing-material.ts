// 关键数据未上传: a request approved without every attachment its type requires — possible when the
// organisation file added a requirement after it was submitted, or the files were taken off by hand.
// Checked at the final approval.
import { missingKinds } from '../attachments/required-attachments.js';
import { requestFinding, type Finding } from './finding.js';

export function missingMaterial(
  request: { id: string; no: number; departmentId: string; requesterId: string; amount: bigint; type: string },
  required: readonly string[],
  files: readonly { kind: string; removedRound: number | null }[],
  citation: string,
): Finding | null {
  const missing = missingKinds(required, files);
  if (missing.length === 0) return null;
  return requestFinding('missing_material', 'violation', request, citation, { type: request.type, missing });
}

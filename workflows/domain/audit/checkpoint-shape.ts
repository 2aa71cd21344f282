// 审计链检查点, the shape alone (zod, no crypto, so the browser bundles that read notices can load it):
// a checkpoint as the file and the chain keep it, and as the notice the 监督群 is sent.
import { z } from 'zod';

export const CheckpointSchema = z.object({
  v: z.literal(1),
  /** the head's sequence number (decimal string: JSON has no bigint); the chain then had this many rows */
  seq: z.string().regex(/^\d+$/),
  /** the head's hash */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** when it was taken (ISO) */
  at: z.string(),
  /** YYYY-MM-DD for the daily checkpoint, absent for one taken on demand */
  day: z.string().optional(),
  /** the signing key's fingerprint (keyFingerprint) */
  key: z.string(),
  /** Ed25519 signature over checkpointBody, base64 */
  sig: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** the checkpoint as a notice for the 监督群 (bot/replies words it) */
export const CheckpointNoticeSchema = CheckpointSchema.omit({ v: true }).extend({
  kind: z.literal('audit.checkpoint'),
  /** `at` as the unit reads it: YYYY-MM-DD HH:mm in its time zone */
  local: z.string().optional(),
});
export type CheckpointNotice = z.infer<typeof CheckpointNoticeSchema>;

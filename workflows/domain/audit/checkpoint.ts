// 审计链检查点: the chain's head (sequence and hash) at a moment, signed with Ed25519 by a key kept
// outside the database, so someone who can rewrite the database cannot forge one. Each checkpoint is
// kept as a JSON line in a file outside the database, written into the chain itself as an
// `audit.checkpoint` event (the row right after the head it covers) and sent to the 监督群.
// Pure: what is signed, signing and checking a signature with a given key (the shape: checkpoint-shape.ts).
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../audit-chain.js';
import type { Checkpoint } from './checkpoint-shape.js';

export { CheckpointSchema, type Checkpoint } from './checkpoint-shape.js';

export type UnsignedCheckpoint = Omit<Checkpoint, 'sig'>;

/** The bytes signed: every field but the signature, as canonical JSON. */
export function checkpointBody(cp: UnsignedCheckpoint): Buffer {
  const { v, seq, hash, at, day, key } = cp;
  return Buffer.from(canonicalJson({ v, seq, hash, at, day, key }));
}

/** The first 16 hex digits of the SHA-256 of the public key (SPKI DER): short enough to read out, long enough to compare. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function signCheckpoint(cp: Omit<UnsignedCheckpoint, 'key' | 'v'>, privateKey: KeyObject): Checkpoint {
  const unsigned: UnsignedCheckpoint = { v: 1, ...cp, key: keyFingerprint(privateKey) };
  return { ...unsigned, sig: sign(null, checkpointBody(unsigned), privateKey).toString('base64') };
}

/** True when `cp` was signed by the key whose public half is `publicKey`. */
export function isCheckpointSigned(cp: Checkpoint, publicKey: KeyObject): boolean {
  if (cp.key !== keyFingerprint(publicKey)) return false;
  try {
    return verify(null, checkpointBody(cp), publicKey, Buffer.from(cp.sig, 'base64'));
  } catch {
    return false;
  }
}

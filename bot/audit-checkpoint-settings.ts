// Where the audit chain's checkpoints and their key live, from the settings: the given files, or
// under the data directory — never in the database, which they are there to check.
import { join, resolve } from 'node:path';
import type { CheckpointSettings } from '../workflows/service/checkpoint-settings.js';
import type { Config } from './config.js';

export function checkpointSettingsOf(config: Config): CheckpointSettings {
  return {
    keyFile: config.AUDIT_CHECKPOINT_KEY_FILE ? resolve(config.AUDIT_CHECKPOINT_KEY_FILE) : join(config.dataDir, 'audit-checkpoint-key.pem'),
    ...(config.AUDIT_CHECKPOINT_PUBLIC_KEY_FILE ? { publicKeyFile: resolve(config.AUDIT_CHECKPOINT_PUBLIC_KEY_FILE) } : {}),
    file: config.AUDIT_CHECKPOINT_FILE ? resolve(config.AUDIT_CHECKPOINT_FILE) : join(config.dataDir, 'audit-checkpoints.jsonl'),
    time: config.AUDIT_CHECKPOINT_AT,
  };
}

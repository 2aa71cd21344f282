// Where the checkpoints of the audit chain live, outside the database: the signing key (an Ed25519
// private key, PEM) and the file of checkpoints (one JSON line each); when the daily one is taken.
export interface CheckpointSettings {
  /** the private key's PEM file; made on first use when it does not exist */
  keyFile: string;
  /** a public key's PEM file to verify with instead of the key file (a copy kept elsewhere) */
  publicKeyFile?: string;
  /** the checkpoints, a JSON line each, appended and synced */
  file: string;
  /** HH:MM in the unit's time zone: the daily checkpoint */
  time: string;
}

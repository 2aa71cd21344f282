// The port for stored files (附件). Content-addressed: a file's key is the SHA-256 of its bytes, so
// storing the same bytes twice stores them once, and a stored file can always be checked against
// the hash the audit trail recorded. Implementations (workflows/infra/files/) are a directory under
// the data directory and S3-compatible object storage; neither ever leaves a half-written file.

export interface StoredFile {
  /** where the store keeps it: the SHA-256 of the content, lowercase hex */
  key: string;
  sha256: string;
  size: number;
}

export interface FileStore {
  /** a short description for the logs, e.g. 「目录 /srv/guanjia/data/files」 or 「S3 bucket guanjia」 */
  readonly description: string;
  /** stores the bytes (a no-op when the same content is already there); throws FileStoreError when the store cannot take it */
  put(bytes: Uint8Array): Promise<StoredFile>;
  /** the stored bytes, or null when nothing is stored under that key */
  get(key: string): Promise<Uint8Array | null>;
}

/** The store could not take or give a file (disk full, bucket unreachable, …); the caller tells the user. */
export class FileStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileStoreError';
  }
}

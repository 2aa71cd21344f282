// Attachments in S3-compatible object storage (AWS S3, Alibaba OSS, Huawei OBS, MinIO …), under
// <prefix><first two hex digits>/<sha256>. An S3 PUT is atomic — the object appears whole or not at
// all, never half-written — so no temporary name is needed (AWS S3 User Guide «Amazon S3 data
// consistency model»). The same bytes are never uploaded twice: a HEAD finds them first.
//
// Integrity: PutObject carries Content-MD5, which every S3-compatible service named above checks
// against the body (BadDigest otherwise). We do not send ChecksumSHA256 (x-amz-checksum-sha256): it
// is a 2022 addition that not all of them implement (a service that does not know a checksum header
// may refuse the request), and s3rver, the server the tests run against, ignores it — it checks
// neither header. The SHA-256 is still covered twice: SigV4 signs the body's SHA-256
// (x-amz-content-sha256, which S3 compares with the body), and get() compares what comes back with
// the key.
//
// requestChecksumCalculation / responseChecksumValidation 'WHEN_REQUIRED': since early 2025 the SDK
// adds a CRC32 (x-amz-checksum-crc32, x-amz-sdk-checksum-algorithm, aws-chunked for streams) to
// every upload unless told otherwise; OSS, OBS and older MinIO do not all accept those headers.
// With 'WHEN_REQUIRED' only what we set (Content-MD5) is sent.
//
// "S3 down" fails in seconds: 3 attempts, 5 s to connect, 30 s of silence on a socket.
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FileStoreError, type FileStore, type StoredFile } from '../../service/file-store.js';

const KEY = /^[0-9a-f]{64}$/;

export interface S3FileStoreOptions {
  /** unset → AWS S3 itself */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** true → https://endpoint/bucket/key (MinIO, s3rver); false → https://bucket.endpoint/key (OSS requires this) */
  forcePathStyle: boolean;
  /** prepended to every key; ends with '/' (default 'attachments/') */
  prefix?: string;
}

export class S3FileStore implements FileStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3FileStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? 'attachments/';
    this.description = options.endpoint ? `S3 ${options.bucket} (${new URL(options.endpoint).host})` : `S3 ${options.bucket}`;
    this.client = new S3Client({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      region: options.region,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      forcePathStyle: options.forcePathStyle,
      maxAttempts: 3,
      // the SDK builds its NodeHttpHandler from these options
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(bytes: Uint8Array): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const stored = { key: sha256, sha256, size: bytes.byteLength };
    const Key = this.objectKey(sha256);
    try {
      if (await this.exists(Key)) return stored;
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
          ContentType: 'application/octet-stream',
        }),
      );
      return stored;
    } catch (error) {
      throw new FileStoreError(`cannot store ${sha256} in ${this.description}: ${describe(error)}`, { cause: error });
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    if (!KEY.test(key)) return null;
    let bytes: Uint8Array;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!object.Body) throw new Error('empty response body');
      bytes = await object.Body.transformToByteArray();
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw new FileStoreError(`cannot read ${key} from ${this.description}: ${describe(error)}`, { cause: error });
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== key) throw new FileStoreError(`${key} in ${this.description} came back with SHA-256 ${actual}`);
    return bytes;
  }

  /** HEAD: 404 → absent. A 403 is also taken as "cannot tell": without s3:ListBucket S3 answers a
   * missing key with 403, and writing identical bytes again is harmless (wrong keys fail at the PUT). */
  private async exists(Key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 403) return false;
      throw error;
    }
  }

  private objectKey(sha256: string): string {
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/** A missing object, not a missing bucket (that is a configuration error and must be seen). */
function isNoSuchKey(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NoSuchKey' || (statusOf(error) === 404 && name !== 'NoSuchBucket');
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return status ? `${message} (HTTP ${status})` : message;
}

// Picks the attachment store (附件存储) the configuration names: a directory under the data directory
// (FILE_STORE=dir, the default) or S3-compatible object storage (FILE_STORE=s3). The S3 client is
// loaded only when it is used: it is large, and warns at load about Node versions it will drop.
import { join } from 'node:path';
import type { FileStore } from '../../service/file-store.js';
import { DirFileStore } from './dir-store.js';

export interface FileStoreSettings {
  FILE_STORE: 'dir' | 's3';
  S3_ENDPOINT?: string;
  S3_BUCKET?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE: 'true' | 'false';
}

export async function createFileStore(settings: FileStoreSettings, dataDir: string): Promise<FileStore> {
  if (settings.FILE_STORE === 'dir') return new DirFileStore(join(dataDir, 'files'));
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = settings;
  // loadConfig already refuses FILE_STORE=s3 without these; this only guards other callers
  if (!bucket || !accessKeyId || !secretAccessKey) {
    throw new Error('FILE_STORE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  const { S3FileStore } = await import('./s3-store.js');
  return new S3FileStore({
    ...(settings.S3_ENDPOINT ? { endpoint: settings.S3_ENDPOINT } : {}),
    bucket,
    region: settings.S3_REGION,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE === 'true',
  });
}

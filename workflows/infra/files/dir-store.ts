// Attachments in a directory (the default): <root>/<first two hex digits>/<sha256>. A file is
// written to a temporary name in the same directory, flushed to disk, then renamed into place, so a
// crash or a full disk never leaves a half-written file under a real key.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStoreError, type FileStore, type StoredFile } from '../../service/file-store.js';

const KEY = /^[0-9a-f]{64}$/;

export class DirFileStore implements FileStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `目录 ${root}`;
  }

  async put(bytes: Uint8Array): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    const stored = { key: sha256, sha256, size: bytes.byteLength };
    if (await exists(path)) return stored;
    const dir = join(this.root, sha256.slice(0, 2));
    const temp = join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
      await syncDir(dir);
      return stored;
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new FileStoreError(`cannot store ${sha256} under ${this.root}: ${(error as Error).message}`, { cause: error });
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    if (!KEY.test(key)) return null;
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new FileStoreError(`cannot read ${key} under ${this.root}: ${(error as Error).message}`, { cause: error });
    }
  }

  private pathOf(key: string): string {
    return join(this.root, key.slice(0, 2), key);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** the rename itself is durable once the directory is flushed (where the platform allows opening a directory) */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

// The FileStore contract (附件存储), run against both implementations: the directory store in a temp
// directory and the S3 store against a real local s3rver (no network). Then what only one of them
// can get wrong: a directory store that fails mid-write leaves nothing behind; an S3 store whose
// server is gone fails in seconds with FileStoreError instead of hanging.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStoreError, type FileStore } from '../../workflows/service/file-store.js';
import { DirFileStore } from '../../workflows/infra/files/dir-store.js';
import { S3FileStore } from '../../workflows/infra/files/s3-store.js';
import { demoOrgText } from '../helpers/demo-org-text.js';
import { startTestGuanjia } from '../helpers/test-guanjia.js';
import { TIME_SCALE } from '../helpers/time-limits.js';

// s3rver ships no types: the little of it used here, typed locally
interface S3rverEvent {
  Records: { eventName: string; s3: { object: { key: string } } }[];
}
interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
}
type S3rverClass = new (options: { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] }) => S3rver;
const S3rverServer = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'guanjia-test';
const PREFIX = 'attachments/';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }; // s3rver's fixed keys

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'guanjia-files-'));
  dirs.push(dir);
  return dir;
}

let s3rver: S3rver;
let endpoint: string;
const s3Puts: string[] = [];

beforeAll(async () => {
  s3rver = new S3rverServer({ address: '127.0.0.1', port: 0, silent: true, directory: await tempDir(), configureBuckets: [{ name: BUCKET }] });
  s3rver.on('event', (event) => {
    for (const record of event.Records) if (record.eventName === 'ObjectCreated:Put') s3Puts.push(record.s3.object.key);
  });
  const { port } = await s3rver.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3rver?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function s3Store(at = endpoint): S3FileStore {
  return new S3FileStore({ endpoint: at, bucket: BUCKET, region: 'us-east-1', ...CREDENTIALS, forcePathStyle: true });
}

/** A store, and how many stored objects (temporary files included) carry a key. */
interface Fixture {
  store: FileStore;
  copies(key: string): Promise<number>;
}

const fixtures: [string, () => Promise<Fixture>][] = [
  [
    'DirFileStore',
    async () => {
      const root = await tempDir();
      return {
        store: new DirFileStore(root),
        copies: async (key) => (await readdir(join(root, key.slice(0, 2))).catch(() => [])).filter((name) => name.includes(key)).length,
      };
    },
  ],
  [
    'S3FileStore',
    async () => {
      const client = new S3Client({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, forcePathStyle: true });
      return {
        store: s3Store(),
        copies: async (key) => {
          const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}${key.slice(0, 2)}/` }));
          return (listed.Contents ?? []).filter((object) => object.Key?.includes(key)).length;
        },
      };
    },
  ],
];

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(fixtures)('%s (FileStore contract)', (_name, makeFixture) => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await makeFixture();
  });

  it('gives back exactly the bytes it took, under their SHA-256', async () => {
    const bytes = randomBytes(1000);
    const stored = await fixture.store.put(bytes);
    expect(stored).toEqual({ key: sha256Of(bytes), sha256: sha256Of(bytes), size: 1000 });
    const back = await fixture.store.get(stored.key);
    expect(back).not.toBeNull();
    expect(Buffer.from(back!).equals(bytes)).toBe(true);
  });

  it('stores the same bytes once, under the same key', async () => {
    const bytes = randomBytes(300);
    const first = await fixture.store.put(bytes);
    const second = await fixture.store.put(Uint8Array.from(bytes));
    expect(second).toEqual(first);
    expect(await fixture.copies(first.key)).toBe(1);
  });

  it('answers null for a key nothing is stored under', async () => {
    expect(await fixture.store.get(sha256Of(randomBytes(16)))).toBeNull();
  });

  it('answers null for a key that is not a SHA-256', async () => {
    const real = (await fixture.store.put(randomBytes(10))).key;
    for (const key of ['', '../../etc/passwd', real.toUpperCase(), real.slice(1), `${real}0`, `${real.slice(0, 2)}/${real}`]) {
      expect(await fixture.store.get(key)).toBeNull();
    }
  });

  it('round-trips 5 MB of random bytes', async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const { key, size } = await fixture.store.put(bytes);
    expect(size).toBe(bytes.byteLength);
    const back = await fixture.store.get(key);
    expect(sha256Of(back!)).toBe(key);
    expect(Buffer.from(back!).equals(bytes)).toBe(true);
  });
});

async function findFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('DirFileStore', () => {
  it('leaves no temporary file after storing', async () => {
    const root = await tempDir();
    const store = new DirFileStore(root);
    for (let i = 0; i < 5; i++) await store.put(randomBytes(2000 + i));
    const files = await findFiles(root);
    expect(files).toHaveLength(5);
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with FileStoreError and leaves nothing behind when the directory cannot be written', async () => {
    const bytes = randomBytes(4000);
    const key = sha256Of(bytes);
    const parent = await tempDir();
    let root = join(parent, 'files');
    const shard = join(root, key.slice(0, 2));
    await mkdir(shard, { recursive: true });
    await chmod(shard, 0o500);
    // root ignores the mode bits: then the store's root lies under a regular file, so mkdir fails (ENOTDIR)
    const modeBitsHold = await writeFile(join(shard, 'probe'), '').then(
      () => false,
      () => true,
    );
    if (!modeBitsHold) {
      await writeFile(join(parent, 'a-file'), 'not a directory');
      root = join(parent, 'a-file', 'files');
    }
    try {
      const store = new DirFileStore(root);
      await expect(store.put(bytes)).rejects.toBeInstanceOf(FileStoreError);
      await expect(stat(join(root, key.slice(0, 2), key))).rejects.toMatchObject({ code: modeBitsHold ? 'ENOENT' : 'ENOTDIR' });
      expect((await findFiles(parent)).filter((file) => file.includes(key))).toEqual([]);
    } finally {
      await chmod(shard, 0o700);
    }
  });
});

describe('S3FileStore', () => {
  it('does not upload bytes that are already stored', async () => {
    const store = s3Store();
    const bytes = randomBytes(500);
    const { key } = await store.put(bytes);
    await store.put(bytes);
    await store.put(bytes);
    expect(s3Puts.filter((object) => object === `${PREFIX}${key.slice(0, 2)}/${key}`)).toHaveLength(1);
  });

  it('describes itself by bucket and endpoint host', () => {
    expect(s3Store('http://127.0.0.1:9').description).toBe(`S3 ${BUCKET} (127.0.0.1:9)`);
  });

  // the limit is a hang detector: a store without timeouts would wait here forever
  it(
    'fails with FileStoreError, not a hang, when nothing listens at the endpoint',
    async () => {
      const store = s3Store(`http://127.0.0.1:${await closedPort()}`);
      await expect(store.put(randomBytes(100))).rejects.toBeInstanceOf(FileStoreError);
      await expect(store.get(sha256Of(randomBytes(8)))).rejects.toBeInstanceOf(FileStoreError);
    },
    60_000 * TIME_SCALE,
  );
});

/** a port that was free a moment ago and that nothing listens on now */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

describe('Guanjia with FILE_STORE=s3', () => {
  it('keeps an attached file in the bucket, serves it back and verifies it', async () => {
    const app = await startTestGuanjia({
      org: await demoOrgText({ requiredAttachments: true }),
      workers: false,
      env: { FILE_STORE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey },
    });
    try {
      const fenglei = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
      const { id } = await app.deps.service.requests.draft(fenglei, { type: '费用报销', subject: '办公费', amount: 10_000n, purpose: '打印纸' });
      const bytes = new TextEncoder().encode(`%PDF-1.4\n% s3 ${randomBytes(8).toString('hex')}\n%%EOF\n`);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(app.deps.files.description).toContain(`S3 ${BUCKET}`);
      await app.deps.service.attachments.receive(fenglei, { name: 'invoice.pdf', bytes });
      expect(s3Puts).toContain(`${PREFIX}${sha256.slice(0, 2)}/${sha256}`);
      await app.deps.service.requests.submit(fenglei, id);
      const file = await app.database.db.attachment.findFirstOrThrow({ where: { requestId: id } });
      const opened = await app.deps.service.attachments.open('fenglei', file.id);
      expect(createHash('sha256').update(opened.bytes).digest('hex')).toBe(sha256);
      expect((await app.deps.service.attachments.verify()).problems).toEqual([]);
    } finally {
      await app.cleanup();
    }
  });
});

// The key that signs checkpoints of the audit chain: a private key PEM in a file outside the database
// (AUDIT_CHECKPOINT_KEY_FILE, or made once under the data directory), so rewriting the database
// cannot forge a checkpoint. Made with 0600 permissions and O_EXCL, so two processes making it at
// once end up with one key; its public half is written beside it (<file>.pub) to keep elsewhere.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const isErrno = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

/** The signing key in `keyFile`, made there first when there is none. */
export async function loadSigningKey(keyFile: string): Promise<SigningKey> {
  try {
    return keyOf(await readFile(keyFile, 'utf8'));
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await mkdir(dirname(keyFile), { recursive: true });
  try {
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // another process made it first: use theirs
    if (isErrno(err, 'EEXIST')) return keyOf(await readFile(keyFile, 'utf8'));
    throw err;
  }
  await writeFile(`${keyFile}.pub`, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { privateKey, publicKey };
}

/** The key to verify checkpoints with: the public key file when given, else the public half of the key file; null when neither exists. */
export async function loadVerifyKey(settings: { keyFile: string; publicKeyFile?: string }): Promise<KeyObject | null> {
  if (settings.publicKeyFile) return createPublicKey(await readFile(settings.publicKeyFile, 'utf8'));
  try {
    return keyOf(await readFile(settings.keyFile, 'utf8')).publicKey;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null;
    throw err;
  }
}

function keyOf(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit checkpoint key is ${privateKey.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

// Secrets made once and shared by every process, kept in PostgreSQL (the key that signs attachment
// links when FILE_LINK_SECRET is not set): the first process to ask makes it, the rest read it.
import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export async function sharedSecret(db: Db, name: string): Promise<string> {
  await db.secret.createMany({ data: [{ name, value: randomBytes(32).toString('base64url') }], skipDuplicates: true });
  return (await db.secret.findUniqueOrThrow({ where: { name } })).value;
}

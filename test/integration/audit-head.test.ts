// The audit chain's head row (AuditHead) on a database that had a chain before it: the migration that
// brings it points it at the newest event, or at seq 0 and the genesis hash on an empty chain, so the
// next append links to the right event. Run on PGlite, migration by migration, as a database of the
// earlier code would be migrated.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEvent } from '../../workflows/domain/audit-chain.js';
import { MIGRATIONS_DIR } from '../../workflows/infra/migrate.js';

async function migrations(): Promise<{ before: string[]; rest: string[] }> {
  const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const head = names.findIndex((n) => n.endsWith('_audit_head'));
  expect(head).toBeGreaterThan(0);
  return { before: names.slice(0, head), rest: names.slice(head) };
}

async function migrate(pg: PGlite, names: readonly string[]): Promise<void> {
  for (const name of names) await pg.exec(await readFile(join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8'));
}

async function headOf(pg: PGlite): Promise<{ seq: string; hash: string }[]> {
  return (await pg.query<{ seq: string; hash: string }>(`SELECT "seq"::text AS "seq", "hash" FROM "AuditHead"`)).rows;
}

describe('migrating a database with an audit chain to the head row', () => {
  it('points the head at the newest event', async () => {
    const { before, rest } = await migrations();
    const pg = await PGlite.create();
    try {
      await migrate(pg, before);
      let prevHash = GENESIS_HASH;
      for (const seq of [1n, 2n, 3n]) {
        const fields = {
          at: new Date(Date.UTC(2026, 10, 30, 8, Number(seq))),
          actorId: 'fenglei',
          platform: 'console',
          account: 'fenglei',
          action: 'request.submitted',
          subject: `request:r${seq}`,
          data: { no: Number(seq) },
          policyVersion: 1,
        };
        const hash = hashAuditEvent(prevHash, seq, fields);
        await pg.query(
          `INSERT INTO "AuditEvent" ("seq", "at", "actorId", "platform", "account", "action", "subject", "data", "policyVersion", "prevHash", "hash")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            seq.toString(),
            fields.at.toISOString(),
            fields.actorId,
            fields.platform,
            fields.account,
            fields.action,
            fields.subject,
            JSON.stringify(fields.data),
            fields.policyVersion,
            prevHash,
            hash,
          ],
        );
        prevHash = hash;
      }
      await migrate(pg, rest);
      expect(await headOf(pg)).toEqual([{ seq: '3', hash: prevHash }]);
    } finally {
      await pg.close();
    }
  });

  it('starts an empty chain at seq 0 and the genesis hash', async () => {
    const { before, rest } = await migrations();
    const pg = await PGlite.create();
    try {
      await migrate(pg, [...before, ...rest]);
      expect(await headOf(pg)).toEqual([{ seq: '0', hash: GENESIS_HASH }]);
    } finally {
      await pg.close();
    }
  });
});

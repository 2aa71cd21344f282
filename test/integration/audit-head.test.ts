// The audit chain's head row (AuditHead). On a database that had a chain before it, the migration that
// brings it points it at the newest event, or at seq 0 and the genesis hash on an empty chain, so the
// next append links to the right event (run on PGlite, migration by migration, as a database of the
// earlier code would be migrated). Receipts waiting to join the chain, chained by several callers at
// once, join it once each, in the order they were kept, and the head ends on the newest.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEvent } from '../../workflows/domain/audit-chain.js';
import { chainPending, queueAudits, verifyAuditChain } from '../../workflows/infra/audit.js';
import { MIGRATIONS_DIR, readMigrationsList } from '../../workflows/infra/migrate.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

/** Each migration's SQL (read as migrating reads them, in order), split at the one that brings the head row. */
async function migrations(): Promise<{ before: string[]; rest: string[] }> {
  const sql = (await readMigrationsList(MIGRATIONS_DIR)).migrationDirectories.map((d) => ({ name: d.path, sql: d.migrationFile.content.value }));
  const head = sql.findIndex((m) => m.name.endsWith('_audit_head'));
  expect(head).toBeGreaterThan(0);
  return { before: sql.slice(0, head).map((m) => m.sql), rest: sql.slice(head).map((m) => m.sql) };
}

async function migrate(pg: PGlite, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await pg.exec(sql);
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

describe('receipts chained by several callers at once', () => {
  let app: TestGuanjia | undefined;
  afterAll(async () => {
    await app?.cleanup();
  });

  it('join the chain once each, in the order they were kept', async () => {
    app = await startTestGuanjia({ workers: false });
    const { db } = app.database;
    const before = await db.auditEvent.count();
    const receipts = Array.from({ length: 300 }, (_, i) => ({
      action: 'notify.card.sent',
      subject: `receipt:${i}`,
      at: new Date(Date.UTC(2026, 11, 2, 8, 0, i % 60)),
      data: { i },
    }));
    for (let i = 0; i < receipts.length; i += 50) await queueAudits(db, receipts.slice(i, i + 50));
    const chained = await Promise.all([chainPending(db, 40), chainPending(db, 40), chainPending(db, 40)]);
    // a caller that found the rows taken may stop early: one more round takes what is left
    const after = chained.reduce((a, b) => a + b, 0) + (await chainPending(db, 40));
    expect(after).toBe(receipts.length);
    expect(await db.pendingAudit.count()).toBe(0);
    const events = await db.auditEvent.findMany({ where: { action: 'notify.card.sent' }, orderBy: { seq: 'asc' }, select: { subject: true } });
    expect(events.map((e) => e.subject)).toEqual(receipts.map((r) => r.subject));
    expect(await db.auditEvent.count()).toBe(before + receipts.length);
    const chain = await verifyAuditChain(db);
    expect(chain).toMatchObject({ ok: true });
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(chain.ok && chain.lastHash).toBe(head.hash);
  });
});

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("id")
);

-- One row: the chain's newest event as it stands (seq 0 and the genesis hash, 64 zeros, before the
-- first). Appenders lock it instead of an advisory lock (audit.ts).
INSERT INTO "AuditHead" ("id", "seq", "hash")
SELECT 1, coalesce(max("seq"), 0), coalesce((SELECT "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1), repeat('0', 64))
FROM "AuditEvent";

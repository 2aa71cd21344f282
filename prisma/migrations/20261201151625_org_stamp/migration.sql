-- CreateTable
CREATE TABLE "OrgStamp" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "stamp" TEXT NOT NULL,

    CONSTRAINT "OrgStamp_pkey" PRIMARY KEY ("id")
);

-- One row, given a new random stamp by every organisation file load (load-org.ts). Random, so two
-- databases served by one process never share a stamp.
INSERT INTO "OrgStamp" ("id", "stamp") VALUES (1, gen_random_uuid()::text);

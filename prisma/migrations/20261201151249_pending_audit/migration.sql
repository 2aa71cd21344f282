-- CreateTable
CREATE TABLE "PendingAudit" (
    "id" BIGSERIAL NOT NULL,
    "entry" JSONB NOT NULL,

    CONSTRAINT "PendingAudit_pkey" PRIMARY KEY ("id")
);

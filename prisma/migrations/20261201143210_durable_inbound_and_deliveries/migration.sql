-- AlterTable
ALTER TABLE "InboundKey" ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "event" JSONB;

-- CreateTable
CREATE TABLE "OutboxDelivery" (
    "outboxId" BIGINT NOT NULL,
    "platform" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),
    "failed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "OutboxDelivery_pkey" PRIMARY KEY ("outboxId","platform")
);

-- CreateTable
CREATE TABLE "SentMessage" (
    "key" TEXT NOT NULL,
    "result" JSONB,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentMessage_pkey" PRIMARY KEY ("key")
);

-- AddForeignKey
ALTER TABLE "OutboxDelivery" ADD CONSTRAINT "OutboxDelivery_outboxId_fkey" FOREIGN KEY ("outboxId") REFERENCES "Outbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Deliveries claimed before the edge kept them: their claim time was receivedAt.
UPDATE "InboundKey" SET "claimedAt" = "receivedAt" WHERE "claimedAt" IS NULL;

-- The sweeps read only what is still open.
CREATE INDEX "InboundKey_open_idx" ON "InboundKey" ("receivedAt") WHERE "doneAt" IS NULL;
CREATE INDEX "OutboxDelivery_open_idx" ON "OutboxDelivery" ("createdAt") WHERE "doneAt" IS NULL;
CREATE INDEX "SentMessage_sentAt_idx" ON "SentMessage" ("sentAt");

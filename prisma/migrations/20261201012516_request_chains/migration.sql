-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "contractNo" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "instalment" INTEGER,
ADD COLUMN     "instalments" JSONB,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'direct',
ADD COLUMN     "paidAt" TIMESTAMP(3),
ADD COLUMN     "paidById" TEXT,
ADD COLUMN     "parentId" TEXT,
ADD COLUMN     "paymentDate" TEXT,
ADD COLUMN     "paymentState" TEXT,
ADD COLUMN     "settledAt" TIMESTAMP(3),
ADD COLUMN     "settledById" TEXT,
ADD COLUMN     "targetLineId" TEXT,
ADD COLUMN     "voucherNo" TEXT;

-- CreateTable
CREATE TABLE "Contract" (
    "no" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "supplier" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "instalments" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("no")
);

-- CreateIndex
CREATE UNIQUE INDEX "Contract_requestId_key" ON "Contract"("requestId");

-- CreateIndex
CREATE INDEX "Request_parentId_idx" ON "Request"("parentId");

-- CreateIndex
CREATE INDEX "Request_paymentState_idx" ON "Request"("paymentState");

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Chains: a child request freezes its amount out of its parent's commitment (FREEZE with source COMMITTED, committed to frozen on the line) and gives it back there (RELEASE with source COMMITTED).
-- Hand-written like the earlier ledger constraints (no semicolons in comments: the engine splits statements on them).
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_spend_source";
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_source_known" CHECK (
  ("kind" <> 'SPEND' OR "source" IS NOT NULL)
  AND ("source" IS NULL OR ("kind" = 'SPEND' AND "source" IN ('FROZEN', 'COMMITTED')) OR ("kind" IN ('FREEZE', 'RELEASE') AND "source" = 'COMMITTED'))
);
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_commitment_named";
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_commitment_named" CHECK (("commitmentId" IS NOT NULL) = ("kind" = 'UNCOMMIT' OR "source" = 'COMMITTED'));

-- A request's kind and payment state are known values, and a paid request says when, by whom, and under which voucher.
ALTER TABLE "Request" ADD CONSTRAINT "Request_kind_known" CHECK ("kind" IN ('direct', 'prior', 'contract', 'acceptance', 'payment', 'reimbursement', 'adjustment'));
ALTER TABLE "Request" ADD CONSTRAINT "Request_payment_state_known" CHECK ("paymentState" IS NULL OR "paymentState" IN ('due', 'paid'));
ALTER TABLE "Request" ADD CONSTRAINT "Request_paid_recorded" CHECK ("paymentState" IS DISTINCT FROM 'paid' OR ("paidAt" IS NOT NULL AND "paidById" IS NOT NULL AND "voucherNo" IS NOT NULL AND "paymentDate" IS NOT NULL));
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_amount_nonnegative" CHECK ("amount" >= 0);

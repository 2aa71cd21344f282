-- AlterTable
ALTER TABLE "BudgetLine" ADD COLUMN     "committed" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "commitmentId" TEXT,
ADD COLUMN     "source" TEXT;

-- CreateIndex
CREATE INDEX "LedgerEntry_commitmentId_idx" ON "LedgerEntry"("commitmentId");

-- Ledger invariants with commitments (已承诺), hand-written as in the init migration (no semicolons in comments: the engine splits statements on them).
-- available = allotted + adjusted - frozen - committed - spent never goes below zero, and no balance column does.
ALTER TABLE "BudgetLine" DROP CONSTRAINT "BudgetLine_available_nonnegative";
ALTER TABLE "BudgetLine" ADD CONSTRAINT "BudgetLine_available_nonnegative" CHECK ("allotted" + "adjusted" - "frozen" - "committed" - "spent" >= 0);
ALTER TABLE "BudgetLine" DROP CONSTRAINT "BudgetLine_frozen_nonnegative";
ALTER TABLE "BudgetLine" ADD CONSTRAINT "BudgetLine_balances_nonnegative" CHECK ("allotted" >= 0 AND "frozen" >= 0 AND "committed" >= 0 AND "spent" >= 0);

-- Every SPEND made before this migration spent a frozen amount.
UPDATE "LedgerEntry" SET "source" = 'FROZEN' WHERE "kind" = 'SPEND';

-- A row is one of the known movements, a SPEND says where it came from, and only a spend from a commitment or an UNCOMMIT names the commitment.
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_kind_known" CHECK ("kind" IN ('ALLOT', 'ADJUST', 'FREEZE', 'RELEASE', 'COMMIT', 'SPEND', 'UNCOMMIT'));
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_spend_source" CHECK (("kind" = 'SPEND') = ("source" IS NOT NULL) AND ("source" IS NULL OR "source" IN ('FROZEN', 'COMMITTED')));
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_commitment_named" CHECK (("commitmentId" IS NOT NULL) = ("kind" = 'UNCOMMIT' OR ("kind" = 'SPEND' AND "source" = 'COMMITTED')));

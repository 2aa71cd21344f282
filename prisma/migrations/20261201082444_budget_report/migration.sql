-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "LedgerEntry_at_idx" ON "LedgerEntry"("at");

-- CreateIndex
CREATE INDEX "Request_budgetLineId_status_no_idx" ON "Request"("budgetLineId", "status", "no");

-- 预算执行情况表 (workflows/infra/reports/budget-execution.ts): the adjustments sheet reads ADJUST rows up to a cut-off in time order, by keyset pages on (at, id).
-- Written by hand: Prisma's schema cannot say WHERE, and its diff leaves a partial index it does not know alone.
CREATE INDEX "LedgerEntry_adjust_idx" ON "LedgerEntry" ("at", "id") WHERE "kind" = 'ADJUST';

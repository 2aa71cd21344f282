-- 化整为零 (workflows/infra/supervision/supervise.ts): a draft's check reads one department's top-level
-- purchases of one category (and supplier) from this index alone. Written by hand: Prisma's schema
-- cannot say INCLUDE or WHERE, and its diff leaves a partial index it does not know alone.
CREATE INDEX "Request_split_purchase_idx" ON "Request" ("departmentId", "category", "supplier")
  INCLUDE ("amount", "status", "budgetLineId", "id", "no", "requesterId")
  WHERE "parentId" IS NULL AND "kind" IN ('direct', 'prior', 'contract', 'reimbursement', 'payment');

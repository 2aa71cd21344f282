-- 驾驶舱 (workflows/infra/reports/dashboard.ts): on 100,000 requests its figures come from these
-- indexes alone, without reading the Request table (whose rows are wide: the route, the purpose).
-- Written by hand: Prisma's schema cannot say INCLUDE or WHERE, and its diff leaves a partial index
-- it does not know alone.

-- lights per department per month: the few steps that turned yellow or red, by activation time …
CREATE INDEX "Step_lit_idx" ON "Step" ("activatedAt") INCLUDE ("requestId", "light") WHERE "light" <> 'green';

-- … and each one's department, looked up by request id (a step exists only once its request was submitted)
CREATE INDEX "Request_submitted_department_idx" ON "Request" ("id") INCLUDE ("departmentId") WHERE "submittedAt" IS NOT NULL;

-- top suppliers: approved top-level requests naming a supplier (as 供应商集中 counts them)
CREATE INDEX "Request_supplier_approved_idx" ON "Request" ("supplier") INCLUDE ("amount", "budgetLineId", "kind")
  WHERE "status" = 'approved' AND "parentId" IS NULL AND "supplier" <> '';

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "no" SERIAL NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "dedupeKey" TEXT NOT NULL,
    "requestIds" TEXT[],
    "requestNos" INTEGER[],
    "departmentId" TEXT,
    "personId" TEXT,
    "amount" BIGINT,
    "citation" TEXT NOT NULL DEFAULT '',
    "facts" JSONB NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedById" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "closedAt" TIMESTAMP(3),
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisionSummary" (
    "day" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupervisionSummary_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE UNIQUE INDEX "Alert_no_key" ON "Alert"("no");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_dedupeKey_key" ON "Alert"("dedupeKey");

-- CreateIndex
CREATE INDEX "Alert_state_raisedAt_idx" ON "Alert"("state", "raisedAt");

-- CreateIndex
CREATE INDEX "Alert_raisedAt_idx" ON "Alert"("raisedAt");

-- CreateIndex
CREATE INDEX "Alert_rule_raisedAt_idx" ON "Alert"("rule", "raisedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_subject_seq_idx" ON "AuditEvent"("subject", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_idx" ON "AuditEvent"("action", "seq");

-- CreateIndex
CREATE INDEX "Decision_personId_at_idx" ON "Decision"("personId", "at");

-- CreateIndex
CREATE INDEX "Request_createdAt_idx" ON "Request"("createdAt");

-- CreateIndex
CREATE INDEX "Request_departmentId_createdAt_idx" ON "Request"("departmentId", "createdAt");

-- CreateIndex
CREATE INDEX "Request_supplier_createdAt_idx" ON "Request"("supplier", "createdAt");

-- CreateIndex
CREATE INDEX "Request_type_createdAt_idx" ON "Request"("type", "createdAt");

-- CreateIndex
CREATE INDEX "Request_tags_idx" ON "Request" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Step_state_light_idx" ON "Step"("state", "light");

-- The register's words are codes the domain knows
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_rule_known" CHECK ("rule" IN ('split_purchase', 'supplier_concentration', 'repeated_returns', 'overdue', 'late_approver', 'missing_material', 'contract_payment', 'collective_filed'));
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_severity_known" CHECK ("severity" IN ('warning', 'violation', 'filing'));
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_state_known" CHECK ("state" IN ('open', 'acknowledged', 'closed'));
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_closed_with_note" CHECK ("state" <> 'closed' OR ("closedAt" IS NOT NULL AND "closedById" IS NOT NULL));

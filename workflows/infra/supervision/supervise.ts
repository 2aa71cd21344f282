// Where the supervision rules look (电子监察): each function gathers the records its rule needs,
// inside the transaction of the change that may raise it, and hands the findings to the register.
// Drafting may raise 化整为零; approval 供应商集中 and 关键材料未上传; a collective decision files 三重
// 一大; a return 多次补正; a red light 办件超时 and 多次超时; a refused contract payment its attempt.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { Prisma } from '../../../prisma/generated/client.js';
import type { Alert as AlertNotice } from '../../domain/effects.js';
import type { Policy } from '../../domain/org-file.js';
import { parseYuan } from '../../domain/money.js';
import { collectiveFiled } from '../../domain/supervision/collective-filed.js';
import { contractPayment } from '../../domain/supervision/contract-payment.js';
import type { Finding } from '../../domain/supervision/finding.js';
import { lateApprover } from '../../domain/supervision/late-approver.js';
import { missingMaterial } from '../../domain/supervision/missing-material.js';
import { overdue } from '../../domain/supervision/overdue.js';
import { repeatedReturns } from '../../domain/supervision/repeated-returns.js';
import { splitPurchase, type PurchaseFacts } from '../../domain/supervision/split-purchase.js';
import { supplierConcentration } from '../../domain/supervision/supplier-concentration.js';
import type { Db, Tx } from '../db.js';
import { raiseAlerts, type RaisedAlert } from './raise-alerts.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** kinds whose money a purchase pattern is about: not an adjustment, not an acceptance (it moves none) */
const PURCHASING_KINDS = ['direct', 'prior', 'contract', 'reimbursement', 'payment'];
const COUNTING = ['draft', 'in_approval', 'approved', 'returned'];

interface RequestFacts {
  id: string;
  no: number;
  type: string;
  kind: string;
  departmentId: string;
  requesterId: string;
  category: string;
  supplier: string;
  amount: bigint;
  budgetLineId: string;
  parentId: string | null;
  returnCount: number;
}

const fen = (yuan: string) => parseYuan(yuan);

/** 化整为零, when a request is drafted or changed: top-level purchases only (a child's money is its parent's) */
/** `preview`: the draft is a preview that will be rolled back (no audit event, no alert number drawn) */
export async function superviseDraft(tx: Tx, request: RequestFacts, policy: Policy, now: Date, { preview = false } = {}): Promise<RaisedAlert[]> {
  if (request.parentId !== null || !PURCHASING_KINDS.includes(request.kind)) return [];
  const settings = policy.supervision;
  const threshold = fen(settings.procurementThreshold);
  if (request.amount >= threshold) return [];
  const line = await tx.budgetLine.findUniqueOrThrow({ where: { id: request.budgetLineId }, select: { fiscalYear: true } });
  const same = Prisma.sql`
    FROM "Request" r JOIN "BudgetLine" l ON l."id" = r."budgetLineId"
    WHERE r."departmentId" = ${request.departmentId} AND r."category" = ${request.category}
      AND (${request.supplier} = '' OR r."supplier" = ${request.supplier})
      AND l."fiscalYear" = ${line.fiscalYear} AND r."id" <> ${request.id} AND r."amount" < ${threshold}
      AND r."parentId" IS NULL AND r."kind" = ANY(${PURCHASING_KINDS}) AND r."status" = ANY(${COUNTING})`;
  // most drafts do not reach the threshold: the sum says so without reading the rows
  const [sum] = await tx.$queryRaw<{ total: bigint | null }[]>`SELECT SUM(r."amount")::bigint AS "total" ${same}`;
  if ((sum?.total ?? 0n) + request.amount < threshold) return [];
  const rows = await tx.$queryRaw<PurchaseFacts[]>`
    SELECT r."id", r."no", r."departmentId", r."requesterId", r."category", r."supplier", r."amount", l."fiscalYear" ${same}`;
  const finding = splitPurchase({ ...request, fiscalYear: line.fiscalYear }, rows, {
    procurementThreshold: threshold,
    splitPurchaseBlocks: settings.splitPurchaseBlocks,
    citation: settings.citations.split_purchase,
  });
  return raiseAlerts(tx, [finding], now, undefined, { preview });
}

/** at the final approval: 供应商集中 (top-level requests naming a supplier) and 关键材料未上传 */
export async function superviseApproval(tx: Tx, request: RequestFacts, policy: Policy, now: Date): Promise<RaisedAlert[]> {
  const settings = policy.supervision;
  const findings: (Finding | null)[] = [];
  if (request.parentId === null && request.supplier !== '' && PURCHASING_KINDS.includes(request.kind)) {
    const line = await tx.budgetLine.findUniqueOrThrow({ where: { id: request.budgetLineId }, select: { fiscalYear: true } });
    const [before] = await tx.$queryRaw<{ total: bigint | null }[]>`
      SELECT SUM(r."amount")::bigint AS "total" FROM "Request" r JOIN "BudgetLine" l ON l."id" = r."budgetLineId"
      WHERE r."supplier" = ${request.supplier} AND r."status" = 'approved' AND r."id" <> ${request.id}
        AND r."parentId" IS NULL AND r."kind" = ANY(${PURCHASING_KINDS}) AND l."fiscalYear" = ${line.fiscalYear}`;
    findings.push(
      supplierConcentration({ ...request, fiscalYear: line.fiscalYear }, before?.total ?? 0n, fen(settings.supplierConcentration), settings.citations.supplier_concentration),
    );
  }
  const required = policy.requestTypes.find((t) => t.name === request.type)?.requiredAttachments ?? [];
  if (required.length > 0) {
    const files = await tx.attachment.findMany({ where: { requestId: request.id }, select: { kind: true, removedRound: true } });
    findings.push(missingMaterial(request, required, files, settings.citations.missing_material));
  }
  return raiseAlerts(tx, findings, now);
}

/** 三重一大: the meeting record of a collective step, filed to 纪检 */
export async function superviseCollective(
  tx: Tx,
  request: RequestFacts,
  step: { id: string },
  meeting: { date: string; minutesNo: string },
  by: string,
  policy: Policy,
  now: Date,
): Promise<RaisedAlert[]> {
  return raiseAlerts(tx, [collectiveFiled({ stepId: step.id, request, meeting, by }, policy.supervision.citations.collective_filed)], now);
}

/** 多次补正, sent with its own digest line */
export async function superviseReturn(tx: Tx, request: RequestFacts, policy: Policy, now: Date, line: AlertNotice): Promise<RaisedAlert[]> {
  const settings = policy.supervision;
  return raiseAlerts(tx, [repeatedReturns(request, settings.returnsBeforeAlert, settings.citations.repeated_returns)], now, () => line);
}

/** 红灯: 办件超时 (with its own digest line), and 多次超时 for each assignee who reached the month's count */
export async function superviseRedLight(
  tx: Tx,
  step: { id: string; name: string; assignees: string[]; dueAt: Date | null },
  request: { id: string; no: number; departmentId: string; amount: bigint },
  policy: Policy,
  now: Date,
  tz: string,
  line: AlertNotice,
): Promise<RaisedAlert[]> {
  const settings = policy.supervision;
  const raised = await raiseAlerts(
    tx,
    [overdue({ stepId: step.id, step: step.name, assignees: step.assignees, dueAt: step.dueAt ?? now, request }, settings.citations.overdue)],
    now,
    () => line,
  );
  const month = dayjs(now).tz(tz);
  const from = month.startOf('month').toDate();
  const to = month.add(1, 'month').startOf('month').toDate();
  const late: (Finding | null)[] = [];
  for (const personId of step.assignees) {
    const reds = await tx.step.findMany({
      where: { light: 'red', assignees: { has: personId }, dueAt: { gte: from, lt: to } },
      select: { id: true, request: { select: { id: true, no: true } } },
      orderBy: { dueAt: 'asc' },
    });
    late.push(
      lateApprover(
        { personId, month: month.format('YYYY-MM'), redLights: reds.map((r) => ({ stepId: r.id, requestId: r.request.id, no: r.request.no })) },
        settings.lateApproverRedLights,
        settings.citations.late_approver,
      ),
    );
  }
  return [...raised, ...(await raiseAlerts(tx, late, now))];
}

/** a payment under a contract refused for going beyond it or before acceptance: the attempt is reported */
export async function supervisePaymentRefusal(db: Db, requestId: string, refusal: string, policy: Policy, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const request = await tx.request.findUnique({ where: { id: requestId }, include: { parent: { include: { contract: true } } } });
    if (!request) return;
    const finding = contractPayment({ ...request, contractNo: request.parent?.contract?.no ?? request.contractNo, refusal }, policy.supervision.citations.contract_payment);
    await raiseAlerts(tx, [finding], now);
  });
}

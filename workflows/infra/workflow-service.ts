// The service API (workflows/service/workflow-service.ts) over PostgreSQL. Each method is one
// service call: state changes run in one transaction with their audit rows and outbox effects.
import type { WorkflowService } from '../service/workflow-service.js';
import type { CardRef, ConsoleFile, ConsoleMessage } from '../service/views.js';
import { chainPending, queueAudits, recordAudit, type AuditEntry } from './audit.js';
import type { CheckpointSettings } from '../service/checkpoint-settings.js';
import { nextCheckpoint, takeCheckpoint } from './audit-checkpoints/take-checkpoint.js';
import type { Ctx } from './context.js';
import type { Db } from './db.js';
import { fireDeadline, nextStepTimer, openStepTimers } from './deadlines.js';
import { accountKey, loadAccounts } from './org-snapshot.js';
import { sharedRead, writeBatch, writeBatchOf } from './write-batch.js';
import type { Prisma } from '../../prisma/generated/client.js';
import { acceptDeliveries, claimDelivery, deliveryOutcome, finishDelivery, releaseDelivery, unqueuedDeliveries } from './deliveries.js';
import { findSent, recordSent } from './sent-messages.js';
import { backlog } from './backlog.js';
import { alertCounts, outboxLag } from './observe-counts.js';
import { dispatchOutbox, emit, markDelivered, undeliveredEffects } from './outbox.js';
import { pruneHandled } from './prune-handled.js';
import { platformOf } from './rows.js';
import { budgetBalances, directory, loadRequestView, payableFor, pendingFor, policyInfo, recentRequestsOf, requestIdOf } from './queries.js';
import { linkableFor } from './requests/linkable.js';
import { createDraft, previewDraft } from './requests/create-draft.js';
import { decideRequest } from './requests/decide-request.js';
import { assertMayView, readRequest, showRequest } from './requests/show-request.js';
import { resolveRequestRef } from './requests/chain-facts.js';
import { confirmPayment } from './requests/confirm-payment.js';
import { settleRequest } from './requests/settle-request.js';
import { linkRequest } from './requests/link-request.js';
import { editRequest } from './requests/edit-request.js';
import { loadChain, singleChain } from './chain-view.js';
import { submitRequest } from './requests/submit-request.js';
import { directFiles, placeHeldFile, receiveFile, removeFile } from './requests/attach-file.js';
import { openAttachment } from './files/open-file.js';
import { verifyStoredFiles } from './files/verify-files.js';
import { sharedSecret } from './secrets.js';
import { acknowledgeAlert, closeAlert, listAlerts } from './supervision/alert-register.js';
import { nextDailySummary, sendDailySummary } from './supervision/daily-summary.js';
import type { FileStore } from '../service/file-store.js';
import { withdrawRequest } from './requests/withdraw-request.js';
import { auditTrail } from './search/audit-trail.js';
import { decidedBy } from './search/decided-by.js';
import { searchRequests } from './search/run-search.js';
import { budgetExecutionReport } from './reports/budget-execution.js';
import { contractReport } from './reports/contracts.js';
import { dashboardData } from './reports/dashboard.js';
import { importBudgetLines } from './reports/import-budget.js';
import { performanceReport } from './reports/performance.js';
import { nextReportPush, pushRecipients, pushReports } from './reports/report-push.js';
import { openReport, saveReport } from './reports/stored-reports.js';
import { resolveReportScope } from './reports/resolve-scope.js';
import { threePublicReport } from './reports/three-public.js';

export interface ServiceOptions {
  clock: () => Date;
  /** the unit's time zone, for working time and deadlines */
  tz: string;
  /** told about an outbox row whose payload no longer parses (it is skipped) */
  onBadOutboxRow?: (id: string) => void;
  /** where attachments are kept */
  files: FileStore;
  /** the largest attachment accepted, in bytes */
  maxFileBytes: number;
  /** where the audit chain's checkpoints and their signing key are kept (outside the database) */
  checkpoints: CheckpointSettings;
}

export function createWorkflowService(db: Db, { clock, tz, onBadOutboxRow = () => {}, files, maxFileBytes, checkpoints }: ServiceOptions): WorkflowService {
  const ctx = (): Ctx => ({ db, now: clock(), tz });
  // every inbound event looks its sender up, every delivery its recipient: callers at the same moment share one read of the stamp
  const platformAccounts = sharedRead(() => loadAccounts(db));
  // small writes on hot paths, batched under load: accepted events and console messages (the edge), receipts and closed deliveries (the sends)
  const acceptDelivery = writeBatch((events: { key: string; event: Record<string, unknown> }[]) => acceptDeliveries(db, events, clock()));
  const postConsoleMessages = writeBatch(async (rows: Prisma.ConsoleMessageCreateManyInput[]) => {
    const created = await db.consoleMessage.createManyAndReturn({ data: rows, select: { id: true } });
    // ids are drawn in the rows' order
    return created.map((row) => row.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  });
  const queueReceipt = writeBatchOf((entries: AuditEntry[]) => queueAudits(db, entries));
  const closeDelivery = writeBatchOf((deliveries: { outboxId: string; platform: string; failed: boolean }[]) => markDelivered(db, deliveries, clock()));
  return {
    accounts: {
      find: async (platform, accountId) => (await platformAccounts()).byAccount.get(accountKey(platform, accountId)) ?? null,
      canonical: async (platform, accountId) => {
        const exact = await db.platformAccount.findUnique({ where: { platform_accountId: { platform, accountId } }, select: { accountId: true } });
        if (exact) return exact.accountId;
        const other = await db.platformAccount.findFirst({ where: { platform, accountId: { equals: accountId, mode: 'insensitive' } }, select: { accountId: true } });
        return other?.accountId ?? accountId;
      },
      of: async (platform, personId) => (await platformAccounts()).byPerson.get(accountKey(platform, personId)),
    },
    deliveries: {
      accept: (key, event) => acceptDelivery({ key, event }),
      unqueued: (before, staleMs, take) => unqueuedDeliveries(db, before, new Date(clock().getTime() - staleMs), take),
      claim: (key, staleMs) => claimDelivery(db, key, clock(), staleMs),
      finish: (key) => finishDelivery(db, key, clock()),
      release: (key) => releaseDelivery(db, key),
      outcome: (key) => deliveryOutcome(db, key),
    },
    policy: () => policyInfo(db),
    directory: () => directory(db),
    requests: {
      draft: (actor, input) => createDraft(ctx(), actor, input),
      preview: (actor, input) => previewDraft(ctx(), actor, input),
      submit: (actor, requestId, options) => submitRequest(ctx(), requestId, actor, options?.explanation),
      withdraw: (actor, requestId) => withdrawRequest(ctx(), requestId, actor),
      decide: (actor, input) => decideRequest(ctx(), input, actor),
      idOf: (no) => requestIdOf(db, no),
      show: (actor, no) => showRequest(db, actor, no, clock()),
      read: (actor, no) => readRequest(db, actor, no, clock()),
      linkable: (personId) => linkableFor(db, personId),
      view: (requestId) => loadRequestView(db, requestId),
      recent: (personId, take) => recentRequestsOf(db, personId, take),
      pending: (personId) => pendingFor(db, personId, clock()),
      chain: async (actor, ref) => {
        const id = await resolveRequestRef(db, ref);
        await assertMayView(db, actor, id, clock());
        return (await loadChain(db, await db.request.findUniqueOrThrow({ where: { id } }))) ?? (await singleChain(db, id));
      },
      edit: (actor, requestId, input) => editRequest(ctx(), requestId, input, actor),
      link: (actor, requestId, parentRef) => linkRequest(ctx(), requestId, parentRef, actor),
      settle: (actor, requestId) => settleRequest(ctx(), requestId, actor),
      pay: (actor, input) => confirmPayment(ctx(), input, actor),
      payable: (personId) => payableFor(db, personId),
      resolve: (ref) => resolveRequestRef(db, ref),
    },
    budget: { balances: (personId, query) => budgetBalances(db, personId, query) },
    oversight: {
      search: (actor, filters) => searchRequests(ctx(), actor, filters),
      decided: (personId) => decidedBy(db, personId),
      trail: (actor, no) => auditTrail(ctx(), actor, no),
    },
    outbox: {
      emit: (...effects) => emit(db, ...effects),
      reply: (to, notice, delivery) =>
        delivery
          ? db.$transaction(async (tx) => {
              await emit(tx, { kind: 'reply', to, notice });
              await tx.inboundKey.updateMany({ where: { key: delivery, doneAt: null }, data: { doneAt: clock() } });
            })
          : emit(db, { kind: 'reply', to, notice }),
      dispatch: (send) => dispatchOutbox(db, clock, send, onBadOutboxRow),
      delivered: (outboxId, platform, failed = false) => closeDelivery({ outboxId, platform, failed }),
      lag: () => outboxLag(db),
      undelivered: async (before, take) => (await undeliveredEffects(db, before, take)).map((d) => ({ ...d, platform: platformOf(d) })),
    },
    backlog: (olderThanMs) => backlog(db, new Date(clock().getTime() - olderThanMs)),
    sent: {
      find: (key) => findSent(db, key),
      record: (key, result, audit) => recordSent(db, key, result, audit, clock()),
    },
    attachments: {
      receive: (actor, input) => receiveFile({ ...ctx(), files, maxFileBytes }, actor, input),
      direct: (actor, requestId, kind) => directFiles(ctx(), actor, requestId, kind),
      place: (actor, heldId, requestId, kind) => placeHeldFile(ctx(), actor, heldId, requestId, kind),
      remove: (actor, requestId, seq) => removeFile(ctx(), actor, requestId, seq),
      open: (personId, attachmentId) => openAttachment(db, files, personId, attachmentId, clock()),
      verify: () => verifyStoredFiles(db, files),
    },
    supervision: {
      alerts: (actor) => listAlerts(db, actor),
      acknowledge: (actor, alertNo) => acknowledgeAlert(ctx(), actor, alertNo),
      close: (actor, alertNo, note) => closeAlert(ctx(), actor, alertNo, note),
      summary: (day) => sendDailySummary(ctx(), day),
      nextSummary: (after) => nextDailySummary(ctx(), after),
      counts: () => alertCounts(db),
    },
    reports: {
      budget: (reader, spec) => budgetExecutionReport(ctx(), reader, spec),
      performance: (reader, spec) => performanceReport(ctx(), reader, spec),
      threePublic: (reader, spec) => threePublicReport(ctx(), reader, spec),
      contracts: (reader, spec) => contractReport(ctx(), reader, spec),
      dashboard: (reader) => dashboardData(ctx(), reader),
      save: (actor, file) => saveReport(ctx(), files, actor, file),
      open: (personId, reportId) => openReport(ctx(), files, personId, reportId),
      push: (month, reports) => pushReports(ctx(), files, month, reports),
      pushRecipients: () => pushRecipients(ctx()),
      scopeOf: async (reader, kind) => (await resolveReportScope(ctx(), reader, kind)).label,
      nextPush: () => nextReportPush(ctx()),
      importLines: (rows, source) => importBudgetLines(ctx(), rows, source),
    },
    secret: (name) => sharedSecret(db, name),
    audit: {
      record: (input) => recordAudit(db, { ...input, at: clock() }),
      receipt: (input) => queueReceipt({ ...input, at: clock() }),
      flush: () => chainPending(db),
      checkpoint: (day) => takeCheckpoint(ctx(), checkpoints, day),
      nextCheckpoint: (after) => nextCheckpoint(ctx(), checkpoints, after),
    },
    cards: {
      find: async (id) => {
        const row = await db.cardRef.findUnique({ where: { id } });
        return row && cardRefOf(row);
      },
      list: async (requestId, platform) => (await db.cardRef.findMany({ where: { requestId, platform } })).map(cardRefOf),
      save: async (ref) => {
        await db.cardRef.create({ data: { id: ref.id, platform: ref.platform, requestId: ref.requestId, recipient: ref.recipient, handle: ref.handle as object } });
      },
      update: async (id, handle) => {
        await db.cardRef.update({ where: { id }, data: { handle: handle as object } });
      },
    },
    deadlines: {
      fire: (stepId, kind) => fireDeadline(ctx(), stepId, kind),
      open: (take, after) => openStepTimers({ db }, take, after),
      next: (stepId) => nextStepTimer({ db }, stepId),
    },
    prune: () => pruneHandled(db, clock()),
    consoleMessages: {
      post: async (conversation, { file, sendKey, ...message }) => {
        const data = { conversation, ...message, ...(file ? { file: { ...file } } : {}) };
        if (!sendKey) return postConsoleMessages(data);
        // one statement when it is new (an upsert is five: a transaction around a read, the insert and a read back)
        const [created] = await db.consoleMessage.createManyAndReturn({ data: [{ ...data, sendKey }], skipDuplicates: true, select: { id: true } });
        return created?.id ?? (await db.consoleMessage.findUniqueOrThrow({ where: { sendKey }, select: { id: true } })).id;
      },
      find: async (id) => {
        const row = await db.consoleMessage.findUnique({ where: { id } });
        return row && consoleMessageOf(row);
      },
      list: async (conversation, take) => {
        const rows = await db.consoleMessage.findMany({ where: { conversation }, orderBy: { id: 'desc' }, take });
        return rows.reverse().map(consoleMessageOf);
      },
      updateCard: async (id, conversation, card) => {
        // one statement when the card changed (a refresh's usual case); jsonb compares by value, not key order
        const json = JSON.stringify(card);
        const updated = await db.$executeRaw`
          UPDATE "ConsoleMessage" SET "card" = ${json}::jsonb, "updatedAt" = now()
          WHERE "id" = ${id} AND "conversation" = ${conversation} AND "card" IS DISTINCT FROM ${json}::jsonb`;
        if (updated > 0) return 'updated';
        return (await db.consoleMessage.count({ where: { id, conversation } })) > 0 ? 'same' : 'missing';
      },
    },
  };
}

function cardRefOf(row: { id: string; requestId: string; platform: string; recipient: string; handle: unknown }): CardRef {
  return { id: row.id, requestId: row.requestId, platform: platformOf(row), recipient: row.recipient, handle: row.handle as Record<string, unknown> };
}

function consoleMessageOf(row: {
  id: bigint;
  conversation: string;
  direction: string;
  authorId: string | null;
  text: string | null;
  card: unknown;
  file: unknown;
  createdAt: Date;
  updatedAt: Date;
}): ConsoleMessage {
  return { ...row, direction: row.direction === 'in' ? 'in' : 'out', file: (row.file as ConsoleFile | null) ?? null };
}

// Delivers effects on one platform: cards (send, re-render everywhere), texts, group digests.
// Cards are rendered from the database at delivery time, so a late or repeated job still shows the
// current state. Every send goes through sendOnce: a job run again (its bookkeeping failed, its worker
// died, Redis lost it and the sweep queued it again) does not send what it sent before. A finished
// job closes its delivery (OutboxDelivery), which the sweep otherwise queues again.
import { createHash } from 'node:crypto';
import { DelayedError } from 'bullmq';
import type { Platform } from '../../workflows/domain/org-file.js';
import type { AuditInput, Effect, Notice } from '../../workflows/service/workflow-service.js';
import { renderAlertCard } from '../cards/render-alert-card.js';
import { renderAttachChoice } from '../cards/render-attach-choice.js';
import { renderRequestCard } from '../cards/render-request-card.js';
import type { BotDeps } from '../deps.js';
import { PlatformRateLimited, type CardHandle, type PlatformPort, type Recipient } from '../platform-port.js';
import type { JobContext, JobPayload } from '../jobs/job-types.js';
import { takeSlot } from '../queue/rate-limit.js';
import { digestTitle, groupMessage, renderNotice } from '../replies/render-notice.js';
import { takeDigestLines } from './group-digest.js';
import { sendOnce, type SendOnceWithReceipt } from './send-once.js';
import { withCardLock } from './card-lock.js';
import { reportLinkId } from '../files/file-links.js';
import { APPLY_FORM, APPLY_FORM_TEXT, linkText } from '../replies/workbench-link-words.js';
import { NEW_REQUEST_PATH, openedFrom } from '../web/workbench-links.js';

/** a person: at most this many messages in any 60 seconds, unless the platform says (PlatformPort.limits; WeCom: 30) */
const DIRECT_PER_MINUTE = 60;
/** the alert cards /监察 sends the discipline role after its list, at most */
const ALERT_CARDS = 5;
/** group robots: ~20 messages a minute per group (DingTalk and WeCom robot docs) */
const GROUP_PER_MINUTE = 20;

export async function deliverEffect(deps: BotDeps, payload: JobPayload<'notify.deliver'>, job: JobContext): Promise<void> {
  // notes from an earlier run may be gone (Redis lost them and the sweep queued the job again), or it ran before
  const once = sendOnce(deps, `${payload.platform}-${payload.outboxId}`, payload.recovered === true || job.job.attemptsStarted > 1);
  await honourRateLimit(job, () => deliverEffectNow(deps, payload, job, once));
  await deps.service.outbox.delivered(payload.outboxId, payload.platform);
}

/** The queue gave up on a delivery: it is closed as failed (its error is in the log), so the sweep does not queue it again. */
export async function deliveryGaveUp(deps: BotDeps, data: unknown): Promise<void> {
  const { outboxId, platform } = (data ?? {}) as { outboxId?: unknown; platform?: unknown };
  const port = typeof platform === 'string' ? deps.ports.get(platform as Platform) : undefined;
  if (typeof outboxId !== 'string' || !port) return;
  deps.log.error('delivery given up after its retries; it is not sent', { outboxId, platform });
  await deps.service.outbox.delivered(outboxId, port.platform, true);
}

async function deliverEffectNow(deps: BotDeps, { outboxId, platform, effect }: JobPayload<'notify.deliver'>, job: JobContext, once: SendOnceWithReceipt): Promise<void> {
  const port = deps.ports.get(platform);
  if (!port) return;
  switch (effect.kind) {
    case 'card.send':
      return sendCard(deps, port, effect.requestId, effect.personId, `${platform}-${outboxId}`, job, once);
    case 'card.refresh':
      return refreshCards(deps, port, effect.requestId, job, once);
    case 'notice': {
      const account = await deps.service.accounts.of(platform, effect.personId);
      if (!account) return;
      await sendText(deps, port, job, once, { personId: effect.personId, account }, effect.notice, 'notify.text.sent', { outboxId });
      return;
    }
    case 'reply': {
      const { to } = effect;
      if (to.platform !== platform) return;
      if (effect.notice.kind === 'alerts.list' && effect.notice.mayChange && !to.group) {
        // 纪检: the list, then each alert still to handle as a card with 已核实 / 关闭
        await sendText(deps, port, job, once, { personId: to.personId ?? '', account: to.account }, effect.notice, 'notify.reply.sent', { outboxId });
        for (const item of effect.notice.items.filter((i) => i.state !== 'closed').slice(0, ALERT_CARDS)) {
          await once(`alert-${item.alertNo}`, (_retry, key) => port.sendCard({ personId: to.personId ?? '', account: to.account }, renderAlertCard(item), { key }));
        }
        return;
      }
      if (effect.notice.kind === 'apply.form' && deps.fileLinks.base) {
        await sendFormLink(deps, port, job, once, { personId: to.personId ?? '', account: to.account, group: to.group }, outboxId);
        return;
      }
      if (effect.notice.kind === 'attachment.choose' && effect.notice.heldId) {
        await sendChoice(deps, port, job, once, { personId: to.personId ?? '', account: to.account, group: to.group }, effect.notice, outboxId);
        return;
      }
      await sendText(deps, port, job, once, { personId: to.personId ?? '', account: to.account, group: to.group }, effect.notice, 'notify.reply.sent', { outboxId });
      return;
    }
    case 'group.notice':
      return sendGroupNotice(deps, port, job, once, effect.notice, outboxId);
    case 'report.file':
      return sendReportFile(deps, port, job, once, effect, outboxId);
    default:
      return assertHandledElsewhere(effect);
  }
}

/** A reply queued as text by an earlier version (replies now travel as outbox notices). */
export async function deliverReply(deps: BotDeps, { platform, to, text }: JobPayload<'notify.reply'>, job: JobContext): Promise<void> {
  const port = deps.ports.get(platform);
  if (!port) return;
  const once = sendOnce(deps, `legacy-${job.job.id ?? ''}`, job.job.attemptsStarted > 1);
  await honourRateLimit(job, () =>
    sendText(deps, port, job, once, { personId: to.personId ?? '', account: to.account, group: to.group }, { kind: 'legacy.text', text }, 'notify.reply.sent', {}),
  );
}

/** Renders a notice and sends it to one person or group; a text into a group shares the group's count with the digests sent there. */
async function sendText(
  deps: BotDeps,
  port: PlatformPort,
  job: JobContext,
  once: SendOnceWithReceipt,
  to: Recipient,
  notice: Notice,
  action: string,
  data: Record<string, unknown>,
): Promise<void> {
  await throttle(deps, job, port, to);
  const text = renderNotice(notice);
  // a text sent in parts: each part once (a retry sends what is left), the receipt when all are sent
  await once(
    'text',
    (retry, key) => port.sendText(to, text, { once: (part, send) => once(`text-${part}`, send), retry, key }),
    receipt(action, port.platform, to.group ?? to.account, to.personId || null, { ...data, notice: notice.kind, text }),
  );
}

/** 「附到哪一笔？」 as a card with a button per request and kind: sent once, never refreshed (it is not a request's card). */
async function sendChoice(
  deps: BotDeps,
  port: PlatformPort,
  job: JobContext,
  once: SendOnceWithReceipt,
  to: Recipient,
  notice: Extract<Notice, { kind: 'attachment.choose' }>,
  outboxId: string,
): Promise<void> {
  await throttle(deps, job, port, { account: to.account });
  await once(
    'choice',
    (_retry, key) => port.sendCard(to, renderAttachChoice(notice), { key }),
    receipt('notify.reply.sent', port.platform, to.account, to.personId || null, { outboxId, notice: notice.kind, heldId: notice.heldId }),
  );
}

/**
 * /申请 alone: a link to the 新建申请 form on the workbench (PUBLIC_URL/app/new?via=<platform>, which
 * signs the person in the way their platform does), as the platform's link card, else as a text.
 */
async function sendFormLink(deps: BotDeps, port: PlatformPort, job: JobContext, once: SendOnceWithReceipt, to: Recipient, outboxId: string): Promise<void> {
  await throttle(deps, job, port, to);
  const link = { title: APPLY_FORM.title, text: APPLY_FORM_TEXT, button: APPLY_FORM.button, url: openedFrom(`${deps.fileLinks.base}${NEW_REQUEST_PATH}`, port.platform) };
  await once(
    'link',
    (retry, key) => (port.sendLink ? port.sendLink(to, link) : port.sendText(to, linkText(link), { retry, key })),
    receipt('notify.reply.sent', port.platform, to.group ?? to.account, to.personId || null, { outboxId, notice: 'apply.form', url: link.url }),
  );
}

/**
 * A report's workbook as a file message, after its summary text: to whoever asked (in the chat or
 * group they asked in), or to a person on each platform they are on (the monthly push). The link
 * the console shows is signed for the recipient.
 */
async function sendReportFile(
  deps: BotDeps,
  port: PlatformPort,
  job: JobContext,
  once: SendOnceWithReceipt,
  effect: Extract<Effect, { kind: 'report.file' }>,
  outboxId: string,
): Promise<void> {
  let to: Recipient;
  if (effect.to) {
    if (effect.to.platform !== port.platform) return;
    to = { personId: effect.to.personId ?? '', account: effect.to.account, group: effect.to.group };
  } else {
    const account = effect.personId ? await deps.service.accounts.of(port.platform, effect.personId) : undefined;
    if (!account || !effect.personId) return;
    to = { personId: effect.personId, account };
  }
  const bytes = await deps.files.get(effect.sha256);
  if (!bytes) {
    deps.log.error('report workbook missing from the file store; not sent', { reportId: effect.reportId, sha256: effect.sha256 });
    return;
  }
  await throttle(deps, job, port, to);
  await once(
    'file',
    (_retry, key) => port.sendFile(to, { name: effect.fileName, bytes, url: deps.fileLinks.url(reportLinkId(effect.reportId), to.personId) }, { key }),
    receipt('notify.file.sent', port.platform, to.group ?? to.account, to.personId || null, { outboxId, reportId: effect.reportId, fileName: effect.fileName }),
  );
}

/** A message of its own to the supervision group (the daily summary), sharing the group's count with the digests. */
async function sendGroupNotice(deps: BotDeps, port: PlatformPort, job: JobContext, once: SendOnceWithReceipt, notice: Notice, outboxId: string): Promise<void> {
  const target = (await deps.service.policy()).supervisionGroup[port.platform];
  if (!target) {
    deps.log.warn('no supervision group on this platform; group message dropped', { platform: port.platform, notice: notice.kind });
    return;
  }
  await throttle(deps, job, port, { account: target, group: target });
  const { title, lines } = groupMessage(notice);
  await once(
    'group',
    (_retry, key) => port.sendGroupDigest(target, title, lines, { key }),
    receipt('notify.group.sent', port.platform, maskTarget(target), null, { outboxId, notice: notice.kind, title, lines }),
  );
}

export async function flushDigest(deps: BotDeps, payload: JobPayload<'digest.flush'>, job: JobContext): Promise<void> {
  return honourRateLimit(job, () => flushDigestNow(deps, payload, job));
}

async function flushDigestNow(deps: BotDeps, payload: JobPayload<'digest.flush'>, job: JobContext): Promise<void> {
  const port = deps.ports.get(payload.platform);
  if (!port) return;
  let lines = payload.lines;
  if (!lines) {
    // Keep the taken lines on the job, so a retry after a failed send still has them.
    lines = await takeDigestLines(deps, payload.platform);
    await job.job.updateData({ ...payload, lines });
  }
  if (lines.length === 0) return;
  const target = (await deps.service.policy()).supervisionGroup[payload.platform];
  if (!target) {
    deps.log.warn('no supervision group on this platform; digest dropped', { platform: payload.platform, lines: lines.length });
    return;
  }
  await throttle(deps, job, port, { account: target, group: target });
  // a group-robot target can be a webhook key, which is a credential: the audit keeps a recognisable prefix only
  const once = sendOnce(deps, `digest-${job.job.id ?? ''}`, job.job.attemptsStarted > 1);
  await once(
    'digest',
    (_retry, key) => port.sendGroupDigest(target, digestTitle(lines.length), lines, { key }),
    receipt('notify.digest.sent', payload.platform, maskTarget(target), null, { group: payload.group, lines }),
  );
}

async function sendCard(deps: BotDeps, port: PlatformPort, requestId: string, personId: string, refId: string, job: JobContext, once: SendOnceWithReceipt): Promise<void> {
  // Under the request's card lock: a refresh that starts after this card is sent sees its reference,
  // and one that ran before it leaves this card to be drawn from the state as it is now. The lock
  // first, before any look-up: this job was queued before the decision's refresh of the other cards
  // (the next approver's card is what the decision waits on), so it usually takes the lock first.
  await withCardLock(deps, port.platform, requestId, job, async () => {
    // the card's view beside the look-ups: read for nothing only when no card is to be sent
    const [account, kept, view] = await Promise.all([deps.service.accounts.of(port.platform, personId), deps.service.cards.find(refId), deps.service.requests.view(requestId)]);
    if (!account) return;
    // A retried job finds its card already kept: re-render instead of sending a second copy.
    if (kept) return refreshCardsNow(deps, port, requestId, once);
    if (!view) return;
    await throttle(deps, job, port, { account });
    const card = renderRequestCard(view, personId, deps.clock(), deps.tz, deps.fileLinks);
    const handle = await once(
      'card',
      (retry, key) => port.sendCard({ personId, account }, card, { retry, key }),
      receipt('notify.card.sent', port.platform, account, personId, { requestId, cardRef: refId }),
    );
    await deps.service.cards.save({ id: refId, platform: port.platform, requestId, recipient: personId, handle });
  });
}

/**
 * One refresh of a request's cards at a time per platform: two running at once could finish in the
 * wrong order, leaving an older render (and, on WeCom, an older card handle) last. A refresh that
 * finds another running waits for it, then renders what the database says by then.
 */
async function refreshCards(deps: BotDeps, port: PlatformPort, requestId: string, job: JobContext, once: SendOnceWithReceipt): Promise<void> {
  await withCardLock(deps, port.platform, requestId, job, () => refreshCardsNow(deps, port, requestId, once));
}

async function refreshCardsNow(deps: BotDeps, port: PlatformPort, requestId: string, once: SendOnceWithReceipt): Promise<void> {
  const [view, refs] = await Promise.all([deps.service.requests.view(requestId), deps.service.cards.list(requestId, port.platform)]);
  if (!view) return;
  for (const ref of refs) {
    const account = await deps.service.accounts.of(port.platform, ref.recipient);
    if (!account) continue;
    const to = { personId: ref.recipient, account };
    const card = renderRequestCard(view, ref.recipient, deps.clock(), deps.tz, deps.fileLinks);
    // an update shows the same card again if repeated; a fresh copy (the old one is gone) is sent once
    const handle: CardHandle | null = await port.updateCard(to, ref.handle, card);
    const next = handle ?? (await once(`resend-${ref.id}-${handleDigest(ref.handle)}`, (retry, key) => port.sendCard(to, card, { retry, key })));
    // a port that kept the card where it was gives its handle back as it was given: nothing to write
    if (next !== ref.handle) await deps.service.cards.update(ref.id, next);
    await auditDelivery(deps, handle ? 'notify.card.updated' : 'notify.card.resent', port.platform, account, ref.recipient, {
      requestId,
      cardRef: ref.id,
      status: card.status.code,
    });
  }
}

/** a short digest of a card handle, naming which copy a resend replaced */
function handleDigest(handle: CardHandle): string {
  return createHash('sha256').update(JSON.stringify(handle)).digest('hex').slice(0, 16);
}

function maskTarget(target: string): string {
  return target.length > 12 ? `${target.slice(0, 4)}…${target.slice(-2)}` : target;
}

/** Every notification is in the audit trail: who got what, on which platform account. */
async function auditDelivery(deps: BotDeps, action: string, platform: Platform, account: string, personId: string | null, data: Record<string, unknown>): Promise<void> {
  await deps.service.audit.receipt(receipt(action, platform, account, personId, data));
}

/** the audit event that says a message went out */
function receipt(action: string, platform: Platform, account: string, personId: string | null, data: Record<string, unknown>): AuditInput {
  return { action, subject: personId ? `person:${personId}` : `group:${account}`, platform, account, data };
}

/**
 * Over the destination's limit (the platform's, else the defaults) in the last 60 seconds: put the
 * job back until a slot frees (BullMQ's DelayedError pattern). The limiter keeps Redis's time, not
 * deps.clock(), which a test may shift or freeze: the wait is real milliseconds, as moveToDelayed's.
 */
async function throttle(deps: BotDeps, job: JobContext, port: PlatformPort, to: { account: string; group?: string }): Promise<void> {
  const destination = to.group ? `${port.platform}:group:${to.group}` : `${port.platform}:${to.account}`;
  const perMinute = to.group ? (port.limits?.perGroupPerMinute ?? GROUP_PER_MINUTE) : (port.limits?.perRecipientPerMinute ?? DIRECT_PER_MINUTE);
  const wait = await takeSlot(deps.redis, `${deps.keyPrefix}:rate:${destination}`, perMinute);
  if (wait === 0) return;
  await job.job.moveToDelayed(Date.now() + wait, job.token);
  throw new DelayedError();
}

/**
 * The platform said to wait (PlatformRateLimited, e.g. Slack's 429 with Retry-After): nothing was
 * sent, so the job goes back until then and runs again from the start — no tight loop, no lost or
 * doubled message. Slack allows about one message a second per channel, within the 60 a minute per
 * person and 20 a minute per group throttle() keeps to, so this is the exception, not the pace.
 */
async function honourRateLimit(job: JobContext, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof PlatformRateLimited)) throw error;
    await job.job.moveToDelayed(Date.now() + Math.max(1000, error.retryAfterMs), job.token);
    throw new DelayedError();
  }
}

function assertHandledElsewhere(effect: Effect): void {
  throw new Error(`effect ${effect.kind} is dispatched, not delivered`);
}

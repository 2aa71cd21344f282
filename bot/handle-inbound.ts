// The one entry point for inbound events from every platform (after the adapter verified, parsed
// and acked them). Deduplicates by delivery id, maps the account to a person, runs the command or
// the button, and turns every AppError into a Chinese reply. Unexpected errors are rethrown so the
// queue retries.
import { isAppError } from '../workflows/domain/errors.js';
import { recordAudit } from '../workflows/infra/audit.js';
import { emit } from '../workflows/infra/outbox.js';
import { runButton } from './commands/run-button.js';
import { runCommand } from './commands/run-command.js';
import type { BotDeps } from './deps.js';
import { InboundEventSchema, type InboundEvent } from './inbound-event.js';
import { dispatchOutbox } from './notify/dispatch-outbox.js';
import { INTERNAL_ERROR_TEXT, errorText } from './replies/error-text.js';
import { reply, type ReplyTarget } from './replies/reply.js';

export async function handleInbound(deps: BotDeps, event: InboundEvent): Promise<void> {
  if (!(await claimDelivery(deps, event.dedupeKey))) {
    deps.log.info('duplicate delivery ignored', { key: event.dedupeKey });
    return;
  }
  const account = await deps.db.platformAccount.findUnique({
    where: { platform_accountId: { platform: event.platform, accountId: event.account } },
    include: { person: true },
  });
  const target = replyTargetOf(event, account?.personId);
  try {
    if (!account || !account.person.active) {
      await recordAudit(deps.db, {
        action: 'security.unknown_account',
        subject: `account:${event.platform}:${event.account}`,
        platform: event.platform,
        account: event.account,
        at: deps.clock(),
        data: { kind: event.kind },
      });
      await reply(deps, target, '您尚未在组织架构中登记，无法使用管家。请联系单位管理员（党政办）把您的账号加入组织文件。');
    } else {
      const actor = { personId: account.personId, platform: event.platform, account: event.account };
      if (event.kind === 'command') await runCommand(deps, actor, event.text, target);
      else await runButton(deps, actor, event, target);
    }
  } catch (error) {
    if (!isAppError(error)) {
      await deps.db.inboundKey.delete({ where: { key: event.dedupeKey } }).catch(() => undefined);
      throw error;
    }
    await reply(deps, target, errorText(error));
    // the tapped card may be stale: show its tapper the current state
    if (event.kind === 'button') await emit(deps.db, { kind: 'card.refresh', requestId: event.requestId });
  }
  await deps.db.inboundKey.update({ where: { key: event.dedupeKey }, data: { doneAt: deps.clock() } });
  await dispatchOutbox(deps);
}

async function claimDelivery(deps: BotDeps, key: string): Promise<boolean> {
  const now = deps.clock();
  const inserted = await deps.db.$executeRaw`INSERT INTO "InboundKey" ("key", "receivedAt") VALUES (${key}, ${now}) ON CONFLICT ("key") DO NOTHING`;
  if (inserted === 1) return true;
  const stale = new Date(now.getTime() - deps.staleClaimMs);
  const reclaimed = await deps.db.$executeRaw`
    UPDATE "InboundKey" SET "receivedAt" = ${now} WHERE "key" = ${key} AND "doneAt" IS NULL AND "receivedAt" < ${stale}`;
  if (reclaimed === 1) return true;
  // Claimed, unfinished and not yet stale: the claimer may have died (its job comes back after the
  // worker lock, before the claim is stale). Fail so the queue retries later; dropping it as a
  // duplicate would lose the event.
  const claim = await deps.db.inboundKey.findUnique({ where: { key } });
  if (claim && !claim.doneAt) throw new Error(`delivery ${key} is claimed by another worker and not finished yet; retrying later`);
  return false;
}

/** The queue gave up on an inbound event (its retries ran out): tell its sender instead of going silent. */
export async function replyGaveUp(deps: BotDeps, data: unknown): Promise<void> {
  const parsed = InboundEventSchema.safeParse(data);
  if (!parsed.success) return;
  await reply(deps, replyTargetOf(parsed.data), INTERNAL_ERROR_TEXT);
}

/** Answers go where the event came from: the sender's chat, or the group they wrote in. */
function replyTargetOf(event: InboundEvent, personId?: string): ReplyTarget {
  const group = event.kind === 'command' && event.conversation.kind === 'group' ? event.conversation.id : undefined;
  return { platform: event.platform, to: { account: event.account, personId, group } };
}

// The one entry point for inbound events from every platform (after the adapter verified, parsed
// and acked them). Deduplicates by delivery id, maps the account to a person, runs the command or
// the button, and turns every AppError into a Chinese reply. Unexpected errors are rethrown so the
// queue retries. Every answer goes through the outbox: a change and its answer commit together.
import { isAppError } from '../workflows/domain/errors.js';
import type { Actor, ReplyTo } from '../workflows/service/workflow-service.js';
import { runButton } from './commands/run-button.js';
import { runCommand } from './commands/run-command.js';
import { runDraft } from './commands/run-draft.js';
import { runFile } from './commands/run-file.js';
import type { BotDeps } from './deps.js';
import { InboundEventSchema, type InboundEvent } from './inbound-event.js';

/** What handling an inbound event needs: the core, and a way to move its effects on. */
export type InboundDeps = Pick<BotDeps, 'service' | 'dispatch' | 'log' | 'staleClaimMs' | 'tz' | 'ports' | 'maxFileBytes'>;

export async function handleInbound(deps: InboundDeps, event: InboundEvent): Promise<void> {
  const { service } = deps;
  // who sent it is looked up while the delivery is claimed (a duplicate wastes only that look-up)
  const [claimed, account] = await Promise.all([service.deliveries.claim(event.dedupeKey, deps.staleClaimMs), service.accounts.find(event.platform, event.account)]);
  if (!claimed) {
    deps.log.info('duplicate delivery ignored', { key: event.dedupeKey });
    return;
  }
  const replyTo = replyToOf(event, account?.personId);
  try {
    if (!account || !account.active) {
      await service.audit.record({
        action: 'security.unknown_account',
        subject: `account:${event.platform}:${event.account}`,
        platform: event.platform,
        account: event.account,
        data: { kind: event.kind },
      });
      await service.outbox.reply(replyTo, { kind: 'account.unknown' });
    } else {
      const actor: Actor = { personId: account.personId, platform: event.platform, account: event.account, replyTo, delivery: event.dedupeKey };
      if (event.kind === 'command') await runCommand(deps, actor, event.text);
      else if (event.kind === 'file') await runFile(deps, actor, event);
      else if (event.kind === 'draft') await runDraft(deps, actor, event);
      else await runButton(deps, actor, event);
    }
  } catch (error) {
    if (!isAppError(error)) {
      await service.deliveries.release(event.dedupeKey).catch(() => undefined);
      throw error;
    }
    await service.outbox.reply(replyTo, { kind: 'refused', code: error.code, details: error.details });
    // the tapped card may be stale: show its tapper the current state
    if (event.kind === 'button') await service.outbox.emit({ kind: 'card.refresh', requestId: event.requestId });
  }
  // (an action marks its delivery handled as it commits; this closes the others) and what it emitted goes on meanwhile
  await Promise.all([service.deliveries.finish(event.dedupeKey), deps.dispatch()]);
}

/** The queue gave up on an inbound event (its retries ran out): tell its sender instead of going silent. */
export async function replyGaveUp(deps: InboundDeps, data: unknown): Promise<void> {
  const parsed = InboundEventSchema.safeParse(data);
  if (!parsed.success) return;
  await deps.service.outbox.reply(replyToOf(parsed.data), { kind: 'failed' });
  // closed, so the sweep does not queue it again
  await deps.service.deliveries.finish(parsed.data.dedupeKey);
  await deps.dispatch();
}

/** Answers go where the event came from: the sender's chat, or the group they wrote in. */
function replyToOf(event: InboundEvent, personId?: string): ReplyTo {
  const group = (event.kind === 'command' || event.kind === 'file') && event.conversation.kind === 'group' ? event.conversation.id : undefined;
  return { platform: event.platform, account: event.account, personId, group };
}

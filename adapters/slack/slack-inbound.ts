// Everything Slack sends the app, through Bolt's listeners (the same for the HTTP receiver and Socket
// Mode): each delivery becomes one neutral inbound event, queued under the platform's delivery id,
// and is acknowledged at once — Slack wants every request answered within 3 seconds (Events API:
// "Responding to events"; interactivity: "Acknowledgment response"); the work is the queue's.
//   - a message in the app's DM (message.im) and an @-mention in a channel (app_mention): a command,
//     keyed slack:<event_id>. Slack redelivers an event it thinks was not acknowledged with the same
//     event_id and X-Slack-Retry-Num, so a retry is queued once and handled once. Events are acked
//     by Bolt itself before the listener runs.
//   - the slash command (/guanjia 申请 …): the same command text, keyed by its trigger_id.
//   - a tap on a card's button (block_actions): a button event keyed by its trigger_id, or, when the
//     tap needs input, the modal opened with that trigger_id (valid for 3 seconds after the tap).
//   - the modal's submission (view_submission): checked, then the button event with what it
//     collected, keyed by the view's id and hash.
import type { App } from '@slack/bolt';
import type { Logger } from '../../bot/deps.js';
import type { EnqueueInbound } from '../../bot/enqueue-inbound.js';
import type { ButtonEvent, CommandEvent, FileEvent, InboundEvent } from '../../bot/inbound-event.js';
import { SLASH_ACK_ELSEWHERE, SLASH_ACK_FAILED } from '../../bot/replies/slack-words.js';
import { decodeButton, MODAL_CALLBACK, type ButtonTap, type CardMessage } from './slack-buttons.js';
import { decodeMetadata, modalView, opensModal, readSubmission, type ModalInputs, type SubmittedValues } from './slack-modal.js';
import { commandText } from './slack-text.js';

export interface SlackInboundDeps {
  enqueue: EnqueueInbound;
  log: Logger;
  clock: () => Date;
  /** the slash command the app registered, e.g. /guanjia */
  command: string;
}

/** The fields of a message event we read (message.im, app_mention); Bolt's types are a wide union. */
interface MessageFields {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  channel?: string;
  channel_type?: string;
  files?: { id?: string; name?: string; size?: number }[];
}

export function registerSlackListeners(app: App, deps: SlackInboundDeps): void {
  const { log } = deps;

  app.event('message', async ({ event, body, context }) => {
    const m = event as MessageFields;
    // channels reach us as app_mention; here only the 1:1 chat with the app
    if (m.channel_type !== 'im') return;
    // Bolt already dropped the app's own messages (ignoreSelf); other bots, edits, deletions and joins carry a bot_id or a subtype
    if (m.bot_id || !m.user || (m.subtype !== undefined && m.subtype !== 'file_share')) return;
    const eventId = eventIdOf(body);
    if (!eventId) return;
    if (context.retryNum) log.info('slack event redelivered', { eventId, retryNum: context.retryNum, reason: context.retryReason });
    const base = { platform: 'slack' as const, account: m.user, at: atOf(m.ts, deps.clock()) };
    if (m.subtype === 'file_share') {
      // 附件: each file a member sends the app is fetched by the worker (files.info, then its private URL)
      for (const file of m.files ?? []) {
        if (!file.id) continue;
        const event: FileEvent = {
          ...base,
          kind: 'file',
          dedupeKey: `slack:${eventId}:${file.id}`,
          conversation: { kind: 'direct', id: m.user },
          file: { ref: file.id, ...(file.name ? { name: file.name.slice(0, 300) } : {}), ...(typeof file.size === 'number' ? { size: file.size } : {}) },
        };
        // thrown when it cannot be queued: the event is answered 500 and Slack sends it again
        await deps.enqueue(event);
      }
      return;
    }
    const command: CommandEvent = {
      ...base,
      kind: 'command',
      dedupeKey: `slack:${eventId}`,
      conversation: { kind: 'direct', id: m.user },
      text: clipText(commandText(m.text ?? '', context.botUserId)),
    };
    await deps.enqueue(command);
  });

  app.event('app_mention', async ({ event, body, context }) => {
    const m = event as MessageFields;
    if (m.bot_id || !m.user || !m.channel || (m.subtype !== undefined && m.subtype !== 'file_share')) return;
    const eventId = eventIdOf(body);
    if (!eventId) return;
    if (context.retryNum) log.info('slack event redelivered', { eventId, retryNum: context.retryNum, reason: context.retryReason });
    // the channel's id is what the organisation file's groups.supervision.slack wants
    log.info('slack mention in a channel', { channel: m.channel });
    await deps.enqueue({
      kind: 'command',
      platform: 'slack',
      account: m.user,
      dedupeKey: `slack:${eventId}`,
      at: atOf(m.ts, deps.clock()),
      // the answer goes into the channel it was asked in
      conversation: { kind: 'group', id: m.channel },
      text: clipText(commandText(m.text ?? '', context.botUserId)),
    });
  });

  app.command(deps.command, async ({ command, ack, context }) => {
    const event: CommandEvent = {
      kind: 'command',
      platform: 'slack',
      account: command.user_id,
      dedupeKey: `slack:command:${command.trigger_id}`,
      at: deps.clock().toISOString(),
      // the answers go to the member's DM with the app, wherever the command was typed: the bot may not be in that channel, and budgets are not for everyone there
      conversation: { kind: 'direct', id: command.user_id },
      text: clipText(commandText(command.text ?? '', context.botUserId)),
    };
    if (!(await queue(deps, event))) {
      await ack({ response_type: 'ephemeral', text: SLASH_ACK_FAILED });
      return;
    }
    // Slack shows the ack's text to its sender only; in the app's DM the answer itself follows there
    await ack(command.channel_name === 'directmessage' ? undefined : { response_type: 'ephemeral', text: SLASH_ACK_ELSEWHERE });
  });

  // every block action is acked, ours or not (a link button such as 「在工作台打开」 sends one too)
  app.action(/.*/, async ({ payload, body, ack, client }) => {
    const action = payload as { type?: string; action_id?: string; value?: string; action_ts?: string };
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.action_id) {
      await ack();
      return;
    }
    const tap = decodeButton(action.action_id, action.value);
    if (!tap) {
      await ack();
      return;
    }
    const card = cardOf(body);
    if (opensModal(tap)) {
      await ack();
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: modalView({ tap, ...(card ? { card } : {}) }) });
      } catch (error) {
        log.warn('slack modal could not be opened', { action: tap.action, requestId: tap.requestId, err: error });
      }
      return;
    }
    // thrown when it cannot be queued: the tap is answered 500 and Slack shows its sender it did not go through
    await deps.enqueue(buttonEvent(tap, { comment: '' }, { account: body.user.id, dedupeKey: `slack:action:${body.trigger_id}`, at: atOf(action.action_ts, deps.clock()), card }));
    await ack();
  });

  app.view(MODAL_CALLBACK, async ({ ack, body, view }) => {
    const metadata = decodeMetadata(view.private_metadata);
    if (!metadata) {
      log.warn('slack modal submitted without our metadata', { viewId: view.id });
      await ack();
      return;
    }
    const read = readSubmission(metadata.tap, view.state.values as SubmittedValues);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    const event = buttonEvent(metadata.tap, read.inputs, {
      account: body.user.id,
      dedupeKey: `slack:view:${view.id}:${view.hash}`,
      at: deps.clock().toISOString(),
      card: metadata.card,
    });
    if (!(await queue(deps, event))) {
      // the modal stays open with the words on its first field, so nothing typed is lost
      const first = Object.keys(view.state.values)[0];
      await ack(first ? { response_action: 'errors', errors: { [first]: SLASH_ACK_FAILED } } : undefined);
      return;
    }
    await ack();
  });

  app.error(async (error) => {
    log.error('slack listener failed', { err: error });
  });
}

function buttonEvent(tap: ButtonTap, inputs: ModalInputs, delivery: { account: string; dedupeKey: string; at: string; card?: CardMessage }): ButtonEvent {
  return {
    kind: 'button',
    platform: 'slack',
    account: delivery.account,
    dedupeKey: delivery.dedupeKey,
    at: delivery.at,
    action: tap.action,
    requestId: tap.requestId,
    ...(tap.stepId ? { stepId: tap.stepId } : {}),
    ...(tap.parentRef ? { parentRef: tap.parentRef } : {}),
    ...(tap.attach ? { attach: tap.attach } : {}),
    ...(tap.alertNo ? { alertNo: tap.alertNo } : {}),
    ...inputs,
    ...(delivery.card ? { card: { channel: delivery.card.channel, ts: delivery.card.ts } } : {}),
  };
}

/** Queues an event; false (logged) when it could not be, so an interaction can say so. */
async function queue(deps: SlackInboundDeps, event: InboundEvent): Promise<boolean> {
  try {
    await deps.enqueue(event);
    return true;
  } catch (error) {
    deps.log.error('slack delivery could not be queued', { dedupeKey: event.dedupeKey, err: error });
    return false;
  }
}

/** the message a tapped button is on: the card to update in place */
function cardOf(body: { container?: { channel_id?: string; message_ts?: string }; channel?: { id: string }; message?: { ts: string } }): CardMessage | undefined {
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  return channel && ts ? { channel, ts } : undefined;
}

function eventIdOf(body: unknown): string | undefined {
  const id = (body as { event_id?: unknown }).event_id;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

/** Slack's ts is seconds since the epoch with microseconds after the dot */
function atOf(ts: string | undefined, now: Date): string {
  const ms = Number(ts) * 1000;
  return (Number.isFinite(ms) && ms > 0 ? new Date(ms) : now).toISOString();
}

/** the inbound event takes at most 4,000 characters of text */
function clipText(text: string): string {
  return Array.from(text).slice(0, 2000).join('');
}

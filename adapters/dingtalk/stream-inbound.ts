// The inbound seam for DingTalk: every CALLBACK frame is parsed, queued as neutral events and
// acked with its messageId (dingtalk-stream 2.1.5 acks EVENT frames itself, CALLBACK frames never).
// A card tap is answered within DingTalk's 2 s with the change the card shows at once (buttons off,
// "正在处理"); the decision itself is made by the queue, and the card redrawn from the database.
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { Logger } from '../../bot/deps.js';
import type { EnqueueInbound } from '../../bot/enqueue-inbound.js';
import { cardCallbackEvent } from './card-callback.js';
import { busyData } from './render-dingtalk-card.js';
import { robotMessageEvents } from './robot-message.js';
import type { StreamFrame } from './stream-frame.js';

export type Ack = (response: unknown) => void;

export interface StreamInboundDeps {
  enqueue: EnqueueInbound;
  log: Logger;
  clock: () => Date;
  /** counts a push that was turned away (metrics), by what it was */
  onRefused?: (what: 'card_callback' | 'robot_message') => void;
  /** answer a card tap by then even if the queue is slow; DingTalk waits 2 s */
  cardAnswerMs?: number;
}

export function streamInbound(deps: StreamInboundDeps): (frame: StreamFrame, ack: Ack) => Promise<void> {
  return async (frame, ack) => {
    try {
      if (frame.headers.topic === TOPIC_CARD) return await onCardCallback(deps, frame, ack);
      if (frame.headers.topic === TOPIC_ROBOT) return await onRobotMessage(deps, frame, ack);
      deps.log.warn('DingTalk push on a topic we did not subscribe to', { topic: frame.headers.topic });
      ack(null);
    } catch (error) {
      deps.log.error('DingTalk push could not be handled', { messageId: frame.headers.messageId, err: error });
      ack(null);
    }
  };
}

async function onRobotMessage(deps: StreamInboundDeps, frame: StreamFrame, ack: Ack): Promise<void> {
  const result = robotMessageEvents(frame, deps.clock());
  if ('skip' in result) {
    deps.log.warn('DingTalk robot message ignored', { messageId: frame.headers.messageId, why: result.skip });
    deps.onRefused?.('robot_message');
  } else {
    // the group's openConversationId is what the organisation file's groups.supervision.dingtalk wants
    const group = result.events.find((e) => e.conversation.kind === 'group');
    if (group) deps.log.info('DingTalk message from a group', { openConversationId: group.conversation.id });
    // in the message's order (typed text first); each under its own dedupe key
    for (const event of result.events) await enqueueOrLog(deps, event);
  }
  // the server reads nothing from a robot message's ack: data {"response": null} (developerpedia "Stream 协议描述")
  ack(null);
}

async function onCardCallback(deps: StreamInboundDeps, frame: StreamFrame, ack: Ack): Promise<void> {
  const result = cardCallbackEvent(frame, deps.clock());
  if ('problem' in result) {
    deps.log.warn('DingTalk card callback refused', { messageId: frame.headers.messageId, why: result.problem });
    deps.onRefused?.('card_callback');
    ack(result.notice ? cardAnswer({ busy: 'false', notice: result.notice }) : {});
    return;
  }
  let answered = false;
  const answer = (data: Record<string, string>) => {
    if (answered) return;
    answered = true;
    ack(cardAnswer(data));
  };
  // the card callback must be answered within 2 s (open.dingtalk.com "卡片回传请求事件回调")
  const timer = setTimeout(() => answer(busyData('已收到，正在处理……')), deps.cardAnswerMs ?? 1_500);
  try {
    const queued = await enqueueOrLog(deps, result.event);
    answer(queued ? busyData('已收到，正在处理……') : { busy: 'false', notice: '管家暂时无法处理，请稍后再点一次。' });
  } finally {
    clearTimeout(timer);
  }
}

/** The answer to a card callback may change the tapper's private data at once (open.dingtalk.com "卡片回传请求事件回调"). */
function cardAnswer(privateData: Record<string, string>): Record<string, unknown> {
  return { cardUpdateOptions: { updatePrivateDataByKey: true }, userPrivateData: { cardParamMap: privateData } };
}

async function enqueueOrLog(deps: StreamInboundDeps, event: Parameters<EnqueueInbound>[0]): Promise<boolean> {
  try {
    await deps.enqueue(event);
    return true;
  } catch (error) {
    deps.log.error('DingTalk push could not be queued', { dedupeKey: event.dedupeKey, err: error });
    return false;
  }
}

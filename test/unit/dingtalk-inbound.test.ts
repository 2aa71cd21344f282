// DingTalk payloads → neutral events: robot messages and card callbacks as DingTalk sends them,
// and what is refused. Plus the DingTalk settings' own checks.
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/index.js';
import { cardCallbackEvent } from '../../adapters/dingtalk/card-callback.js';
import { dingTalkSettings } from '../../adapters/dingtalk/dingtalk-settings.js';
import { robotMessageEvent } from '../../adapters/dingtalk/robot-message.js';
import type { StreamFrame } from '../../adapters/dingtalk/stream-frame.js';
import { ConfigError } from '../../bot/config.js';

const now = new Date('2026-07-08T02:00:00Z');
const frame = (topic: string, data: unknown, messageId = 'mid-1'): StreamFrame => ({
  type: 'CALLBACK',
  headers: { topic, messageId, time: '1783476000000' },
  data: typeof data === 'string' ? data : JSON.stringify(data),
});

const robot = (extra: Record<string, unknown>) =>
  frame(TOPIC_ROBOT, {
    msgId: 'msgA1',
    msgtype: 'text',
    conversationType: '1',
    conversationId: 'cidP2P',
    senderStaffId: '0920000011',
    createAt: 1783476000123,
    text: { content: '/待办' },
    ...extra,
  });

describe('robotMessageEvent', () => {
  it('turns a 1:1 text into a command keyed by the message id', () => {
    const result = robotMessageEvent(robot({}), now);
    expect(result).toEqual({
      event: {
        kind: 'command',
        platform: 'dingtalk',
        account: '0920000011',
        dedupeKey: 'dingtalk:msg:msgA1',
        at: new Date(1783476000123).toISOString(),
        conversation: { kind: 'direct', id: '0920000011' },
        text: '/待办',
      },
    });
  });

  it('answers into the group when @-mentioned there, and ignores group talk that is not for it', () => {
    const mentioned = robotMessageEvent(robot({ conversationType: '2', conversationId: 'cidGROUP==', isInAtList: true, text: { content: ' /预算' } }), now);
    expect(mentioned).toMatchObject({ event: { conversation: { kind: 'group', id: 'cidGROUP==' }, text: ' /预算' } });
    expect(robotMessageEvent(robot({ conversationType: '2', isInAtList: false }), now)).toHaveProperty('skip');
  });

  it('reads rich text, and answers pictures and voice with the help text', () => {
    const rich = robotMessageEvent(
      robot({ msgtype: 'richText', text: undefined, content: { richText: [{ text: '/申请 办公费' }, { type: 'picture', downloadCode: 'x' }, { text: ' 300 纸' }] } }),
      now,
    );
    expect(rich).toMatchObject({ event: { text: '/申请 办公费 300 纸' } });
    expect(robotMessageEvent(robot({ msgtype: 'picture', text: undefined }), now)).toMatchObject({ event: { text: '/帮助' } });
  });

  it('skips what is not a robot message', () => {
    expect(robotMessageEvent(frame(TOPIC_ROBOT, '{not json'), now)).toHaveProperty('skip');
    expect(robotMessageEvent(robot({ conversationType: '3' }), now)).toHaveProperty('skip');
    expect(robotMessageEvent(robot({ senderStaffId: undefined }), now)).toHaveProperty('skip');
  });
});

const tap = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  frame(TOPIC_CARD, {
    outTrackId: 'gj-1',
    userId: '0920000010',
    corpId: 'ding1',
    type: 'actionCallback',
    content: JSON.stringify({ cardPrivateData: { actionIds: ['approve'], params } }),
    ...extra,
  });

describe('cardCallbackEvent', () => {
  it('turns a tap into a button event keyed by the push, with what was typed on the card', () => {
    const result = cardCallbackEvent(tap({ action: 'reject', requestId: 'req-1', stepId: 'step-1', comment: '  超标准 ' }), now);
    expect(result).toEqual({
      event: expect.objectContaining({
        kind: 'button',
        platform: 'dingtalk',
        account: '0920000010',
        dedupeKey: 'dingtalk:cb:mid-1',
        action: 'reject',
        requestId: 'req-1',
        stepId: 'step-1',
        comment: '超标准',
        card: { outTrackId: 'gj-1' },
      }),
    });
  });

  it('reads empty template variables as absent and takes a meeting record', () => {
    const result = cardCallbackEvent(tap({ action: 'approve', requestId: 'req-1', stepId: '', comment: '', transferTo: '', meetingDate: '2026-07-06', minutesNo: '2026-12' }), now);
    expect(result).toMatchObject({ event: { stepId: undefined, comment: '', transferTo: undefined, meeting: { date: '2026-07-06', minutesNo: '2026-12' } } });
  });

  it('answers bad params on the card, and drops what is not a card callback at all', () => {
    expect(cardCallbackEvent(tap({ action: 'approve', requestId: 'req-1', meetingDate: '2026-07-06' }), now)).toMatchObject({ notice: '请同时填写会议日期和会议纪要编号。' });
    expect(cardCallbackEvent(tap({ action: 'approve', requestId: 'req-1', meetingDate: '7月6日', minutesNo: '3' }), now)).toMatchObject({
      notice: expect.stringMatching(/^会议记录有误：会议日期应为实际存在的日期，格式 YYYY-MM-DD/),
    });
    expect(cardCallbackEvent(tap({ action: 'pay-me', requestId: 'req-1' }), now)).toMatchObject({ notice: expect.stringContaining('/待办') });
    expect(cardCallbackEvent(tap({}, { content: 'not json' }), now)).toEqual({ problem: 'card callback not understood', notice: '' });
    expect(cardCallbackEvent(frame(TOPIC_CARD, { outTrackId: 'gj-1' }), now)).toEqual({ problem: 'card callback not understood', notice: '' });
  });
});

describe('DingTalk settings', () => {
  const base = { DINGTALK_CLIENT_ID: 'dingkey', DINGTALK_CLIENT_SECRET: 'secret', DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema' };

  it('stay off without credentials, and default to the public host and the app key as robot code', () => {
    expect(dingTalkSettings(loadConfig({}))).toBeNull();
    expect(dingTalkSettings(loadConfig({ ...base, DINGTALK_API_BASE: 'http://127.0.0.1:9/' }))).toMatchObject({ apiBase: 'http://127.0.0.1:9', robotCode: 'dingkey' });
    expect(dingTalkSettings(loadConfig({ ...base, QUEUE_PREFIX: 'unit7' }))).toMatchObject({ apiBase: 'https://api.dingtalk.com', keyPrefix: 'unit7:dingtalk:' });
  });

  it('refuse half a set, a missing card template, and a host that is not a URL', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ DINGTALK_CLIENT_ID: 'dingkey' })).toEqual([expect.stringMatching(/^DINGTALK_CLIENT_SECRET: /)]);
    expect(problems({ DINGTALK_CLIENT_ID: 'dingkey', DINGTALK_CLIENT_SECRET: 's' })).toEqual([expect.stringMatching(/^DINGTALK_CARD_TEMPLATE_ID: .*README/)]);
    expect(problems({ ...base, DINGTALK_API_BASE: 'api.dingtalk.com' })).toEqual([expect.stringMatching(/^DINGTALK_API_BASE: /)]);
  });
});

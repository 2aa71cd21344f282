// DingTalk payloads → neutral events: robot messages (text, pictures, files) and card callbacks as DingTalk sends them,
// and what is refused. Plus the DingTalk settings' own checks.
import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/index.js';
import { cardCallbackEvent } from '../../adapters/dingtalk/card-callback.js';
import { dingTalkSettings } from '../../adapters/dingtalk/dingtalk-settings.js';
import { robotMessageEvents } from '../../adapters/dingtalk/robot-message.js';
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

describe('robotMessageEvents', () => {
  it('turns a 1:1 text into a command keyed by the message id', () => {
    const result = robotMessageEvents(robot({}), now);
    expect(result).toEqual({
      events: [
        {
          kind: 'command',
          platform: 'dingtalk',
          account: '0920000011',
          dedupeKey: 'dingtalk:msg:msgA1',
          at: new Date(1783476000123).toISOString(),
          conversation: { kind: 'direct', id: '0920000011' },
          text: '/待办',
        },
      ],
    });
  });

  it('answers into the group when @-mentioned there, and ignores group talk that is not for it', () => {
    const mentioned = robotMessageEvents(robot({ conversationType: '2', conversationId: 'cidGROUP==', isInAtList: true, text: { content: ' /预算' } }), now);
    expect(mentioned).toMatchObject({ events: [{ conversation: { kind: 'group', id: 'cidGROUP==' }, text: ' /预算' }] });
    expect(robotMessageEvents(robot({ conversationType: '2', isInAtList: false }), now)).toHaveProperty('skip');
  });

  it('skips what is not a robot message', () => {
    expect(robotMessageEvents(frame(TOPIC_ROBOT, '{not json'), now)).toHaveProperty('skip');
    expect(robotMessageEvents(robot({ conversationType: '3' }), now)).toHaveProperty('skip');
    expect(robotMessageEvents(robot({ senderStaffId: undefined }), now)).toHaveProperty('skip');
  });
});

describe('robotMessageEvents: pictures and files (附件)', () => {
  // as DingTalk sends them: picture {downloadCode, pictureDownloadCode}, file {downloadCode, fileId, fileName, spaceId}
  const picture = { msgtype: 'picture', text: undefined, content: { downloadCode: 'mIofN681+dl/code==', pictureDownloadCode: '9hSK+pic==' } };
  const file = { msgtype: 'file', text: undefined, content: { downloadCode: 'PsPvi/1l+file==', fileId: '214980176385', fileName: '发票-2026-07.pdf', spaceId: '28455378906' } };

  it('turns a picture sent in the 1:1 chat into a file event fetched by its downloadCode, without a name', () => {
    expect(robotMessageEvents(robot(picture), now)).toEqual({
      events: [
        {
          kind: 'file',
          platform: 'dingtalk',
          account: '0920000011',
          dedupeKey: 'dingtalk:msg:msgA1',
          at: new Date(1783476000123).toISOString(),
          conversation: { kind: 'direct', id: '0920000011' },
          file: { ref: 'mIofN681+dl/code==' },
        },
      ],
    });
  });

  it('turns a file into a file event with the name it was sent under', () => {
    expect(robotMessageEvents(robot(file), now)).toMatchObject({
      events: [{ kind: 'file', dedupeKey: 'dingtalk:msg:msgA1', file: { ref: 'PsPvi/1l+file==', name: '发票-2026-07.pdf' } }],
    });
    // DingTalk may send a name without an extension, or none: the core tells the type by the content
    const unnamed = robotMessageEvents(robot({ ...file, content: { downloadCode: 'code2' } }), now);
    expect(unnamed).toMatchObject({ events: [{ file: { ref: 'code2' } }] });
    expect('events' in unnamed && unnamed.events[0]?.kind === 'file' && 'name' in unnamed.events[0].file).toBe(false);
  });

  it('takes each picture of rich text as a file, and what was typed beside them as a command of its own', () => {
    const rich = robotMessageEvents(
      robot({
        msgtype: 'richText',
        text: undefined,
        content: {
          richText: [{ text: '/申请 办公费' }, { type: 'picture', downloadCode: 'p1' }, { text: ' 300 纸' }, { type: 'picture', downloadCode: 'p2', pictureDownloadCode: 'x' }],
        },
      }),
      now,
    );
    expect(rich).toMatchObject({
      events: [
        { kind: 'command', dedupeKey: 'dingtalk:msg:msgA1', text: '/申请 办公费 300 纸' },
        { kind: 'file', dedupeKey: 'dingtalk:msg:msgA1:2', file: { ref: 'p1' } },
        { kind: 'file', dedupeKey: 'dingtalk:msg:msgA1:3', file: { ref: 'p2' } },
      ],
    });
    // pictures with only a line break between them: no empty command
    const onlyPictures = robotMessageEvents(robot({ msgtype: 'richText', text: undefined, content: { richText: [{ type: 'picture', downloadCode: 'p1' }, { text: '\n' }] } }), now);
    expect(onlyPictures).toMatchObject({ events: [{ kind: 'file', dedupeKey: 'dingtalk:msg:msgA1', file: { ref: 'p1' } }] });
    expect('events' in onlyPictures && onlyPictures.events).toHaveLength(1);
  });

  it('takes no files in a group: a picture there is answered with the help text, rich text by its words', () => {
    const group = { conversationType: '2', conversationId: 'cidGROUP==', isInAtList: true };
    expect(robotMessageEvents(robot({ ...group, ...picture }), now)).toEqual({
      events: [expect.objectContaining({ kind: 'command', text: '/帮助', conversation: { kind: 'group', id: 'cidGROUP==' } })],
    });
    expect(robotMessageEvents(robot({ ...group, ...file }), now)).toMatchObject({ events: [{ kind: 'command', text: '/帮助' }] });
    const rich = robotMessageEvents(
      robot({ ...group, msgtype: 'richText', text: undefined, content: { richText: [{ text: ' /预算' }, { type: 'picture', downloadCode: 'p1' }] } }),
      now,
    );
    expect(rich).toEqual({ events: [expect.objectContaining({ kind: 'command', text: ' /预算' })] });
  });

  it('answers voice, video, and a picture without a downloadCode with the help text', () => {
    expect(robotMessageEvents(robot({ msgtype: 'audio', text: undefined, content: { downloadCode: 'a1' } }), now)).toMatchObject({ events: [{ kind: 'command', text: '/帮助' }] });
    expect(robotMessageEvents(robot({ msgtype: 'video', text: undefined, content: { downloadCode: 'v1' } }), now)).toMatchObject({ events: [{ kind: 'command', text: '/帮助' }] });
    expect(robotMessageEvents(robot({ msgtype: 'picture', text: undefined }), now)).toMatchObject({ events: [{ kind: 'command', text: '/帮助' }] });
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

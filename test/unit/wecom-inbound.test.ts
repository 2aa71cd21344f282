// Pictures and files sent to the WeCom app become file events (附件) keyed by MsgId, as text messages
// do; messages missing what makes them fetchable are ignored, not guessed at. Taps on the attach and
// 移除 buttons carry what the core needs: the held file and kind, or the file's number.
import { describe, expect, it } from 'vitest';
import { InboundEventSchema } from '../../bot/inbound-event.js';
import { decodeButtonKey, encodeButtonKey } from '../../adapters/wecom/wecom-card.js';
import { toInbound } from '../../adapters/wecom/wecom-inbound.js';

const now = new Date('2026-07-01T01:00:00Z');
const requestId = '0b6f7c1e-2a8d-4f3e-9b1a-5c6d7e8f9a0b';
const picture = {
  ToUserName: 'ww3f6a0c2e1b9d8a77',
  FromUserName: 'FengLei',
  CreateTime: '1782867600',
  MsgType: 'image',
  PicUrl: 'https://wework.qpic.cn/wwpic/x/0',
  MediaId: '1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0',
  MsgId: '4561255354251345930',
  AgentID: '1000002',
};

const parsed = (message: Record<string, string>) => {
  const r = toInbound(message, now);
  return r.kind === 'event' ? InboundEventSchema.parse(r.event) : r;
};

describe('toInbound: pictures and files', () => {
  it('maps a picture to a file event with its MediaId, keyed by MsgId, in the sender’s chat', () => {
    expect(parsed(picture)).toEqual({
      kind: 'file',
      platform: 'wecom',
      account: 'FengLei',
      dedupeKey: 'wecom:msg:4561255354251345930',
      at: '2026-07-01T01:00:00.000Z',
      conversation: { kind: 'direct', id: 'FengLei' },
      file: { ref: picture.MediaId },
    });
  });

  it('keeps a file’s name, trimmed, and clips a very long one keeping its extension', () => {
    const file = { ...picture, MsgType: 'file', FileName: '  发票 2026-06.pdf ' };
    delete (file as Partial<typeof file>).PicUrl;
    expect(parsed(file)).toMatchObject({ kind: 'file', file: { ref: picture.MediaId, name: '发票 2026-06.pdf' } });
    const long = parsed({ ...file, FileName: `${'合同'.repeat(200)}.docx` });
    const name = 'file' in long ? (long.file.name ?? '') : '';
    expect(name.length).toBeLessThanOrEqual(300);
    expect(name.endsWith('….docx')).toBe(true);
    // an empty FileName is no name
    expect(parsed({ ...file, FileName: '' })).toMatchObject({ file: { ref: picture.MediaId } });
    expect(parsed({ ...file, FileName: '' })).not.toHaveProperty('file.name');
  });

  it('ignores a picture or file without a MediaId or a proper MsgId', () => {
    const { MediaId: _, ...noMedia } = picture;
    for (const bad of [noMedia, { ...picture, MediaId: '' }, { ...picture, MsgId: 'x1' }, { ...picture, FromUserName: '' }, { ...picture, MsgType: 'file', MsgId: '' }]) {
      expect(toInbound(bad, now).kind).toBe('ignore');
    }
    // other media (voice, video) are not attachments
    expect(toInbound({ ...picture, MsgType: 'voice', Format: 'amr' }, now).kind).toBe('ignore');
  });
});

describe('attach and 移除 taps', () => {
  const tap = (key: string) => ({ MsgType: 'event', Event: 'template_card_event', FromUserName: 'FengLei', CreateTime: '1782867601', EventKey: key, TaskId: 'gj-1' });

  it('round-trip the held file and kind, or the file’s number, into the button event', () => {
    const attach = encodeButtonKey({ action: 'attach', requestId, heldId: 'h-42', kind: '验收报告' });
    expect(decodeButtonKey(attach)).toEqual({ action: 'attach', requestId, heldId: 'h-42', kind: '验收报告' });
    expect(parsed(tap(attach))).toMatchObject({ kind: 'button', action: 'attach', requestId, attach: { heldId: 'h-42', kind: '验收报告' } });
    // a kind with the key's separators in it survives
    expect(decodeButtonKey(encodeButtonKey({ action: 'attach', requestId, kind: 'a|b:c' }))).toEqual({ action: 'attach', requestId, kind: 'a|b:c' });
    const detach = encodeButtonKey({ action: 'detach', requestId, seq: 3 });
    expect(parsed(tap(detach))).toMatchObject({ kind: 'button', action: 'detach', requestId, attach: { seq: 3 } });
  });

  it('refuse keys that are not ours', () => {
    for (const bad of [
      `gj|detach|${requestId}|0`,
      `gj|detach|${requestId}|x`,
      `gj|attach|${requestId}|../x:`,
      `gj|attach|${requestId}|a:b:c`,
      `gj|attach|${requestId}|h:%E0%A4%A`,
    ]) {
      expect(decodeButtonKey(bad)).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { parseCommand, parseRequestNo } from '../../bot/commands/parse-command.js';

const TYPES = ['用款申请', '采购申请'];

describe('parseCommand', () => {
  it('reads /申请 with defaults', () => {
    expect(parseCommand('/申请 办公费 1200 购买 打印纸', TYPES)).toEqual({
      name: 'apply',
      type: undefined,
      subject: '办公费',
      amountText: '1200',
      purpose: '购买 打印纸',
      supplier: undefined,
      project: undefined,
      tags: [],
    });
  });

  it('reads the type, supplier, project and tags, in English too', () => {
    expect(parseCommand('/apply 采购申请 专用材料费 56000 防汛物资 供应商=青石商贸 项目：防汛 #应急', TYPES)).toMatchObject({
      name: 'apply',
      type: '采购申请',
      subject: '专用材料费',
      amountText: '56000',
      purpose: '防汛物资',
      supplier: '青石商贸',
      project: '防汛',
      tags: ['应急'],
    });
  });

  it('strips a DingTalk @mention and full-width slash and spaces', () => {
    expect(parseCommand('@管家 ／预算\u3000办公费')).toEqual({ name: 'budget', query: '办公费' });
  });

  it.each([
    ['/待办', { name: 'todo' }],
    ['/todo', { name: 'todo' }],
    ['/HELP', { name: 'help', topic: undefined }],
    ['帮助', { name: 'help', topic: undefined }],
    ['/进度', { name: 'status' }],
    ['/status No.12', { name: 'status', no: 12 }],
    ['/撤回 #7', { name: 'withdraw', no: 7 }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, TYPES)).toEqual(expected);
  });

  it('explains what is missing instead of guessing', () => {
    expect(parseCommand('/申请', TYPES)).toMatchObject({ name: 'usage', command: 'apply', problem: '缺少科目和金额' });
    expect(parseCommand('/申请 办公费', TYPES)).toMatchObject({ name: 'usage', problem: '缺少金额' });
    expect(parseCommand('/撤回', TYPES)).toMatchObject({ name: 'usage', command: 'withdraw' });
    expect(parseCommand('/进度 abc', TYPES)).toMatchObject({ name: 'usage', command: 'status' });
  });

  it('reads typed decisions, with the meeting record of a collective step', () => {
    expect(parseCommand('/同意 12 情况属实')).toEqual({ name: 'decide', action: 'approve', no: 12, comment: '情况属实', transferTo: undefined, meeting: undefined });
    expect(parseCommand('/approve 12 会议=2026-11-20 纪要=党工委〔2026〕12号 同意')).toMatchObject({
      action: 'approve',
      comment: '同意',
      meeting: { date: '2026-11-20', minutesNo: '党工委〔2026〕12号' },
    });
    expect(parseCommand('/同意 12 会议=2026-02-30 纪要=3')).toMatchObject({ name: 'usage', command: 'approve', problem: expect.stringContaining('2026-02-30') });
    expect(parseCommand('/同意 12 会议=2026-13-45 纪要=3')).toMatchObject({ name: 'usage', command: 'approve', problem: expect.stringContaining('YYYY-MM-DD') });
    expect(parseCommand('/同意 12 会议=2026-7-1 纪要=3')).toMatchObject({ name: 'usage', command: 'approve' });
    expect(parseCommand('/驳回 No.3 不符合程序')).toMatchObject({ name: 'decide', action: 'reject', no: 3, comment: '不符合程序' });
    expect(parseCommand('/转交 3 wugang 请审核')).toMatchObject({ action: 'transfer', no: 3, transferTo: 'wugang', comment: '请审核' });
  });

  it('asks for the reason of a reject or return, and the target of a transfer', () => {
    expect(parseCommand('/驳回 3')).toMatchObject({ name: 'usage', command: 'reject', problem: '请写明理由' });
    expect(parseCommand('/退回')).toMatchObject({ name: 'usage', command: 'return', problem: '缺少申请编号' });
    expect(parseCommand('/转交 3')).toMatchObject({ name: 'usage', command: 'transfer', problem: '缺少转交对象' });
    // without a slash these are ordinary words, not decisions
    expect(parseCommand('同意 3')).toMatchObject({ name: 'unknown' });
  });

  it('marks anything else as unknown', () => {
    expect(parseCommand('你好')).toEqual({ name: 'unknown', text: '你好' });
    expect(parseCommand('/报销 100')).toMatchObject({ name: 'unknown' });
    expect(parseCommand('申请 办公费 100')).toMatchObject({ name: 'unknown' });
  });
});

describe('parseRequestNo', () => {
  it.each([
    ['12', 12],
    ['No.12', 12],
    ['no12', 12],
    ['＃3', 3],
    ['abc', undefined],
    ['-1', undefined],
  ])('%s → %s', (text, no) => {
    expect(parseRequestNo(text)).toBe(no);
  });
});

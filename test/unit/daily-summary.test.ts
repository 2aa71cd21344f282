// 监察日报: when it goes out (working days at the configured time, holidays skipped, 调休 weekends
// included) and what it says (new alerts by rule and department, open red lights longest first,
// 三重一大 filings) shaped from the rows, then worded for the 监督群.
import { describe, expect, it } from 'vitest';
import { dailySummaryMessage } from '../../bot/replies/daily-summary-words.js';
import { groupMessage, renderNotice } from '../../bot/replies/render-notice.js';
import { NoticeSchema } from '../../workflows/domain/effects.js';
import { shapeDailySummary, SUMMARY_SHOWN, type DailySummaryRows } from '../../workflows/domain/supervision/daily-summary.js';
import { nextSummarySlot, previousWorkday, startOfDay } from '../../workflows/domain/supervision/summary-schedule.js';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('nextSummarySlot', () => {
  it('is today at the configured time while that is still to come', () => {
    expect(nextSummarySlot(at('2026-12-02T08:00:00'), '08:30', TZ)).toEqual({ day: '2026-12-02', at: at('2026-12-02T08:30:00') });
  });

  it('is the next working day once today’s time has passed, and skips the weekend', () => {
    expect(nextSummarySlot(at('2026-12-02T08:30:00'), '08:30', TZ)).toEqual({ day: '2026-12-03', at: at('2026-12-03T08:30:00') });
    expect(nextSummarySlot(at('2026-12-04T10:00:00'), '08:30', TZ)).toEqual({ day: '2026-12-07', at: at('2026-12-07T08:30:00') });
    expect(nextSummarySlot(at('2026-12-05T07:00:00'), '09:15', TZ)).toEqual({ day: '2026-12-07', at: at('2026-12-07T09:15:00') });
  });

  it('skips statutory holidays and keeps 调休 working weekends', () => {
    // 国庆 2026: 10-01 to 10-07 off; Saturday 10-10 worked
    expect(nextSummarySlot(at('2026-09-30T12:00:00'), '08:30', TZ).day).toBe('2026-10-08');
    expect(nextSummarySlot(at('2026-10-09T12:00:00'), '08:30', TZ).day).toBe('2026-10-10');
  });

  it('after a day just summarised, is a later day even if our clock runs a moment early', () => {
    expect(nextSummarySlot(at('2026-12-04T08:29:59'), '08:30', TZ, '2026-12-04')).toEqual({ day: '2026-12-07', at: at('2026-12-07T08:30:00') });
  });

  it('after a summary that ran days late, schedules no stale days', () => {
    expect(nextSummarySlot(at('2026-12-09T15:00:00'), '08:30', TZ, '2026-12-02').day).toBe('2026-12-10');
  });

  it('reads the time in the unit’s time zone', () => {
    expect(nextSummarySlot(new Date('2026-12-02T00:00:00Z'), '08:30', 'Asia/Urumqi').at).toEqual(new Date('2026-12-02T02:30:00Z'));
  });
});

describe('previousWorkday', () => {
  it('is the day before, the Friday before a Monday, the last day before a holiday', () => {
    expect(previousWorkday('2026-12-03')).toBe('2026-12-02');
    expect(previousWorkday('2026-12-07')).toBe('2026-12-04');
    expect(previousWorkday('2026-10-08')).toBe('2026-09-30');
    expect(startOfDay('2026-12-04', TZ)).toEqual(at('2026-12-04T00:00:00'));
  });
});

const NAMES = {
  person: (id: string) => ({ fenglei: '冯磊', qianwei: '钱伟', zhengjia: '郑佳' })[id] ?? id,
  department: (id: string) => ({ cjb: '城建办', czs: '财政所' })[id] ?? id,
};

const rows = (over: Partial<DailySummaryRows> = {}): DailySummaryRows => ({
  day: '2026-12-07',
  since: at('2026-12-04T08:30:00'),
  filedFrom: '2026-12-04',
  newAlerts: [
    { rule: 'overdue', departmentId: 'cjb' },
    { rule: 'split_purchase', departmentId: 'cjb' },
    { rule: 'overdue', departmentId: 'czs' },
    { rule: 'late_approver', departmentId: null },
  ],
  redLights: [
    { no: 31, step: '财务审核', assignees: ['zhengjia'], dueAt: at('2026-12-04T16:00:00') },
    { no: 12, step: '部门负责人审核', assignees: ['qianwei'], dueAt: at('2026-12-03T15:00:00') },
  ],
  filings: [{ no: 9, requestNos: [40], amount: 50_000_000n, facts: { type: '采购申请', meetingDate: '2026-12-04', minutesNo: '2026-8', recordedBy: 'fenglei' } }],
  ...over,
});

describe('shapeDailySummary', () => {
  it('counts new alerts by rule (in the rules’ order) and by department (most first, none last)', () => {
    const notice = shapeDailySummary(rows(), NAMES, TZ);
    expect(notice.since).toBe('2026-12-04 08:30');
    expect(notice.newAlerts).toEqual({
      total: 4,
      byRule: [
        { rule: 'split_purchase', count: 1 },
        { rule: 'overdue', count: 2 },
        { rule: 'late_approver', count: 1 },
      ],
      byDepartment: [
        { department: '城建办', count: 2 },
        { department: '财政所', count: 1 },
        { department: undefined, count: 1 },
      ],
    });
  });

  it('lists the open red lights longest overdue first, with who has them and since when', () => {
    expect(shapeDailySummary(rows(), NAMES, TZ).redLights).toEqual({
      total: 2,
      items: [
        { no: 12, step: '部门负责人审核', assignees: ['钱伟'], since: '2026-12-03 15:00' },
        { no: 31, step: '财务审核', assignees: ['郑佳'], since: '2026-12-04 16:00' },
      ],
    });
  });

  it('lists each 三重一大 filing with its meeting and amount', () => {
    expect(shapeDailySummary(rows(), NAMES, TZ).filings).toEqual({
      from: '2026-12-04',
      total: 1,
      items: [{ alertNo: 9, requestNos: [40], type: '采购申请', amount: '50000000', meetingDate: '2026-12-04', minutesNo: '2026-8' }],
    });
  });

  it('lists at most SUMMARY_SHOWN red lights and filings, counting them all', () => {
    const many = Array.from({ length: SUMMARY_SHOWN + 3 }, (_, i) => ({ no: i + 1, step: '审核', assignees: [], dueAt: at('2026-12-04T09:00:00') }));
    const notice = shapeDailySummary(rows({ redLights: many }), NAMES, TZ);
    expect(notice.redLights.total).toBe(SUMMARY_SHOWN + 3);
    expect(notice.redLights.items).toHaveLength(SUMMARY_SHOWN);
  });

  it('is a notice the outbox accepts, with nothing found as well', () => {
    expect(NoticeSchema.parse(shapeDailySummary(rows(), NAMES, TZ))).toBeTruthy();
    const quiet = shapeDailySummary(rows({ newAlerts: [], redLights: [], filings: [] }), NAMES, TZ);
    expect(NoticeSchema.parse(quiet)).toMatchObject({ newAlerts: { total: 0, byRule: [], byDepartment: [] }, redLights: { total: 0 }, filings: { total: 0 } });
  });
});

describe('the summary’s words', () => {
  it('gives a title with the day and one line per fact', () => {
    const message = dailySummaryMessage(shapeDailySummary(rows(), NAMES, TZ));
    expect(message.title).toBe('【监察日报】2026-12-07（周一）');
    expect(message.lines).toEqual([
      '新增告警 4 条（2026-12-04 08:30 以来）：化整为零 1、办件超时 2、多次超时 1',
      '按部门：城建办 2、财政所 1、未指明部门 1',
      '红灯未办 2 个：',
      'No.12「部门负责人审核」办理人 钱伟，2026-12-03 15:00 起超时',
      'No.31「财务审核」办理人 郑佳，2026-12-04 16:00 起超时',
      '三重一大备案 1 件（2026-12-04 以来）：',
      '#9 No.40 采购申请 500,000.00 元，会议 2026-12-04，纪要 2026-8',
      '详情：发送 /监察 查看待处理告警，/查询 灯=红 查看超时事项。',
    ]);
    expect(groupMessage(shapeDailySummary(rows(), NAMES, TZ))).toEqual(message);
    expect(renderNotice(shapeDailySummary(rows(), NAMES, TZ))).toBe([message.title, ...message.lines].join('\n'));
  });

  it('says “无” for what was not found, and how many more there are beyond the list', () => {
    const quiet = dailySummaryMessage(shapeDailySummary(rows({ newAlerts: [], redLights: [], filings: [] }), NAMES, TZ));
    expect(quiet.lines.slice(0, 3)).toEqual(['新增告警：无（2026-12-04 08:30 以来）', '红灯未办：无', '三重一大备案：无（2026-12-04 以来）']);
    const many = Array.from({ length: SUMMARY_SHOWN + 2 }, (_, i) => ({ no: i + 1, step: '审核', assignees: [], dueAt: null }));
    const busy = dailySummaryMessage(shapeDailySummary(rows({ redLights: many }), NAMES, TZ));
    expect(busy.lines).toContain('No.1「审核」');
    expect(busy.lines).toContain('另有 2 个红灯，发送 /查询 灯=红 查看');
  });
});

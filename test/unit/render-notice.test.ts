// The catalogue: every notice the core emits has words, effects survive the outbox's JSON, and
// effects worded by an earlier version still arrive.
import { describe, expect, it } from 'vitest';
import { notifyDeliverJob } from '../../bot/jobs/notify-deliver.js';
import { readPayload } from '../../bot/jobs/define-job.js';
import { renderNotice } from '../../bot/replies/render-notice.js';
import { EffectSchema, NoticeSchema, upgradeEffect, type Notice } from '../../workflows/domain/effects.js';

const ref = { no: 12, requester: '冯磊', type: '用款申请' };
const SAMPLES: Notice[] = [
  { kind: 'command.unknown', text: '你好' },
  { kind: 'command.usage', command: 'withdraw', problem: '缺少申请编号' },
  { kind: 'help' },
  { kind: 'refused', code: 'BUDGET_INSUFFICIENT', details: { line: '城建办 / 办公费', available: '100.00', requested: '1,200.00', missing: '1,100.00' } },
  { kind: 'failed' },
  { kind: 'account.unknown' },
  { kind: 'decision.made', no: 12, outcome: 'partial' },
  { kind: 'request.decided', no: 12, amount: '120000', outcome: 'returned', by: '钱伟', comment: '请补充发票' },
  { kind: 'request.closed', no: 12, status: 'cancelled' },
  { kind: 'step.transferred', no: 12, step: '财务审核', by: '吴刚' },
  { kind: 'light.changed', ...ref, step: '部门负责人审核', light: 'red', audience: 'superior', assignees: ['钱伟'] },
  { kind: 'alert.raised', alert: { code: 'overdue', ...ref, step: '部门负责人审核', assignees: ['钱伟'] } },
  { kind: 'alert.raised', alert: { code: 'repeated_returns', ...ref, returns: 3 } },
  { kind: 'budget.balances', fiscalYear: 2026, lines: [], more: 0, query: '宣传费' },
  { kind: 'pending.list', items: [] },
  { kind: 'requests.recent', items: [] },
  { kind: 'legacy.text', text: '旧版本的提醒' },
];

describe('renderNotice', () => {
  it('has words for every kind of notice, and never shows a code or a raw value', () => {
    const kinds = new Set(NoticeSchema.options.map((o) => o.shape.kind.value));
    expect(new Set(SAMPLES.map((n) => n.kind))).toEqual(kinds);
    for (const notice of SAMPLES) {
      const text = renderNotice(notice);
      expect(text.length, notice.kind).toBeGreaterThan(0);
      expect(text, notice.kind).not.toMatch(/undefined|null|\[object|NaN|_[A-Z]{3,}|[A-Z]{4,}_/);
    }
  });

  it('words the alerts and lights the way supervisors read them', () => {
    expect(renderNotice(SAMPLES[10]!)).toBe('【超时·红灯】No.12 冯磊 的用款申请「部门负责人审核」 由 钱伟 办理，已超过时限，请督促。');
    expect(renderNotice(SAMPLES[11]!)).toBe('【红灯】No.12 冯磊 的用款申请「部门负责人审核」 已超时，办理人：钱伟');
    expect(renderNotice(SAMPLES[12]!)).toBe('【多次补正】No.12 冯磊 的用款申请已被退回 3 次');
    expect(renderNotice(SAMPLES[3]!)).toBe('预算不足，无法提交：「城建办 / 办公费」可用 100.00 元，本次申请 1,200.00 元，还差 1,100.00 元。请调整金额，或先申请预算调整。');
  });

  it('says a cancelled draft was cancelled, not withdrawn with budget released', () => {
    expect(renderNotice({ kind: 'request.closed', no: 3, status: 'cancelled' })).toBe('申请 No.3 已取消（尚未提交，没有冻结预算）。');
    expect(renderNotice({ kind: 'request.closed', no: 3, status: 'withdrawn' })).toBe('申请 No.3 已撤回，冻结的预算已释放。');
  });
});

describe('effects', () => {
  it('round-trip through JSON as the outbox stores them', () => {
    for (const notice of SAMPLES) {
      const effect = { kind: 'reply' as const, to: { platform: 'console' as const, account: 'fenglei' }, notice };
      expect(EffectSchema.parse(JSON.parse(JSON.stringify(effect)))).toEqual(effect);
    }
  });

  it('worded by an earlier version still arrive, in the outbox and in queued delivery jobs', () => {
    expect(EffectSchema.parse(upgradeEffect({ kind: 'text.send', personId: 'fenglei', text: '您的申请 No.3 已审批通过。' }))).toEqual({
      kind: 'notice',
      personId: 'fenglei',
      notice: { kind: 'legacy.text', text: '您的申请 No.3 已审批通过。' },
    });
    expect(EffectSchema.parse(upgradeEffect({ kind: 'group.digest', group: 'supervision', line: '【红灯】No.3' }))).toMatchObject({
      notice: { kind: 'legacy.text', text: '【红灯】No.3' },
    });
    const v1 = { outboxId: '7', platform: 'console', effect: { kind: 'text.send', personId: 'fenglei', text: '旧提醒' } };
    expect(readPayload(notifyDeliverJob, v1)).toMatchObject({ effect: { kind: 'notice', notice: { kind: 'legacy.text', text: '旧提醒' } } });
  });
});

// The shipped card template definition, the renderer that fills it and the callback parser that
// reads its buttons must agree, variable for variable.
import { describe, expect, it } from 'vitest';
import { CALLBACK_PARAMS } from '../../adapters/dingtalk/card-callback.js';
import { PRIVATE_KEYS, PUBLIC_KEYS, SHOW_KEY, renderDingTalkCard } from '../../adapters/dingtalk/render-dingtalk-card.js';
import { CARD_ACTIONS, type Card } from '../../bot/card-model.js';
import { CARD_TEMPLATE } from '../helpers/fake-dingtalk.js';

const card: Card = {
  requestId: 'req-1',
  title: '用款申请 · 1,200.00 元',
  status: { code: 'in_approval', label: '审批中', tone: 'info' },
  fields: [
    { label: '编号', value: 'No.7' },
    { label: '事由', value: '购买**打印纸** <b>' },
  ],
  budget: { line: '城建办 / 办公费', before: '50,000.00 元', after: '48,800.00 元', note: '已冻结本笔', ok: true },
  route: [
    { name: '部门负责人审核', who: '钱伟', state: 'active', stateLabel: '待审批', tone: 'warning', light: 'yellow', lightLabel: '黄灯：即将超时', detail: undefined },
    { name: '财务审核', who: '吴刚、郑佳（或签）', state: 'waiting', stateLabel: '未开始', tone: 'neutral', light: null },
  ],
  flags: [{ code: 'repeated_returns', text: '已退回 2 次（多次补正）', tone: 'warning' }],
  buttons: [
    { action: 'approve', label: '同意', style: 'primary', requestId: 'req-1', stepId: 'step-1', needs: ['comment', 'meeting'] },
    { action: 'transfer', label: '转交', style: 'default', requestId: 'req-1', stepId: 'step-1', needs: ['transferTo', 'comment'] },
    { action: 'cancel', label: '取消申请', style: 'default', requestId: 'req-1' },
  ],
};

const placeholders = (value: unknown): string[] => [...JSON.stringify(value).matchAll(/\$\{([\w.]+)\}/g)].map((m) => m[1]!);

describe('the card template definition', () => {
  it('declares exactly the variables the renderer fills, public and private', () => {
    expect(Object.keys(CARD_TEMPLATE.variables.public).sort()).toEqual([...PUBLIC_KEYS].sort());
    expect(Object.keys(CARD_TEMPLATE.variables.private).sort()).toEqual([...PRIVATE_KEYS].sort());
  });

  it('has one 回传请求 button per card action, shown by its own private flag, sending only params the parser reads', () => {
    expect(CARD_TEMPLATE.buttons.map((b) => b.actionId).sort()).toEqual([...CARD_ACTIONS].sort());
    for (const button of CARD_TEMPLATE.buttons) {
      const action = button.actionId as (typeof CARD_ACTIONS)[number];
      expect(button.params.action).toBe(action);
      expect(button.params.requestId).toBe('${requestId}');
      expect(Object.keys(button.params).every((p) => (CALLBACK_PARAMS as readonly string[]).includes(p))).toBe(true);
      expect(button.visibleWhen).toBe(`${SHOW_KEY[action]} == true && busy != true`);
    }
  });

  it('uses no variable it does not declare', () => {
    const declared = new Set([...Object.keys(CARD_TEMPLATE.variables.public), ...Object.keys(CARD_TEMPLATE.variables.private), ...Object.keys(CARD_TEMPLATE.variables.local)]);
    const used = placeholders([CARD_TEMPLATE.layout, CARD_TEMPLATE.buttons]).filter((name) => !name.startsWith('loop'));
    expect(used.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('gives private variables the defaults a card with nothing to do is drawn with', () => {
    const { privateData } = renderDingTalkCard({ ...card, buttons: [] });
    const defaults = Object.fromEntries(Object.entries(CARD_TEMPLATE.variables.private).map(([k, v]) => [k, v.default]));
    expect(privateData).toEqual(defaults);
  });
});

describe('renderDingTalkCard', () => {
  it('puts the facts in public data and the live buttons only in the recipient’s private data', () => {
    const { cardData, privateData } = renderDingTalkCard(card);
    expect(Object.values(cardData).every((v) => typeof v === 'string')).toBe(true);
    expect(cardData).toMatchObject({ requestId: 'req-1', statusLabel: '审批中', lastMessage: '【审批中】用款申请 · 1,200.00 元', showApprove: 'false', stepId: '' });
    expect(JSON.parse(cardData.fields)).toEqual(card.fields);
    expect(JSON.parse(cardData.route)).toEqual([
      { no: '1', name: '部门负责人审核', who: '钱伟', state: '待审批', light: '🟡', detail: '' },
      { no: '2', name: '财务审核', who: '吴刚、郑佳（或签）', state: '未开始', light: '', detail: '' },
    ]);
    expect(cardData.budget).toBe('城建办 / 办公费 可用：50,000.00 元 → 48,800.00 元（已冻结本笔）');
    expect(privateData).toMatchObject({
      showApprove: 'true',
      showTransfer: 'true',
      showReject: 'false',
      showCancel: 'true',
      cancelLabel: '取消申请',
      stepId: 'step-1',
      needsComment: 'true',
      needsTransferTo: 'true',
      needsMeeting: 'true',
      busy: 'false',
    });
  });
});

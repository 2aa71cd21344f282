// The shipped card template definition, the renderer that fills it and the callback parser that
// reads its buttons must agree, variable for variable.
import { TOPIC_CARD } from 'dingtalk-stream';
import { describe, expect, it } from 'vitest';
import { CALLBACK_PARAMS, cardCallbackEvent } from '../../adapters/dingtalk/card-callback.js';
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
    // 关联 choices are listed on the card and typed (/关联 草稿编号 编号), 修改 is typed (/修改 编号 金额=…),
    // files are sent in the chat: the template has no button for them
    const typed = ['link', 'edit', 'attach', 'detach', 'acknowledge_alert', 'close_alert'] as const;
    expect(CARD_TEMPLATE.buttons.map((b) => b.actionId).sort()).toEqual(CARD_ACTIONS.filter((a) => !(typed as readonly string[]).includes(a)).sort());
    for (const button of CARD_TEMPLATE.buttons) {
      const action = button.actionId as Exclude<(typeof CARD_ACTIONS)[number], (typeof typed)[number]>;
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

describe('renderDingTalkCard: chains and payments', () => {
  const chained: Card = {
    ...card,
    status: { code: 'approved', label: '已通过', tone: 'success' },
    link: '关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标',
    chain: {
      rows: [
        { no: 12, text: 'No.12 用款申请 60,000.00 元 · 已通过 · 已用 50,800.00，剩余 9,200.00', current: false, depth: 0 },
        { no: 13, text: 'No.13 合同审批 HT-2026-001 50,000.00 元 · 已通过 · 已用 800.00，剩余 49,200.00', current: false, depth: 1 },
        { no: 14, text: 'No.14 项目验收 第 1 期 15,000.00 元 · 已通过', current: false, depth: 2 },
        { no: 15, text: 'No.15 付款申请 800.00 元 · 待出纳付款', current: true, depth: 2 },
      ],
      summary: '全链：已承诺 60,000.00 元，已支出 0.00 元，剩余 59,200.00 元',
    },
    flags: [{ code: 'payment_due', text: '已审批，待出纳确认付款', tone: 'warning' }],
    buttons: [{ action: 'pay', label: '确认付款', style: 'primary', requestId: 'req-1', needs: ['payment'] }],
  };

  it('carries the 关联 sentence and the chain, indented and marked, as public facts', () => {
    const { cardData } = renderDingTalkCard(chained);
    expect(cardData.link).toBe(chained.link);
    expect(JSON.parse(cardData.chain)).toEqual([
      { indent: '', mark: '·', text: chained.chain!.rows[0]!.text, current: 'false' },
      { indent: '\u3000', mark: '·', text: chained.chain!.rows[1]!.text, current: 'false' },
      { indent: '\u3000\u3000', mark: '·', text: chained.chain!.rows[2]!.text, current: 'false' },
      { indent: '\u3000\u3000', mark: '▶', text: chained.chain!.rows[3]!.text, current: 'true' },
    ]);
    expect(cardData.chainSummary).toBe(chained.chain!.summary);
    expect(JSON.parse(cardData.flags)).toEqual(['已审批，待出纳确认付款']);
    const plain = renderDingTalkCard(card).cardData;
    expect([plain.link, plain.chain, plain.chainSummary]).toEqual(['', '[]', '']);
  });

  it('shows 确认付款 and its inputs only to the cashier it is rendered for', () => {
    expect(renderDingTalkCard(chained).privateData).toMatchObject({ showPay: 'true', needsPayment: 'true', showApprove: 'false', needsComment: 'false' });
    expect(renderDingTalkCard({ ...chained, buttons: [] }).privateData).toMatchObject({ showPay: 'false', needsPayment: 'false' });
    const pay = CARD_TEMPLATE.buttons.find((b) => b.actionId === 'pay');
    expect(pay?.params).toEqual({ action: 'pay', requestId: '${requestId}', voucherNo: '${voucherNo}', paymentDate: '${paymentDate}' });
  });
});

describe('renderDingTalkCard: 修改 and earlier rounds', () => {
  const changes = [
    { label: '金额', from: '1,200.00 元', to: '1,500.00 元' },
    { label: '事由', from: '购买打印纸', to: '购买打印纸和墨盒' },
  ];
  const resubmitted: Card = {
    ...card,
    changes,
    history: [{ round: 1, title: '第 1 轮 · 退回修改', lines: ['11-30 10:12 钱伟 退回修改：请补充报价单'], changes }],
  };

  it('carries what changed since the last round and each earlier round as public facts', () => {
    const { cardData } = renderDingTalkCard(resubmitted);
    expect(cardData.changes).toBe('本轮修改：金额 1,200.00 元 → 1,500.00 元；事由 购买打印纸 → 购买打印纸和墨盒');
    expect(JSON.parse(cardData.history)).toEqual([
      { title: '第 1 轮 · 退回修改', text: '11-30 10:12 钱伟 退回修改：请补充报价单\n修改：金额 1,200.00 元 → 1,500.00 元；事由 购买打印纸 → 购买打印纸和墨盒' },
    ]);
    const plain = renderDingTalkCard(card).cardData;
    expect([plain.changes, plain.history]).toEqual(['', '[]']);
    // the template shows both, each only when there is something to show
    const layout = JSON.stringify(CARD_TEMPLATE.layout);
    expect(layout).toContain('${changes}');
    expect(layout).toContain('${history}');
  });

  it('has no 修改 button: the requester is told, privately, what to type instead', () => {
    const returned: Card = {
      ...resubmitted,
      status: { code: 'returned', label: '已退回修改', tone: 'warning' },
      buttons: [
        { action: 'resubmit', label: '重新提交', style: 'primary', requestId: 'req-1' },
        {
          action: 'edit',
          label: '修改',
          style: 'default',
          requestId: 'req-1',
          needs: ['edit'],
          edit: { amount: '1500.00', purpose: '购买打印纸和墨盒', subject: '办公费', project: '', supplier: '' },
        },
        { action: 'cancel', label: '取消申请', style: 'default', requestId: 'req-1' },
      ],
    };
    const { cardData, privateData } = renderDingTalkCard(returned);
    expect(privateData).toMatchObject({ showResubmit: 'true', showCancel: 'true', notice: '要修改，请发送 /修改 7 金额=… 事由=…（只写要改的项）' });
    expect(Object.keys(privateData).sort()).toEqual([...PRIVATE_KEYS].sort());
    // everyone else's copy says nothing of it
    expect(cardData.notice).toBe('');
  });
});

describe('a 确认付款 tap on the card', () => {
  const now = new Date('2026-12-01T02:00:00Z');
  const tap = (params: Record<string, unknown>) =>
    cardCallbackEvent(
      {
        type: 'CALLBACK',
        headers: { topic: TOPIC_CARD, messageId: 'mid-pay', time: '1796090400000' },
        data: JSON.stringify({ outTrackId: 'gj-1', userId: 'hefang', content: JSON.stringify({ cardPrivateData: { actionIds: ['pay'], params } }) }),
      },
      now,
    );

  it('carries the voucher number and the date picked, without the time the picker may add', () => {
    expect(tap({ action: 'pay', requestId: 'req-1', voucherNo: ' 记-118 ', paymentDate: '2026-11-30 00:00' })).toMatchObject({
      event: { action: 'pay', requestId: 'req-1', payment: { voucherNo: '记-118', date: '2026-11-30' } },
    });
    const today = tap({ action: 'pay', requestId: 'req-1', voucherNo: '记-118', paymentDate: '' });
    expect(today).toMatchObject({ event: { payment: { voucherNo: '记-118' } } });
    expect('event' in today && today.event.payment?.date).toBeUndefined();
  });

  it('answers on the card when the voucher number is missing or the date is not a day', () => {
    expect(tap({ action: 'pay', requestId: 'req-1', voucherNo: '', paymentDate: '2026-11-30' })).toEqual({
      problem: 'payment without a voucher number',
      notice: '请填写凭证号后再点「确认付款」。',
    });
    expect(tap({ action: 'pay', requestId: 'req-1', voucherNo: '记-118', paymentDate: '2026-02-30' })).toMatchObject({ notice: expect.stringContaining('付款日期') });
    expect(tap({ action: 'pay', requestId: 'req-1', voucherNo: '记'.repeat(61) })).toMatchObject({ notice: expect.stringContaining('凭证号') });
    // an approval tap never carries a payment, whatever the inputs hold
    expect(tap({ action: 'approve', requestId: 'req-1', voucherNo: '记-118' })).toMatchObject({ event: { action: 'approve', payment: undefined } });
  });
});

describe('renderDingTalkCard: 附件', () => {
  const withFiles: Card = {
    ...card,
    status: { code: 'returned', label: '已退回修改', tone: 'warning' },
    attachments: {
      files: [
        { seq: 1, kind: '发票', text: 'invoice.pdf（213 KB）', url: 'https://gj.example/files/a1?sig=x1&exp=9', removed: false, removable: true },
        { seq: 2, kind: '其他', text: '报价_单[旧](1).png（40 KB）', url: 'https://gj.example/files/a 2?sig=(x2)', note: '第 1 轮 · 已撤下', removed: true, removable: false },
      ],
      present: ['✓ 发票'],
      missing: ['合同'],
      missingText: '缺：合同',
      uploadKinds: ['合同', '其他'],
      hint: '在与管家的单聊中直接发送文件或图片即可添加附件',
    },
    buttons: [
      { action: 'resubmit', label: '重新提交', style: 'primary', requestId: 'req-1' },
      { action: 'detach', label: '移除', style: 'default', requestId: 'req-1', attach: { seq: 1 } },
      { action: 'attach', label: '添加附件', style: 'default', requestId: 'req-1', attach: { kind: '合同' } },
    ],
  };

  it('lists the files as links, the missing kinds in red and the hint, only in the recipient’s copy', () => {
    const { cardData, privateData } = renderDingTalkCard(withFiles);
    expect(privateData.attachments.split('\n\n')).toEqual([
      '1、[发票 · invoice.pdf（213 KB）](https://gj.example/files/a1?sig=x1&exp=9)',
      // a name's Markdown characters are escaped; a URL's spaces and parentheses encoded; a file taken off is grey
      '<font color=#888888>2、[其他 · 报价\\_单\\[旧\\](1).png（40 KB）](https://gj.example/files/a%202?sig=%28x2%29) 第 1 轮 · 已撤下</font>',
      '✓ 发票',
      '<font color=#FF0000>缺：合同</font>',
      '<font color=#888888>在与管家的单聊中直接发送文件或图片即可添加附件</font>',
    ]);
    // the links are signed for the recipient: everyone else's copy has none
    expect(cardData.attachments).toBe('');
    // no 附件 buttons on the template: the rest of the card is drawn as before
    expect(privateData).toMatchObject({ showResubmit: 'true', showCancel: 'false' });
    expect(Object.keys(privateData).sort()).toEqual([...PRIVATE_KEYS].sort());
  });

  it('says nothing when the card has nothing about attachments, and the template shows it only then', () => {
    expect(renderDingTalkCard(card).privateData.attachments).toBe('');
    // a file whose link could not be signed is listed without one
    const unsigned = { seq: 3, kind: '合同', text: 'ht.pdf（1 KB）', url: '', removed: false, removable: false };
    expect(renderDingTalkCard({ ...card, attachments: { files: [unsigned], present: [], missing: [] } }).privateData.attachments).toBe('3、合同 · ht.pdf（1 KB）');
    expect(renderDingTalkCard({ ...card, attachments: { files: [], present: [], missing: [] } }).privateData.attachments).toBe('');
    expect(CARD_TEMPLATE.layout).toContainEqual({ component: 'Markdown', text: '${attachments}', visibleWhen: "attachments != ''" });
    expect((CARD_TEMPLATE as unknown as { version: number }).version).toBe(4);
  });
});

describe('「在工作台打开」', () => {
  it('opens the request’s page inside DingTalk, the same link for everyone, and the template shows it only when there is one', () => {
    const { cardData, privateData } = renderDingTalkCard({ ...card, open: 'https://gj.example.cn/app/r/7' });
    expect(cardData.open).toBe(`dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('https://gj.example.cn/app/r/7?via=dingtalk')}&pc_slide=true`);
    expect(privateData).not.toHaveProperty('open');
    expect(renderDingTalkCard(card).cardData.open).toBe('');
    expect(CARD_TEMPLATE.layout).toContainEqual({ component: '按钮', label: '在工作台打开', style: 'default', onTap: '打开链接', url: '${open}', visibleWhen: "open != ''" });
  });
});

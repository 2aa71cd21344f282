// The WeCom rendering and parsing rules that do not need a server: button keys round-trip, the
// template_card stays within WeCom's limits, long texts are split under 2048 bytes, inbound XML maps
// to the neutral events with the dedupe keys WeCom's retries repeat.
import { describe, expect, it } from 'vitest';
import type { Card, CardAttachment, CardAttachments } from '../../bot/card-model.js';
import { renderAttachChoice } from '../../bot/cards/render-attach-choice.js';
import { InboundEventSchema } from '../../bot/inbound-event.js';
import { decodeButtonKey, encodeButtonKey, renderTemplateCard } from '../../adapters/wecom/wecom-card.js';
import { toInbound } from '../../adapters/wecom/wecom-inbound.js';
import { parseGroupTarget } from '../../adapters/wecom/wecom-port.js';
import { splitText } from '../../adapters/wecom/wecom-text.js';

const requestId = '0b6f7c1e-2a8d-4f3e-9b1a-5c6d7e8f9a0b';
const stepId = `${requestId}.1.0`;

const card = (over: Partial<Card> = {}): Card => ({
  requestId,
  title: '用款申请 · 1,200.00 元',
  status: { code: 'in_approval', label: '审批中', tone: 'info' },
  fields: [
    { label: '编号', value: 'No.7' },
    { label: '类型', value: '用款申请' },
    { label: '申请人', value: '冯磊（城建办）' },
    { label: '金额', value: '1,200.00 元' },
    { label: '事由', value: '购买打印纸'.repeat(10) },
    { label: '供应商', value: '青石商贸' },
    { label: '提交时间', value: '2026-07-01 09:00' },
  ],
  budget: { line: '城建办 / 办公费', before: '50,000.00 元', after: '48,800.00 元', note: '已冻结本笔', ok: true },
  route: [
    { name: '部门负责人审核', who: '钱伟', state: 'active', stateLabel: '待审批', tone: 'warning', light: 'yellow', lightLabel: '黄灯：即将超时' },
    { name: '分管领导审批', who: '刘晓燕', state: 'waiting', stateLabel: '未开始', tone: 'neutral', light: null },
  ],
  flags: [],
  buttons: (['approve', 'reject', 'return', 'transfer'] as const).map((action) => ({
    action,
    label: action === 'return' ? '退回修改' : action,
    style: 'default' as const,
    requestId,
    stepId,
  })),
  ...over,
});

describe('button keys', () => {
  it('round-trip and refuse anything that is not ours', () => {
    const key = encodeButtonKey({ action: 'approve', requestId, stepId });
    expect(decodeButtonKey(key)).toEqual({ action: 'approve', requestId, stepId });
    expect(decodeButtonKey(encodeButtonKey({ action: 'submit', requestId }))).toEqual({ action: 'submit', requestId, stepId: undefined });
    expect(decodeButtonKey(encodeButtonKey({ action: 'view', requestId }))).toEqual({ action: 'view', requestId });
    expect(decodeButtonKey(encodeButtonKey({ action: 'pay', requestId }))).toEqual({ action: 'pay', requestId, stepId: undefined });
    expect(decodeButtonKey(encodeButtonKey({ action: 'link', requestId, parentRef: '12' }))).toEqual({ action: 'link', requestId, parentRef: '12' });
    expect(decodeButtonKey(`gj|link|${requestId}|`)).toBeNull();
    expect(decodeButtonKey(`gj|link|${requestId}|x12`)).toBeNull();
    // 修改 is never a button on WeCom: a key that claims it is not ours
    expect(decodeButtonKey(`gj|edit|${requestId}|`)).toBeNull();
    for (const bad of ['', 'approve', 'gj|delete|x|', `gj|approve|${requestId}|${stepId}|more`, 'gj|approve|../x|', 'xx|approve|a|b']) expect(decodeButtonKey(bad)).toBeNull();
  });
});

describe('renderTemplateCard', () => {
  it('makes a button_interaction card within the documented limits', () => {
    const t = renderTemplateCard(card(), { taskId: 'gj-abc' });
    expect(t).toMatchObject({ card_type: 'button_interaction', task_id: 'gj-abc', main_title: { title: '用款申请 · 1,200.00 元', desc: '状态：审批中 🟡' } });
    const rows = t.horizontal_content_list as { keyname: string; value: string }[];
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.keyname)).not.toContain('类型');
    expect(rows.every((r) => r.keyname.length <= 5 && Array.from(r.value).length <= 30)).toBe(true);
    const buttons = t.button_list as { text: string; key: string; style: number }[];
    expect(buttons.map((b) => decodeButtonKey(b.key)?.action)).toEqual(['approve', 'reject', 'return', 'transfer']);
    expect(Array.from(String(t.sub_title_text)).length).toBeLessThanOrEqual(160);
    expect(t.quote_area).toMatchObject({ title: '预算影响' });
    expect(t).not.toHaveProperty('replace_text');
  });

  it('gives a card without actions one view-only button, greyed out when updating', () => {
    const done = card({ status: { code: 'approved', label: '已通过', tone: 'success' }, buttons: [], footer: '已办结，卡片仅供查看' });
    const sent = renderTemplateCard(done, { taskId: 'gj-1' });
    expect(sent.button_list).toEqual([expect.objectContaining({ text: '已通过' })]);
    expect(sent).not.toHaveProperty('replace_text');
    const updated = renderTemplateCard(done, { taskId: 'gj-1', forUpdate: true });
    expect(updated).toMatchObject({ replace_text: '已通过' });
    expect(String(updated.sub_title_text)).toContain('已办结');
  });
});

describe('renderTemplateCard: the request’s page on the workbench', () => {
  const open = 'https://gj.example.cn/app/r/7';
  const page = `${open}?via=wecom`;
  type Button = { type: number; text: string; key?: string; url?: string; style: number };

  it('opens the page for 驳回 / 退回修改 / 转交, whose reason or person the card cannot take, while 同意 stays a tap', () => {
    const t = renderTemplateCard(card({ open }), { taskId: 'gj-open' });
    const buttons = t.button_list as Button[];
    expect(buttons.map((b) => [b.text, b.type])).toEqual([
      ['approve', 0],
      ['reject', 1],
      ['退回修改', 1],
      ['transfer', 1],
    ]);
    expect(decodeButtonKey(buttons[0]!.key!)).toEqual({ action: 'approve', requestId, stepId });
    expect(buttons.slice(1).every((b) => b.url === page && b.key === undefined)).toBe(true);
    // the whole card opens it too
    expect(t.card_action).toEqual({ type: 1, url: page });
  });

  it('opens the page for 确认付款, 修改 and a 提交 that needs the 化整为零 explanation; a card without such a button gets 「在工作台打开」', () => {
    const pay = renderTemplateCard(card({ open, buttons: [{ action: 'pay', label: '确认付款', style: 'primary', requestId, needs: ['payment'] }] }), { taskId: 'gj-p' });
    expect(pay.button_list).toEqual([{ type: 1, text: '确认付款', style: 1, url: page }]);
    const edit = { action: 'edit' as const, label: '修改', style: 'default' as const, requestId, needs: ['edit' as const] };
    const explain = { action: 'submit' as const, label: '提交', style: 'primary' as const, requestId, needs: ['comment' as const], commentLabel: '说明' };
    const draft = renderTemplateCard(card({ open, buttons: [explain, edit, { action: 'cancel', label: '取消', style: 'default', requestId }] }), { taskId: 'gj-d' });
    expect((draft.button_list as Button[]).map((b) => [b.text, b.type])).toEqual([
      ['提交', 1],
      ['修改', 1],
      ['取消', 0],
    ]);
    // 修改 is a button now: the card no longer says what to type
    expect(String(draft.sub_title_text)).not.toContain('/修改');
    const mine = renderTemplateCard(card({ open, buttons: [{ action: 'withdraw', label: '撤回', style: 'default', requestId }] }), { taskId: 'gj-w' });
    expect((mine.button_list as Button[]).map((b) => [b.text, b.type, b.url])).toEqual([
      ['撤回', 0, undefined],
      ['在工作台打开', 1, page],
    ]);
  });

  it('gives a card without actions the view-only button and 「在工作台打开」, greyed out together when updating', () => {
    const done = card({ open, status: { code: 'approved', label: '已通过', tone: 'success' }, buttons: [] });
    const sent = renderTemplateCard(done, { taskId: 'gj-v' });
    expect((sent.button_list as Button[]).map((b) => [b.text, b.type])).toEqual([
      ['已通过', 0],
      ['在工作台打开', 1],
    ]);
    expect(renderTemplateCard(done, { taskId: 'gj-v', forUpdate: true })).toMatchObject({ replace_text: '已通过', card_action: { type: 1, url: page } });
  });

  it('keeps at most six buttons, and adds 「在工作台打开」 only where there is room', () => {
    const links = [12, 13, 14].map((no) => ({ action: 'link' as const, label: `关联 No.${no}`, style: 'default' as const, requestId, parentRef: String(no) }));
    const full = card({
      open,
      buttons: [
        { action: 'submit', label: '提交', style: 'primary', requestId },
        ...links,
        { action: 'cancel', label: '取消', style: 'default', requestId },
        { action: 'withdraw', label: '撤回', style: 'default', requestId },
      ],
    });
    expect((renderTemplateCard(full, { taskId: 'gj-6' }).button_list as Button[]).map((b) => b.text)).toEqual(['提交', '关联 No.12', '关联 No.13', '关联 No.14', '取消', '撤回']);
  });
});

describe('renderTemplateCard: chains and payments', () => {
  const link = '关联：No.12 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标';
  const chain = {
    rows: [
      { no: 12, text: 'No.12 用款申请 60,000.00 元 · 已通过 · 已用 50,800.00，剩余 9,200.00', current: false, depth: 0 },
      { no: 13, text: 'No.13 合同审批 HT-2026-001 50,000.00 元 · 已通过 · 已用 800.00，剩余 49,200.00', current: false, depth: 1 },
      { no: 14, text: 'No.14 项目验收 第 1 期 15,000.00 元 · 已通过', current: false, depth: 2 },
      { no: 15, text: 'No.15 付款申请 800.00 元 · 待出纳付款', current: true, depth: 2 },
    ],
    summary: '全链：已承诺 60,000.00 元，已支出 0.00 元，剩余 59,200.00 元',
  };
  const payCard = (over: Partial<Card> = {}) =>
    card({
      status: { code: 'approved', label: '已通过', tone: 'success' },
      budget: { line: '城建办 / 办公费', after: '48,800.00 元', note: '已冻结，待出纳付款；从关联申请的承诺中支出，不再占用指标', ok: true },
      route: [{ name: '部门负责人审核', who: '钱伟', state: 'approved', stateLabel: '已同意', tone: 'success', light: null }],
      flags: [{ code: 'payment_due', text: '已审批，待出纳确认付款', tone: 'warning' }],
      buttons: [{ action: 'pay', label: '确认付款', style: 'primary', requestId, needs: ['payment'] }],
      link,
      ...over,
    });

  it('puts the 关联 sentence above the budget effect, and sends 确认付款 as a button whose key round-trips', () => {
    const t = renderTemplateCard(payCard(), { taskId: 'gj-pay' });
    const quote = t.quote_area as { title: string; quote_text: string };
    expect(quote.title).toBe('预算影响');
    expect(quote.quote_text.split('\n')).toEqual([link, '城建办 / 办公费', '可用 48,800.00 元（已冻结，待出纳付款；从关联申请的承诺中支出，不再占用指标）']);
    const buttons = t.button_list as { text: string; key: string; style: number }[];
    expect(buttons).toEqual([{ type: 0, text: '确认付款', style: 1, key: encodeButtonKey({ action: 'pay', requestId }) }]);
    expect(decodeButtonKey(buttons[0]!.key)).toEqual({ action: 'pay', requestId, stepId: undefined });
    expect(String(t.sub_title_text)).toContain('⚠ 已审批，待出纳确认付款');
  });

  it('shows a 验收’s link alone when it has no budget effect', () => {
    const t = renderTemplateCard(payCard({ budget: undefined, link: '关联：合同 HT-2026-001，验收第 1 期' }), { taskId: 'gj-a' });
    expect(t.quote_area).toEqual({ type: 0, title: '关联', quote_text: '关联：合同 HT-2026-001，验收第 1 期' });
    expect(renderTemplateCard(card({ link: undefined, budget: undefined }), { taskId: 'gj-b' })).not.toHaveProperty('quote_area');
  });

  it('lists a short chain row by row, indented, the card’s own request marked', () => {
    const short = { rows: chain.rows.slice(0, 2).map((r, i) => ({ ...r, text: r.text.slice(0, 20), current: i === 1 })), summary: '全链：已承诺 600.00 元' };
    const text = String(renderTemplateCard(payCard({ chain: short, flags: [] }), { taskId: 'gj-c' }).sub_title_text);
    expect(text.split('\n')).toEqual(['1. 部门负责人审核：钱伟（已同意）', '关联链：', `· ${short.rows[0]!.text}`, `\u3000▶ ${short.rows[1]!.text}`, '全链：已承诺 600.00 元']);
  });

  it('keeps a chain of four within 160 characters: its totals and the command that shows it whole', () => {
    const t = renderTemplateCard(payCard({ chain, footer: '您在本申请中暂无待办操作' }), { taskId: 'gj-d' });
    const text = String(t.sub_title_text);
    expect(Array.from(text).length).toBeLessThanOrEqual(160);
    expect(text.split('\n')).toEqual(['1. 部门负责人审核：钱伟（已同意）', '⚠ 已审批，待出纳确认付款', chain.summary, '发送 /关联 15 查看全链', '您在本申请中暂无待办操作']);
  });
});

describe('renderTemplateCard: 修改 and earlier rounds', () => {
  const changes = [{ label: '金额', from: '1,200.00 元', to: '1,500.00 元' }];
  const history = [{ round: 1, title: '第 1 轮 · 退回修改', lines: ['11-30 10:12 钱伟 退回修改：请补充报价单'], changes }];
  const edit = {
    action: 'edit' as const,
    label: '修改',
    style: 'default' as const,
    requestId,
    needs: ['edit' as const],
    edit: { amount: '1500.00', purpose: '购买打印纸', subject: '办公费', project: '', supplier: '' },
  };
  const returned = card({
    status: { code: 'returned', label: '已退回修改', tone: 'warning' },
    route: [{ name: '部门负责人审核', who: '钱伟', state: 'returned', stateLabel: '已退回', tone: 'warning', light: null, detail: '钱伟 退回修改：请补充报价单' }],
    changes,
    buttons: [
      { action: 'resubmit', label: '重新提交', style: 'primary', requestId },
      { action: 'link', label: '关联 No.12', style: 'default', requestId, parentRef: '12' },
      { action: 'link', label: '关联 No.13', style: 'default', requestId, parentRef: '13' },
      { action: 'link', label: '关联 No.14', style: 'default', requestId, parentRef: '14' },
      edit,
      { action: 'cancel', label: '取消申请', style: 'default', requestId },
    ],
  });

  it('leaves 修改 off (it needs a form), keeping every other button, and says what to type instead', () => {
    const t = renderTemplateCard(returned, { taskId: 'gj-e' });
    const buttons = t.button_list as { text: string; key: string }[];
    expect(buttons.map((b) => b.text)).toEqual(['重新提交', '关联 No.12', '关联 No.13', '关联 No.14', '取消申请']);
    expect(buttons.map((b) => decodeButtonKey(b.key)?.action)).not.toContain('edit');
    expect(String(t.sub_title_text).split('\n')).toEqual([
      '1. 部门负责人审核：钱伟（已退回） 钱伟 退回修改：请补充报价单',
      '本轮修改：金额 1,200.00 元 → 1,500.00 元',
      '要修改，请发送 /修改 7 金额=… 事由=…（只写要改的项）',
    ]);
    // a card whose only button is 修改 still has a button WeCom accepts: the view-only one
    const onlyEdit = renderTemplateCard(card({ buttons: [edit] }), { taskId: 'gj-f' });
    expect((onlyEdit.button_list as { key: string }[]).map((b) => decodeButtonKey(b.key)?.action)).toEqual(['view']);
  });

  it('counts the earlier rounds it cannot show, and names the command, when there is room', () => {
    const resubmitted = card({ changes, history, flags: [] });
    const text = String(renderTemplateCard(resubmitted, { taskId: 'gj-g' }).sub_title_text);
    expect(text.split('\n')).toEqual([
      '1. 部门负责人审核：钱伟（待审批🟡）',
      '2. 分管领导审批：刘晓燕（未开始）',
      '本轮修改：金额 1,200.00 元 → 1,500.00 元',
      '已退回 1 次，发送 /进度 7 查看',
    ]);
    // returned a second time: the round on the card is one more return
    const again = card({ status: { code: 'returned', label: '已退回修改', tone: 'warning' }, changes: undefined, history, buttons: [] });
    expect(String(renderTemplateCard(again, { taskId: 'gj-h' }).sub_title_text)).toContain('已退回 2 次，发送 /进度 7 查看');
    // no room: the route, the changes and the flags come first, the count is left off
    const crowded = card({
      changes,
      history,
      flags: Array.from({ length: 3 }, () => ({ code: 'overdue' as const, text: '当前环节已超时（红灯）'.repeat(2), tone: 'danger' as const })),
    });
    const full = String(renderTemplateCard(crowded, { taskId: 'gj-i' }).sub_title_text);
    expect(Array.from(full).length).toBeLessThanOrEqual(160);
    expect(full).toContain('本轮修改：');
    expect(full).not.toContain('/进度');
  });
});

describe('renderTemplateCard: 附件', () => {
  const file = (seq: number, kind: string, name: string, over: Partial<CardAttachment> = {}): CardAttachment => ({
    seq,
    kind,
    text: `${name}（${seq * 100} KB）`,
    url: `https://gj.example.cn/files/${seq}?sig=abc`,
    removed: false,
    removable: true,
    ...over,
  });
  const draft = (attachments: CardAttachments, over: Partial<Card> = {}) =>
    card({
      status: { code: 'draft', label: '草稿', tone: 'neutral' },
      budget: undefined,
      flags: [],
      buttons: [{ action: 'cancel', label: '取消', style: 'default', requestId }],
      attachments,
      ...over,
    });
  const rowsOf = (t: Record<string, unknown>) => t.horizontal_content_list as { type?: number; keyname: string; value: string; url?: string }[];

  it('opens the first files from link rows after the fields, and says in red-flag text what is missing', () => {
    const t = renderTemplateCard(
      draft({
        files: [file(1, '发票', 'invoice.pdf'), file(2, '验收报告', '验收单.png')],
        present: ['✓ 发票'],
        missing: ['合同'],
        missingText: '缺：合同',
        hint: '在对话中发送文件即可添加附件',
      }),
      { taskId: 'gj-f1' },
    );
    const rows = rowsOf(t);
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 4).map((r) => r.keyname)).toEqual(['编号', '申请人', '金额', '事由']);
    expect(rows.slice(4)).toEqual([
      { type: 1, keyname: '发票', value: 'invoice.pdf（100 KB）', url: 'https://gj.example.cn/files/1?sig=abc' },
      { type: 1, keyname: '验收报告', value: '验收单.png（200 KB）', url: 'https://gj.example.cn/files/2?sig=abc' },
    ]);
    const text = String(t.sub_title_text).split('\n');
    expect(text).toContain('⚠ 缺：合同');
    expect(text.at(-1)).toBe('在对话中发送文件即可添加附件');
    expect(t).not.toHaveProperty('jump_list'); // a button_interaction card has none (document/path/90236)
  });

  it('lists the files without a row, taken-off ones too, on one clipped line', () => {
    const files = [
      file(1, '发票', 'a.pdf'),
      file(2, '合同', 'b.pdf', { note: '第 1 轮' }),
      file(3, '发票', 'c.pdf', { removed: true, note: '已撤下', removable: false }),
      file(4, '其他', 'd.jpg'),
      file(5, '其他', `${'很长的文件名'.repeat(8)}.xlsx`),
    ];
    const t = renderTemplateCard(draft({ files, present: ['✓ 发票', '✓ 合同'], missing: [] }), { taskId: 'gj-f2' });
    const links = rowsOf(t).filter((r) => r.type === 1);
    expect(links.map((r) => r.value)).toEqual(['a.pdf（100 KB）', 'b.pdf（200 KB） 第 1 轮']);
    const line = String(t.sub_title_text)
      .split('\n')
      .find((l) => l.startsWith('附件：'))!;
    expect(line.startsWith('附件：发票 c.pdf（300 KB）（已撤下）；其他 d.jpg（400 KB）；其他 很长')).toBe(true);
    expect(Array.from(line).length).toBeLessThanOrEqual(60);
    expect(rowsOf(t).every((r) => r.keyname.length <= 5 && Array.from(r.value).length <= 30)).toBe(true);
  });

  it('gives files up to three rows when the request has few fields, never pushing out 编号', () => {
    const few = draft({ files: [1, 2, 3, 4].map((n) => file(n, '发票', `${n}.pdf`)), present: [], missing: [] }, { fields: card().fields.slice(0, 4) });
    const rows = rowsOf(renderTemplateCard(few, { taskId: 'gj-f3' }));
    expect(rows.map((r) => r.keyname)).toEqual(['编号', '申请人', '金额', '发票', '发票', '发票']);
  });

  it('keeps what is missing when the text is crowded, and drops the hint first', () => {
    const crowded = draft(
      { files: [], present: [], missing: ['发票', '合同'], missingText: '缺：发票、合同', hint: '在对话中发送文件即可添加附件' },
      { flags: Array.from({ length: 5 }, () => ({ code: 'overdue' as const, text: '当前环节已超时（红灯）'.repeat(2), tone: 'danger' as const })) },
    );
    const text = String(renderTemplateCard(crowded, { taskId: 'gj-f4' }).sub_title_text);
    // after the route, before the flags that may run past the end
    expect(Array.from(text).length).toBeLessThanOrEqual(160);
    expect(text.split('\n')[2]).toBe('⚠ 缺：发票、合同');
    expect(text).not.toContain('在对话中发送文件');
  });

  it('renders 移除 and attach buttons whose keys carry the file and the kind; a 移除 without a file is left off', () => {
    const t = renderTemplateCard(
      draft(
        { files: [file(1, '发票', 'a.pdf')], present: [], missing: [] },
        {
          buttons: [
            { action: 'detach', label: '移除附件 1', style: 'danger', requestId, attach: { seq: 1 } },
            { action: 'detach', label: '移除', style: 'danger', requestId },
            { action: 'attach', label: '作为发票', style: 'primary', requestId, attach: { heldId: 'held-7', kind: '发票' } },
          ],
        },
      ),
      { taskId: 'gj-f5' },
    );
    const keys = (t.button_list as { key: string }[]).map((b) => decodeButtonKey(b.key));
    expect(keys).toEqual([
      { action: 'detach', requestId, seq: 1 },
      { action: 'attach', requestId, heldId: 'held-7', kind: '发票' },
    ]);
  });
});

describe('renderTemplateCard: 「附到哪一笔？」', () => {
  it('names each request in a row WeCom can show, and each button places the held file under its kind', () => {
    const choice = renderAttachChoice({
      kind: 'attachment.choose',
      name: 'invoice.jpg',
      heldId: 'held-1',
      choices: [
        { no: 12, requestId: 'r12', type: '费用报销', kinds: ['发票', '其他'], missing: ['发票'] },
        { no: 15, requestId: 'r15', type: '采购申请', kinds: ['询价记录', '其他'], missing: [] },
      ],
    });
    const t = renderTemplateCard(choice, { taskId: 'gj-choice' });
    expect(t.horizontal_content_list).toEqual([
      { keyname: 'No.12', value: '费用报销 · 缺：发票' },
      { keyname: 'No.15', value: '采购申请 · 要件已齐' },
    ]);
    const buttons = t.button_list as { text: string; key: string; style: number }[];
    expect(buttons.map((b) => b.text)).toEqual(['No.12·发票（…', 'No.12·其他', 'No.15·询价记录', 'No.15·其他']);
    expect(buttons.every((b) => Array.from(b.text).length <= 10)).toBe(true);
    expect(buttons.map((b) => decodeButtonKey(b.key))).toEqual([
      { action: 'attach', requestId: 'r12', heldId: 'held-1', kind: '发票' },
      { action: 'attach', requestId: 'r12', heldId: 'held-1', kind: '其他' },
      { action: 'attach', requestId: 'r15', heldId: 'held-1', kind: '询价记录' },
      { action: 'attach', requestId: 'r15', heldId: 'held-1', kind: '其他' },
    ]);
    expect(String(t.sub_title_text)).toContain('/附件 12 发票');
  });
});

describe('splitText', () => {
  it('keeps every part within 2048 bytes and loses nothing', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `· 第 ${i} 条：【红灯】No.${i} 冯磊 的用款申请「部门负责人审核」已超时`);
    const long = `${lines.join('\n')}\n${'长'.repeat(1000)}`;
    const parts = splitText(long);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => Buffer.byteLength(p) <= 2048)).toBe(true);
    expect(parts.join('\n').replace(/\n/g, '')).toBe(long.replace(/\n/g, ''));
    expect(splitText('短消息')).toEqual(['短消息']);
  });
});

describe('toInbound', () => {
  const now = new Date('2026-07-01T01:00:00Z');
  it('maps a text message to a command keyed by MsgId', () => {
    const r = toInbound({ MsgType: 'text', FromUserName: 'FengLei', CreateTime: '1782867600', Content: '/预算', MsgId: '4561255354251345929' }, now);
    expect(r.kind).toBe('event');
    const event = r.kind === 'event' ? InboundEventSchema.parse(r.event) : null;
    expect(event).toMatchObject({
      kind: 'command',
      account: 'FengLei',
      dedupeKey: 'wecom:msg:4561255354251345929',
      text: '/预算',
      conversation: { kind: 'direct', id: 'FengLei' },
    });
  });

  it('maps a card tap to a button event keyed by user, time, card and button, keeping its code', () => {
    const key = encodeButtonKey({ action: 'approve', requestId, stepId });
    const tap = { MsgType: 'event', Event: 'template_card_event', FromUserName: 'QianWei', CreateTime: '1782867601', EventKey: key, TaskId: 'gj-1', ResponseCode: 'rc-1' };
    const r = toInbound(tap, now);
    expect(r).toMatchObject({ kind: 'event', code: { taskId: 'gj-1', code: 'rc-1' } });
    expect(r.kind === 'event' && InboundEventSchema.parse(r.event)).toMatchObject({
      kind: 'button',
      action: 'approve',
      requestId,
      stepId,
      comment: '',
      dedupeKey: `wecom:evt:QianWei:1782867601:gj-1:${key}`,
    });
    expect(toInbound({ ...tap, EventKey: encodeButtonKey({ action: 'view', requestId }) }, now)).toEqual({ kind: 'code', code: { taskId: 'gj-1', code: 'rc-1' } });
    expect(toInbound({ ...tap, EventKey: 'someone-elses-key' }, now).kind).toBe('ignore');
    expect(toInbound({ MsgType: 'event', Event: 'enter_agent', FromUserName: 'QianWei', CreateTime: '1' }, now).kind).toBe('ignore');
    // a picture without its MediaId (test/unit/wecom-inbound.test.ts has the ones with)
    expect(toInbound({ MsgType: 'image', FromUserName: 'QianWei', CreateTime: '1', MsgId: '5' }, now).kind).toBe('ignore');
  });
});

describe('parseGroupTarget', () => {
  it('tells a group robot from an app group chat', () => {
    expect(parseGroupTarget('robot:abc')).toEqual({ kind: 'robot', key: 'abc' });
    expect(parseGroupTarget('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1')).toEqual({ kind: 'robot', key: 'k-1' });
    expect(parseGroupTarget('693a91f6-7c2e-4bc4-97a0-0ec2d1fa5aaa')).toEqual({ kind: 'robot', key: '693a91f6-7c2e-4bc4-97a0-0ec2d1fa5aaa' });
    expect(parseGroupTarget('wrGjSupervision01')).toEqual({ kind: 'appchat', chatId: 'wrGjSupervision01' });
  });
});

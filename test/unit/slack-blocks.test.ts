// The Block Kit rendering of cards, digests and links: what a person sees on Slack, and that Slack
// would take it (the same Block Kit checks the fake Slack refuses a message with).
import { describe, expect, it } from 'vitest';
import { renderSlackCard, renderSlackDigest, renderSlackLink, slackText, OPEN_ACTION_ID, type Block } from '../../adapters/slack/slack-blocks.js';
import { decodeButton } from '../../adapters/slack/slack-buttons.js';
import type { Card } from '../../bot/card-model.js';
import { renderAttachChoice } from '../../bot/cards/render-attach-choice.js';
import { renderRequestCard } from '../../bot/cards/render-request-card.js';
import { SignedFileLinks } from '../../bot/files/file-links.js';
import type { RequestView, StepSnapshot } from '../../workflows/service/workflow-service.js';
import { blockProblems, SLACK_LIMITS } from '../helpers/fake-slack.js';

const NOW = new Date('2026-11-23T03:00:00Z');
const links = new SignedFileLinks('a-secret-for-file-links-in-tests', 7, () => NOW);
links.base = 'https://guanjia.example.gov.cn';

/** 冯磊's 用款申请 No.7, at 钱伟's step (yellow), then 吴刚's */
function view(steps: Partial<StepSnapshot>[] = [{ state: 'active', light: 'yellow', assignees: ['qianwei'] }, { assignees: ['wugang'] }]): RequestView {
  const allotted = 5_000_000n;
  return {
    request: {
      id: 'r1',
      no: 7,
      type: '用款申请',
      amount: 120_000n,
      status: 'in_approval',
      requesterId: 'fenglei',
      departmentId: 'cjb',
      purpose: '购买打印纸 <A4> & 硒鼓',
      supplier: '青石商贸',
      submittedAt: NOW,
      returnCount: 0,
      route: { policyVersion: 1, steps: [], merged: [] },
      kind: 'direct',
      instalment: null,
      settledAt: null,
    },
    line: { id: 'cjb-office', name: '城建办 / 办公费', subject: '办公费', project: '', allotted, adjusted: 0n, frozen: 120_000n, committed: 0n, spent: 0n },
    link: null,
    chain: null,
    payment: null,
    contract: null,
    adjustment: null,
    settleable: false,
    linkCandidates: [],
    linkRequired: false,
    steps: steps.map((s, index) => ({
      id: `r1.1.${index}`,
      index,
      name: ['部门负责人审核', '财务审核'][index] ?? `环节${index + 1}`,
      mode: '依次',
      state: 'waiting',
      assignees: ['qianwei'],
      approvedBy: [],
      collective: false,
      light: 'green',
      activatedAt: s.state === 'active' ? NOW : null,
      dueAt: null,
      ...s,
    })),
    round: 1,
    earlierRounds: [],
    revisions: [],
    decisions: [],
    names: {
      people: new Map([
        ['fenglei', '冯磊'],
        ['qianwei', '钱伟'],
        ['wugang', '吴刚'],
      ]),
      departments: new Map([['cjb', '城建办']]),
      lines: new Map([['cjb-office', '城建办 / 办公费']]),
    },
    delegations: [],
    returnsBeforeAlert: 2,
    attachments: [],
    requiredAttachments: [],
    alerts: [],
    splitPurchaseBlocks: false,
  };
}

const textOf = (blocks: Block[]): string => JSON.stringify(blocks);
const buttonsOf = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as { action_id: string; value?: string; url?: string; style?: string; text: { text: string } }[];

describe('renderSlackCard', () => {
  it('shows 钱伟 the request with its light in emoji and words, the budget effect, and his four decisions', () => {
    const card = renderRequestCard(view(), 'qianwei', NOW, 'Asia/Shanghai', links);
    const { text, blocks } = renderSlackCard(card);
    expect(text).toBe('【审批中】用款申请 · 1,200.00 元');
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '用款申请 · 1,200.00 元', emoji: true } });
    const all = textOf(blocks);
    expect(all).toContain('状态：审批中');
    expect(all).toContain('🟡 黄灯：即将超时');
    expect(all).toContain('1. 部门负责人审核 · 钱伟 · 待审批');
    expect(all).toContain('预算影响');
    expect(all).toContain('城建办 / 办公费 可用：');
    // the requester's words, escaped for mrkdwn
    expect(all).toContain('购买打印纸 &lt;A4&gt; &amp; 硒鼓');
    expect(all).not.toContain('<A4>');
    const buttons = buttonsOf(blocks);
    const taps = buttons.filter((b) => b.action_id !== OPEN_ACTION_ID).map((b) => decodeButton(b.action_id, b.value));
    expect(taps.map((t) => t?.action)).toEqual(card.buttons.map((b) => b.action));
    expect(taps.every((t) => t?.requestId === 'r1' && t.stepId === 'r1.1.0')).toBe(true);
    for (const [i, b] of card.buttons.entries()) expect(buttons[i]?.style).toBe(b.style === 'default' ? undefined : b.style);
    // 「在工作台打开」: the request's page, opened from Slack
    const open = buttons.find((b) => b.action_id === OPEN_ACTION_ID);
    expect(open?.text.text).toBe('在工作台打开');
    expect(open?.url).toBe('https://guanjia.example.gov.cn/app/r/7?via=slack');
    expect(blockProblems(blocks)).toEqual([]);
  });

  it('gives the requester, who has nothing to decide, no decision buttons', () => {
    const { blocks } = renderSlackCard(renderRequestCard(view(), 'fenglei', NOW, 'Asia/Shanghai', links));
    const actions = buttonsOf(blocks).map((b) => b.action_id.split(':')[1]);
    expect(actions).not.toContain('approve');
    expect(blockProblems(blocks)).toEqual([]);
  });

  it('lays out a closed card with its chain, changes, earlier rounds, attachments, flags and footer', () => {
    const card: Card = {
      requestId: 'r9',
      title: '付款申请 · 30,000.00 元',
      status: { code: 'approved', label: '已通过', tone: 'success' },
      fields: [{ label: '编号', value: 'No.9' }],
      link: '关联：合同 HT-2026-001，验收第 1 期',
      chain: {
        rows: [
          { no: 3, text: 'No.3 合同 50,000.00 元 · 已通过', current: false, depth: 0 },
          { no: 9, text: 'No.9 付款 30,000.00 元 · 已通过', current: true, depth: 1 },
        ],
        summary: '全链：已承诺 50,000.00 元，已支出 30,000.00 元，剩余 20,000.00 元',
      },
      route: [{ name: '财务审核', who: '吴刚', state: 'approved', stateLabel: '已同意', tone: 'success', light: null, detail: '吴刚 同意：票据齐全' }],
      changes: [{ label: '金额', from: '1,200.00 元', to: '1,500.00 元' }],
      history: [
        { round: 1, title: '第 1 轮 · 退回修改', lines: ['11-30 10:12 钱伟 退回修改：请补充报价单'], changes: [{ label: '金额', from: '1,000.00 元', to: '1,200.00 元' }] },
      ],
      attachments: {
        files: [
          { seq: 1, kind: '发票', text: 'invoice.pdf（213 KB）', url: 'https://guanjia.example.gov.cn/files/a?sig=x|y', removed: false, removable: false },
          { seq: 2, kind: '其他', text: 'old.pdf（1 KB）', url: 'https://guanjia.example.gov.cn/files/b', note: '已撤下', removed: true, removable: false },
        ],
        present: ['✓ 发票'],
        missing: ['合同'],
        missingText: '缺：合同',
        hint: '补充附件：在与管家的单聊中直接发送图片或文件',
      },
      flags: [{ code: 'settled', text: '已结清', tone: 'success' }],
      buttons: [],
      footer: '已办结，卡片仅供查看',
    };
    const { blocks } = renderSlackCard(card);
    const all = textOf(blocks);
    expect(all).toContain('▶ *No.9 付款 30,000.00 元 · 已通过*');
    expect(all).toContain('\u3000▶');
    expect(all).toContain('金额 1,200.00 元 → 1,500.00 元');
    expect(blocks.filter((b) => b.type === 'context').map((b) => JSON.stringify(b))).toEqual(
      expect.arrayContaining([expect.stringContaining('第 1 轮 · 退回修改'), expect.stringContaining('已办结，卡片仅供查看'), expect.stringContaining('全链')]),
    );
    // the file links, the | in a URL kept from ending it, the taken-off one struck through
    expect(all).toContain('1、<https://guanjia.example.gov.cn/files/a?sig=x%7Cy|发票 · invoice.pdf（213 KB）>');
    expect(all).toContain('2、~<https://guanjia.example.gov.cn/files/b|其他 · old.pdf（1 KB）>~ _已撤下_');
    expect(all).toContain('缺：合同');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '已办结，卡片仅供查看' }] });
    expect(blockProblems(blocks)).toEqual([]);
  });

  it('stays within Slack’s limits however much a card holds, keeping the head, the buttons and the footer', () => {
    const long = (n: number) => '很长的文字'.repeat(n);
    const card: Card = {
      requestId: 'r1',
      title: long(60),
      status: { code: 'in_approval', label: '审批中', tone: 'info' },
      fields: Array.from({ length: 23 }, (_, i) => ({ label: `字段${i}`, value: i === 0 ? long(1000) : `值${i}` })),
      budget: { line: '城建办 / 办公费', before: '1.00 元', after: '0.00 元', ok: false, problem: long(900) },
      route: Array.from({ length: 120 }, (_, i) => ({
        name: `环节${i}`,
        who: '钱伟',
        state: 'waiting' as const,
        stateLabel: '未开始',
        tone: 'neutral' as const,
        light: null,
        detail: long(5),
      })),
      history: Array.from({ length: 60 }, (_, i) => ({ round: i + 1, title: `第 ${i + 1} 轮 · 退回修改`, lines: [long(800)], changes: [] })),
      flags: [{ code: 'overdue', text: '当前环节已超时（红灯）', tone: 'danger' }],
      buttons: Array.from({ length: 30 }, (_, i) => ({
        action: 'attach' as const,
        label: `No.${i} · ${long(30)}`,
        style: 'default' as const,
        requestId: `r${i}`,
        attach: { heldId: 'h', kind: '发票' },
      })),
      footer: '这是页脚',
      open: 'https://guanjia.example.gov.cn/app/r/1',
    };
    const { blocks } = renderSlackCard(card);
    expect(blockProblems(blocks)).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    // 23 fields: three sections of at most ten
    expect(blocks.filter((b) => b.type === 'section' && 'fields' in b && b.fields).map((b) => (b as { fields: unknown[] }).fields.length)).toEqual([10, 10, 3]);
    // every button (30 taps and the page link: two actions blocks), the footer last
    expect(buttonsOf(blocks)).toHaveLength(31);
    expect(buttonsOf(blocks).every((b) => b.text.text.length <= 75)).toBe(true);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '这是页脚' }] });
    // what did not fit is said
    expect(textOf(blocks)).toMatch(/另有 \d+ 项未能显示，请在工作台查看/);
  });

  it('renders the 「附到哪一笔？」 card as buttons that file the held file', () => {
    const card = renderAttachChoice({
      kind: 'attachment.choose',
      name: 'invoice.jpg',
      heldId: 'held-1',
      choices: [{ no: 12, requestId: 'r12', type: '费用报销', kinds: ['发票', '其他'], missing: ['发票'] }],
    });
    const { blocks } = renderSlackCard(card);
    const taps = buttonsOf(blocks).map((b) => decodeButton(b.action_id, b.value));
    expect(taps).toEqual([
      expect.objectContaining({ action: 'attach', requestId: 'r12', attach: { heldId: 'held-1', kind: '发票' } }),
      expect.objectContaining({ attach: { heldId: 'held-1', kind: '其他' } }),
    ]);
    expect(blockProblems(blocks)).toEqual([]);
  });
});

describe('digests, links and texts', () => {
  it('puts a digest’s lines in sections within the limits', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `No.${i} 用款申请 <超时> 已 ${i} 小时`);
    const { text, blocks } = renderSlackDigest('督办汇总（400 条）', lines);
    expect(text).toBe('督办汇总（400 条）');
    expect(blockProblems(blocks)).toEqual([]);
    expect(textOf(blocks)).toContain('• No.0 用款申请 &lt;超时&gt; 已 0 小时');
    expect(textOf(blocks)).toContain('No.399');
  });

  it('makes a link a message with one button to the page', () => {
    const { blocks } = renderSlackLink({
      title: '新建申请',
      text: '在工作台填写申请单。\n也可以直接发送。',
      button: '填写申请',
      url: 'https://guanjia.example.gov.cn/app/new?via=slack',
    });
    expect(buttonsOf(blocks)).toEqual([expect.objectContaining({ url: 'https://guanjia.example.gov.cn/app/new?via=slack', text: expect.objectContaining({ text: '填写申请' }) })]);
    expect(blockProblems(blocks)).toEqual([]);
  });

  it('escapes a text and keeps it within chat.postMessage’s limit', () => {
    expect(slackText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    const huge = slackText('&'.repeat(20_000));
    expect(huge.length).toBeLessThanOrEqual(40_000);
    expect(huge).toMatch(/(&amp;)+…$/);
  });
});

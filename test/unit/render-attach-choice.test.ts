import { describe, expect, it } from 'vitest';
import { renderAttachChoice } from '../../bot/cards/render-attach-choice.js';

describe('renderAttachChoice', () => {
  const notice = {
    kind: 'attachment.choose' as const,
    name: 'invoice.jpg',
    heldId: 'held-1',
    choices: [
      { no: 12, requestId: 'r12', type: '费用报销', kinds: ['发票', '其他'], missing: ['发票'] },
      { no: 15, requestId: 'r15', type: '采购申请', kinds: ['采购需求', '询价记录', '其他'], missing: ['询价记录'] },
    ],
  };

  it('offers one button per request and kind, missing kinds first, each placing the held file', () => {
    const card = renderAttachChoice(notice);
    expect(card.title).toBe('附件「invoice.jpg」附到哪一笔？');
    expect(card.buttons.map((b) => [b.label, b.requestId, b.attach])).toEqual([
      ['No.12 · 发票（缺）', 'r12', { heldId: 'held-1', kind: '发票' }],
      ['No.12 · 其他', 'r12', { heldId: 'held-1', kind: '其他' }],
      ['No.15 · 询价记录（缺）', 'r15', { heldId: 'held-1', kind: '询价记录' }],
      ['No.15 · 采购需求', 'r15', { heldId: 'held-1', kind: '采购需求' }],
      ['No.15 · 其他', 'r15', { heldId: 'held-1', kind: '其他' }],
    ]);
    expect(card.buttons.every((b) => b.action === 'attach')).toBe(true);
    expect(card.fields).toEqual([
      { label: 'No.12 费用报销', value: '缺：发票' },
      { label: 'No.15 采购申请', value: '缺：询价记录' },
    ]);
    expect(card.footer).toContain('/附件 15 询价记录');
  });

  it('keeps to six buttons and leaves the rest to the footer’s commands', () => {
    const many = { ...notice, choices: [...notice.choices, { no: 16, requestId: 'r16', type: '合同审批', kinds: ['合同文本', '其他'], missing: ['合同文本'] }] };
    const card = renderAttachChoice(many);
    expect(card.buttons).toHaveLength(6);
    expect(card.footer).toContain('/附件 16 合同文本');
  });
});

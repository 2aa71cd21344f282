// What a Slack message's text becomes as a command line, and the modal a button opens and what its
// submission gives.
import { describe, expect, it } from 'vitest';
import { encodeButton, type ButtonTap } from '../../adapters/slack/slack-buttons.js';
import { decodeMetadata, encodeMetadata, modalView, opensModal, readSubmission } from '../../adapters/slack/slack-modal.js';
import { commandText } from '../../adapters/slack/slack-text.js';

describe('commandText', () => {
  it('drops the bot mention, unescapes Slack markup and keeps another member as their id', () => {
    expect(commandText('<@U0BOT> 申请 办公费 1200 购买打印纸', 'U0BOT')).toBe('/申请 办公费 1200 购买打印纸');
    expect(commandText('/转交 12 <@U07QS2LIUXY|liuxiaoyan> 请代审', 'U0BOT')).toBe('/转交 12 U07QS2LIUXY 请代审');
    expect(commandText('申请 办公费 300 A&amp;B 公司 &lt;急&gt;')).toBe('/申请 办公费 300 A&B 公司 <急>');
    expect(commandText('申请 办公费 300 见 <https://example.org/q|报价单> <!here>')).toBe('/申请 办公费 300 见 报价单');
    expect(commandText('  ／预算 ')).toBe('／预算');
  });

  it('asks for /帮助 when nothing is left', () => {
    expect(commandText('', 'U0BOT')).toBe('/帮助');
    expect(commandText('<@U0BOT>', 'U0BOT')).toBe('/帮助');
  });
});

const tap = (action: ButtonTap['action'], extra: Partial<ButtonTap> = {}): ButtonTap => ({ action, requestId: 'r1', stepId: 'r1.1.0', ...extra });

describe('the modal of a tap', () => {
  it('opens for 驳回, 退回, 转交, a 三重一大 approval, 付款, 修改 and a labelled comment, not for a plain 同意', () => {
    expect(opensModal(tap('approve', { needs: ['comment'] }))).toBe(false);
    expect(opensModal(tap('approve', { needs: ['comment', 'meeting'] }))).toBe(true);
    expect(opensModal(tap('reject', { needs: ['comment'] }))).toBe(true);
    expect(opensModal(tap('return', { needs: ['comment'] }))).toBe(true);
    expect(opensModal(tap('transfer', { needs: ['transferTo', 'comment'] }))).toBe(true);
    expect(opensModal(tap('pay', { needs: ['payment'] }))).toBe(true);
    expect(opensModal(tap('submit', { needs: ['comment'], commentLabel: '请说明理由' }))).toBe(true);
    expect(opensModal(tap('submit'))).toBe(false);
  });

  it('collects a required reason and refuses a blank one in Chinese', () => {
    const view = modalView({ tap: tap('reject', { needs: ['comment'] }), card: { channel: 'D1', ts: '1.2' } });
    expect(view.title).toEqual({ type: 'plain_text', text: '驳回' });
    expect(view.blocks).toMatchObject([{ type: 'input', block_id: 'comment', optional: false, element: { type: 'plain_text_input', multiline: true } }]);
    expect(readSubmission(tap('reject', { needs: ['comment'] }), { comment: { value: { value: '  ' } } })).toEqual({ errors: { comment: '请填写驳回理由。' } });
    expect(readSubmission(tap('reject', { needs: ['comment'] }), { comment: { value: { value: ' 超标准 ' } } })).toEqual({ inputs: { comment: '超标准' } });
  });

  it('takes the chosen member as the transfer target, and the meeting record as a real date', () => {
    const transfer = tap('transfer', { needs: ['transferTo', 'comment'] });
    expect(modalView({ tap: transfer }).blocks.map((b) => b.block_id)).toEqual(['transfer', 'comment']);
    expect(readSubmission(transfer, { transfer: { value: { selected_user: null } }, comment: { value: { value: '' } } })).toEqual({ errors: { transfer: '请选择转交给谁。' } });
    expect(readSubmission(transfer, { transfer: { value: { selected_user: 'U07QS2LIUXY' } }, comment: { value: { value: null } } })).toEqual({
      inputs: { comment: '', transferTo: 'U07QS2LIUXY' },
    });

    const collective = tap('approve', { needs: ['comment', 'meeting'] });
    expect(readSubmission(collective, { meeting_date: { value: { selected_date: '2026-02-30' } }, minutes_no: { value: { value: '' } } })).toEqual({
      errors: { meeting_date: '会议日期应为实际存在的日期。', minutes_no: '请填写会议纪要编号。' },
    });
    expect(readSubmission(collective, { meeting_date: { value: { selected_date: '2026-11-20' } }, minutes_no: { value: { value: '党工委〔2026〕12号' } } })).toEqual({
      inputs: { comment: '', meeting: { date: '2026-11-20', minutesNo: '党工委〔2026〕12号' } },
    });
  });

  it('prefills 修改 and refuses an amount that is not one', () => {
    const edit = tap('edit', { needs: ['edit'], edit: { amount: '1200.00', purpose: '打印纸', subject: '办公费', project: '', supplier: '' } });
    const view = modalView({ tap: edit });
    expect(view.blocks.find((b) => b.block_id === 'edit_amount')).toMatchObject({ element: { initial_value: '1200.00' } });
    expect(readSubmission(edit, { edit_amount: { value: { value: '一千' } } })).toEqual({ errors: { edit_amount: '金额应是大于 0 的数字，例如 1200 或 1200.50。' } });
  });

  it('keeps the tap and card in metadata Slack takes, and refuses metadata that is not a tap of ours', () => {
    const button = encodeButton({ action: 'reject', label: '驳回', style: 'danger', requestId: 'r1', stepId: 'r1.1.0', needs: ['comment'] }, 1);
    const metadata = { tap: JSON.parse(button.value) as ButtonTap, card: { channel: 'D1', ts: '1.2' } };
    expect(decodeMetadata(encodeMetadata(metadata))).toEqual(metadata);
    const long = { tap: tap('edit', { needs: ['edit'], edit: { amount: '1', purpose: '事'.repeat(3000), subject: '', project: '', supplier: '' } }) };
    expect(encodeMetadata(long).length).toBeLessThanOrEqual(3000);
    expect(decodeMetadata(JSON.stringify({ tap: { action: 'approve' } }))).toBeNull();
    expect(decodeMetadata('not json')).toBeNull();
  });
});

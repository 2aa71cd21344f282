// Card taps against an in-memory fake of the service API: 确认付款 carries the voucher number and the
// payment date the card collected; 修改 carries the form's fields.
import { describe, expect, it } from 'vitest';
import { runButton } from '../../bot/commands/run-button.js';
import type { ButtonEvent } from '../../bot/inbound-event.js';
import { refusalText } from '../../bot/replies/error-text.js';
import type { AppError } from '../../workflows/domain/errors.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import { FakeWorkflowService } from '../helpers/fake-workflow-service.js';

const actor: Actor = { personId: 'hefang', platform: 'wecom', account: 'hefang' };

const tap = (over: Partial<ButtonEvent>): ButtonEvent => ({
  kind: 'button',
  platform: 'wecom',
  account: 'hefang',
  dedupeKey: 'wecom:tap-pay',
  at: '2026-11-30T01:00:00Z',
  action: 'pay',
  requestId: 'req-14',
  comment: '',
  ...over,
});

describe('runButton', () => {
  it('confirms a payment with the voucher number, the date and the tapped card', async () => {
    const fake = new FakeWorkflowService({ requests: new Map([[14, 'req-14']]) });
    await runButton({ service: fake.api }, actor, tap({ payment: { voucherNo: '记-0381', date: '2026-11-30' }, card: { responseCode: 'rc-1' } }));
    expect(fake.calls).toEqual([{ op: 'pay', actor, input: { requestId: 'req-14', voucherNo: '记-0381', paymentDate: '2026-11-30', card: { responseCode: 'rc-1' } } }]);
  });

  it('links a draft to the request chosen on its card, and refuses a tap that names none', async () => {
    const fake = new FakeWorkflowService();
    await runButton({ service: fake.api }, actor, tap({ action: 'link', requestId: 'req-15', parentRef: '12' }));
    expect(fake.calls).toEqual([{ op: 'link', actor, requestId: 'req-15', parentRef: '12' }]);
    await expect(runButton({ service: fake.api }, actor, tap({ action: 'link', requestId: 'req-15' }))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(fake.calls).toHaveLength(1);
  });

  it('passes an empty voucher number on when the card collected none, for the core to refuse', async () => {
    const fake = new FakeWorkflowService();
    await runButton({ service: fake.api }, actor, tap({}));
    expect(fake.calls).toEqual([{ op: 'pay', actor, input: { requestId: 'req-14', voucherNo: '', paymentDate: undefined, card: undefined } }]);
  });

  describe('修改 from the card form', () => {
    it('edits with the amount in 分, a field left empty meaning unchanged', async () => {
      const fake = new FakeWorkflowService();
      await runButton(
        { service: fake.api },
        actor,
        tap({ action: 'edit', requestId: 'req-15', edit: { amount: '1,500.00', purpose: ' 补充报价单后重新申请 ', subject: '', project: '', supplier: '青石商贸' } }),
      );
      expect(fake.calls).toEqual([
        { op: 'edit', actor, requestId: 'req-15', input: { amount: 150_000n, purpose: '补充报价单后重新申请', subject: undefined, project: undefined, supplier: '青石商贸' } },
      ]);
      await runButton({ service: fake.api }, actor, tap({ action: 'edit', requestId: 'req-15', edit: { amount: '  ', subject: '专用材料费' } }));
      expect(fake.calls[1]).toMatchObject({ op: 'edit', input: { amount: undefined, subject: '专用材料费' } });
    });

    it('refuses a bad amount with AMOUNT_INVALID, and a tap without the form with BAD_INPUT in Chinese', async () => {
      const fake = new FakeWorkflowService();
      await expect(runButton({ service: fake.api }, actor, tap({ action: 'edit', requestId: 'req-15', edit: { amount: '一千五' } }))).rejects.toMatchObject({
        code: 'AMOUNT_INVALID',
        details: { input: '一千五' },
      });
      const error = (await runButton({ service: fake.api }, actor, tap({ action: 'edit', requestId: 'req-15' })).catch((e: unknown) => e)) as AppError;
      expect(error).toMatchObject({ code: 'BAD_INPUT' });
      expect(refusalText(error.code, error.details)).toMatch(/^输入有误：没有收到要修改的内容.*\/修改 编号/);
      expect(fake.calls).toEqual([]);
    });
  });
});

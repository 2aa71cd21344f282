// A tap on a card button → the service call it stands for. The service answers the tapper itself,
// in the transaction of the change.
import { appError } from '../../workflows/domain/errors.js';
import { parseYuan } from '../../workflows/domain/money.js';
import type { Actor, EditInput } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import type { ButtonEvent } from '../inbound-event.js';

export async function runButton(deps: Pick<BotDeps, 'service'> & Partial<Pick<BotDeps, 'metrics'>>, actor: Actor, event: ButtonEvent): Promise<void> {
  switch (event.action) {
    case 'submit':
    case 'resubmit':
      // the comment box, when the card asked for one, carries the 化整为零 explanation
      return deps.service.requests.submit(actor, event.requestId, event.comment ? { explanation: event.comment } : undefined);
    case 'cancel':
    case 'withdraw':
      await deps.service.requests.withdraw(actor, event.requestId);
      return;
    case 'link':
      if (!event.parentRef) throw appError('BAD_INPUT', 'link tap without a parent', { problem: '没有选择要关联的申请' });
      await deps.service.requests.link(actor, event.requestId, event.parentRef);
      return;
    case 'edit':
      await deps.service.requests.edit(actor, event.requestId, editInput(event));
      return;
    case 'approve':
    case 'reject':
    case 'return':
    case 'transfer':
      await deps.service.requests.decide(actor, {
        requestId: event.requestId,
        stepId: event.stepId,
        action: event.action,
        comment: event.comment,
        transferTo: event.transferTo,
        meeting: event.meeting,
        card: event.card,
      });
      deps.metrics?.decision(event.action);
      return;
    case 'attach':
      // a held file placed from the "which request?" choice; with none held, the next file goes there
      if (event.attach?.heldId) await deps.service.attachments.place(actor, event.attach.heldId, event.requestId, event.attach.kind);
      else await deps.service.attachments.direct(actor, event.requestId, event.attach?.kind);
      return;
    case 'detach':
      if (!event.attach?.seq) throw appError('BAD_INPUT', 'detach tap without a file', { problem: '没有指明要撤下哪个附件' });
      await deps.service.attachments.remove(actor, event.requestId, event.attach.seq);
      return;
    case 'acknowledge_alert':
    case 'close_alert': {
      if (!event.alertNo) throw appError('BAD_INPUT', 'alert tap without its number', { problem: '没有指明是哪一条告警' });
      if (event.action === 'acknowledge_alert') await deps.service.supervision.acknowledge(actor, event.alertNo);
      else await deps.service.supervision.close(actor, event.alertNo, event.comment);
      return;
    }
    case 'pay':
      // an empty voucher number is the core's to refuse (PAYMENT_VOUCHER_REQUIRED), with the words to fix it
      await deps.service.requests.pay(actor, { requestId: event.requestId, voucherNo: event.payment?.voucherNo ?? '', paymentDate: event.payment?.date, card: event.card });
      return;
  }
}

/** 修改 from a card form: a field left empty is left unchanged (the form is prefilled with the current values). */
function editInput(event: ButtonEvent): EditInput {
  if (!event.edit) throw appError('BAD_INPUT', 'edit tap without the form', { problem: '没有收到要修改的内容，请在卡片上填写后再点「修改」，或发送 /修改 编号 金额=… 事由=…' });
  const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const amount = given(event.edit.amount);
  return {
    amount: amount === undefined ? undefined : parseYuan(amount),
    purpose: given(event.edit.purpose),
    subject: given(event.edit.subject),
    project: given(event.edit.project),
    supplier: given(event.edit.supplier),
  };
}

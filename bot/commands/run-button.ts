// A tap on a card button → the service call it stands for. The service answers the tapper itself,
// in the transaction of the change.
import { appError } from '../../workflows/domain/errors.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import type { ButtonEvent } from '../inbound-event.js';

export async function runButton(deps: Pick<BotDeps, 'service'>, actor: Actor, event: ButtonEvent): Promise<void> {
  switch (event.action) {
    case 'submit':
    case 'resubmit':
      return deps.service.requests.submit(actor, event.requestId);
    case 'cancel':
    case 'withdraw':
      await deps.service.requests.withdraw(actor, event.requestId);
      return;
    case 'link':
      if (!event.parentRef) throw appError('BAD_INPUT', 'link tap without a parent', { problem: '没有选择要关联的申请' });
      await deps.service.requests.link(actor, event.requestId, event.parentRef);
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
      return;
    case 'pay':
      // an empty voucher number is the core's to refuse (PAYMENT_VOUCHER_REQUIRED), with the words to fix it
      await deps.service.requests.pay(actor, { requestId: event.requestId, voucherNo: event.payment?.voucherNo ?? '', paymentDate: event.payment?.date, card: event.card });
      return;
  }
}

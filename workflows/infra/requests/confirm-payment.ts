// 确认付款: the cashier confirms an approved payment with its date and voucher number (凭证号), and only
// that books the SPEND. The cashier may not be the requester or an approver of the request (不相容岗位
// 分离); such attempts are audited as security events, like approving one's own request.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { checkPaymentDate, mayConfirmPayment } from '../../domain/chain/confirm-payment.js';
import type { Effect } from '../../domain/effects.js';
import { appError, isAppError } from '../../domain/errors.js';
import type { PaymentInput } from '../../service/views.js';
import { appendAudit, recordAudit } from '../audit.js';
import type { Actor, Ctx } from '../context.js';
import { spendBudget } from '../ledger.js';
import { loadOrgSnapshot, personName } from '../org-snapshot.js';
import { answer, emit } from '../outbox.js';
import { lockRequest } from './lock-request.js';
import { decidersOf } from './request-money.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const SECURITY_REFUSALS = ['PAYMENT_NOT_CASHIER', 'PAYMENT_CONFLICT'];

export async function confirmPayment(ctx: Ctx, input: PaymentInput, actor: Actor): Promise<{ no: number }> {
  try {
    return await ctx.db.$transaction(async (tx) => {
      const request = await lockRequest(tx, input.requestId);
      if (request.paymentState !== 'due')
        throw appError('PAYMENT_NOT_DUE', `request ${request.no} is not waiting for payment`, { no: request.no, state: request.paymentState ?? request.status });
      const org = await loadOrgSnapshot(tx);
      const check = mayConfirmPayment({ cashiers: org.roles.get('cashier') ?? [], requesterId: request.requesterId, deciders: await decidersOf(tx, request.id) }, actor.personId);
      if (!check.ok) throw appError(check.code, `payment refused: ${check.code}`, { no: request.no, ...check.details });
      const voucherNo = input.voucherNo.trim();
      if (!voucherNo) throw appError('PAYMENT_VOUCHER_REQUIRED', 'no voucher number', { no: request.no });
      const today = dayjs(ctx.now).tz(ctx.tz).format('YYYY-MM-DD');
      const paymentDate = input.paymentDate ?? today;
      const date = checkPaymentDate(paymentDate, today);
      if (!date.ok) throw appError(date.code, `bad payment date ${paymentDate}`, { no: request.no, ...date.details });

      await spendBudget(tx, request.budgetLineId, request.amount, request.id, { from: 'frozen' }, `付款 凭证号 ${voucherNo}`);
      await tx.request.update({ where: { id: request.id }, data: { paymentState: 'paid', paymentDate, voucherNo, paidById: actor.personId, paidAt: ctx.now } });
      await appendAudit(tx, {
        action: 'payment.confirmed',
        subject: `request:${request.id}`,
        actorId: actor.personId,
        platform: actor.platform,
        account: actor.account,
        at: ctx.now,
        policyVersion: request.policyVersion,
        data: { no: request.no, amount: request.amount, paymentDate, voucherNo, card: input.card ?? null },
      });
      const notice = { kind: 'payment.confirmed', no: request.no, amount: request.amount.toString(), by: personName(org, actor.personId), date: paymentDate, voucherNo } as const;
      // the parent's card shows what its children spent
      const parent: Effect[] = request.parentId === null ? [] : [{ kind: 'card.refresh', requestId: request.parentId }];
      await emit(
        tx,
        { kind: 'card.refresh', requestId: request.id },
        ...parent,
        ...(request.requesterId === actor.personId ? [] : [{ kind: 'notice' as const, personId: request.requesterId, notice }]),
      );
      await answer(tx, actor, ctx.now, notice);
      return { no: request.no };
    });
  } catch (error) {
    if (isAppError(error) && SECURITY_REFUSALS.includes(error.code)) {
      await recordAudit(ctx.db, {
        action: 'security.refused',
        subject: `request:${input.requestId}`,
        actorId: actor.personId,
        platform: actor.platform,
        account: actor.account,
        at: ctx.now,
        policyVersion: null,
        data: { code: error.code, action: 'pay', card: input.card ?? null, reason: error.message },
      });
    }
    throw error;
  }
}

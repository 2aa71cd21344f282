// A chain across two platforms in one Guanjia: the 用款申请 drafted and approved on WeCom, the 费用报销
// under it drafted, approved and paid on DingTalk. Each platform's cards carry the 关联 sentence, every
// copy of a card follows the request wherever it was decided, and a refusal (COMMITMENT_INSUFFICIENT)
// reaches the person on the platform they typed on, in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { hasAction } from '../helpers/fake-dingtalk.js';
import type { FakeCard } from '../helpers/fake-wecom.js';
import { buttonsOf, linkOf, rowOf, statusOf } from '../helpers/fake-wecom-client.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { startTwoPlatforms, type TwoPlatforms } from '../helpers/two-platforms.js';
import { waitForCard, waitForText } from '../helpers/wecom-guanjia.js';

let p: TwoPlatforms;
beforeAll(async () => {
  p = await startTwoPlatforms();
});
afterAll(() => p?.stop());

const db = () => p.app.database.db;
const W = (personId: string) => p.wecomUser(personId);
const D = (personId: string) => p.dingtalkUser(personId);
const line = () => db().budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });
const wecomButton = (text: string) => (c: FakeCard) => buttonsOf(c).some((b) => b.text === text);
const quoteOf = (c: FakeCard) => String((c.current.quote_area as { quote_text?: string } | undefined)?.quote_text ?? '');
/** a request number as people also write it */
const numbered = (n: number) => `No.${n}`;

const state = {} as { prior: { id: string; no: number }; claim: { id: string; no: number }; line0: Awaited<ReturnType<typeof line>> };

describe('用款申请 on WeCom', () => {
  it('is drafted by a WeCom message and approved by WeCom card taps, committing 1,200 元', async () => {
    state.line0 = await line();
    const before = p.wecom.cards.size;
    expect(await p.wecomClient.say(W('fenglei'), '/申请 用款申请 办公费 1200 购买办公用品')).toBe(200);
    const draft = await waitFor(() => [...p.wecom.cards.values()].slice(before).find((c) => c.userId === W('fenglei') && wecomButton('提交')(c)), 'the WeCom draft card');
    const no = Number(rowOf(draft, '编号')!.slice(3));
    const { id } = await db().request.findUniqueOrThrow({ where: { no } });
    state.prior = { id, no };

    await p.wecomClient.tap(draft, '提交');
    for (const who of ['qianwei', 'liuxiaoyan', 'zhengjia']) {
      const card = await waitForCard(p.wecom, W(who), no, wecomButton('同意'), `for ${who}`);
      expect(await p.wecomClient.tap(card, '同意')).toBe(200);
      await waitForText(p.wecom, W(who), new RegExp(`^No\\.${no}：已同意`));
    }
    await waitForText(p.wecom, W('fenglei'), new RegExp(`^您的申请 No\\.${no}（1,200\\.00 元）已审批通过。$`));
    // the copy fenglei got on DingTalk follows the request decided on WeCom
    await p.dingtalk.waitForCard(D('fenglei'), (v) => v.statusLabel === '已通过', id);

    const decisions = await db().decision.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    expect(decisions.map((d) => `${d.personId}:${d.platform}`)).toEqual(['qianwei:wecom', 'liuxiaoyan:wecom', 'zhengjia:wecom']);
    const after = await line();
    expect([after.frozen, after.committed, after.spent]).toEqual([state.line0.frozen, state.line0.committed + 120_000n, state.line0.spent]);
  });
});

describe('费用报销 under it on DingTalk', () => {
  it('shows the 关联 sentence on the DingTalk card and on the WeCom copy, and is submitted on DingTalk', async () => {
    const { prior } = state;
    const link = `关联：No.${prior.no} 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标`;
    p.dingtalk.say(D('fenglei'), `/申请 费用报销 800 办公用品发票 关联=${prior.no}`);
    const draft = await p.dingtalk.waitForCard(D('fenglei'), (v) => hasAction('submit')(v) && v.title.includes('800.00'));
    expect(draft.view.link).toBe(link);
    const { no } = await db().request.findUniqueOrThrow({ where: { id: draft.view.requestId } });
    state.claim = { id: draft.view.requestId, no };
    // the same draft reached fenglei's WeCom too, the sentence in its quote
    const copy = await waitForCard(p.wecom, W('fenglei'), no, wecomButton('提交'));
    expect(quoteOf(copy).split('\n')[0]).toBe(link);

    p.dingtalk.tap(D('fenglei'), draft.card.outTrackId, 'submit');
    const first = await p.dingtalk.waitForCard(D('qianwei'), hasAction('approve'), state.claim.id);
    expect(first.view.link).toBe(link);
    const l = await line();
    expect([l.frozen, l.committed]).toEqual([state.line0.frozen + 80_000n, state.line0.committed + 40_000n]);
  });

  it('refuses more than the commitment has left, in Chinese, on the platform it was typed on', async () => {
    const { prior } = state;
    const refusal = `关联的用款申请 No.${prior.no} 剩余可用 400.00 元，本次 500.00 元，超出 100.00 元，无法支付。请把金额调整到剩余额度以内；超出部分请另行提交申请。`;
    const requests = await db().request.count();
    const dingtalkTexts = p.dingtalk.api.textsTo(D('fenglei')).length;
    p.dingtalk.say(D('fenglei'), `/申请 费用报销 500 超额报销 关联=${prior.no}`);
    expect(await p.dingtalk.waitForText(D('fenglei'), /剩余可用/, dingtalkTexts)).toBe(refusal);

    const wecomTexts = p.wecom.texts.length;
    expect(await p.wecomClient.say(W('fenglei'), `/申请 费用报销 500 超额报销 关联=${numbered(prior.no)}`)).toBe(200);
    expect(await waitForText(p.wecom, W('fenglei'), /剩余可用/, wecomTexts)).toBe(refusal);
    // each answer went back where its question came from, once
    expect(p.wecom.texts.filter((t) => t.content === refusal)).toHaveLength(1);
    expect(p.dingtalk.api.textsTo(D('fenglei')).filter((t) => t === refusal)).toHaveLength(1);
    expect(await db().request.count()).toBe(requests);
  });

  it('is approved on DingTalk, and the cashier confirms the payment there with the voucher number typed on the card', async () => {
    const { claim, line0 } = state;
    for (const who of ['qianwei', 'wugang', 'liuxiaoyan']) {
      const card = await p.dingtalk.waitForCard(D(who), hasAction('approve'), claim.id);
      p.dingtalk.tap(D(who), card.card.outTrackId, 'approve');
      await p.dingtalk.waitForText(D(who), new RegExp(`^No\\.${claim.no}：已同意`));
    }
    await p.dingtalk.waitForText(D('fenglei'), new RegExp(`^您的申请 No\\.${claim.no}（800\\.00 元）已审批通过，等待出纳付款。$`));

    // 何芳 has the 确认付款 on both platforms; WeCom's card cannot take a voucher number, so its 确认付款
    // opens the request's page on the workbench, where it can
    const onWecom = await waitForCard(p.wecom, W('hefang'), claim.no, wecomButton('确认付款'));
    expect(linkOf(onWecom, '确认付款')).toMatch(new RegExp(`/app/r/${claim.no}\\?via=wecom$`));
    expect((await db().request.findUniqueOrThrow({ where: { id: claim.id } })).paymentState).toBe('due');

    const onDingtalk = await p.dingtalk.waitForCard(D('hefang'), hasAction('pay'), claim.id);
    expect(onDingtalk.view.needsPayment).toBe('true');
    p.dingtalk.tap(D('hefang'), onDingtalk.card.outTrackId, 'pay', { voucherNo: '记-2026-118' });
    const paid = await p.dingtalk.waitForText(D('hefang'), /已确认付款/);
    expect(paid).toMatch(new RegExp(`^No\\.${claim.no}（800\\.00 元）已确认付款：付款日期 \\d{4}-\\d{2}-\\d{2}，凭证号 记-2026-118，出纳 何芳。$`));
    // the requester is told on every platform he is on
    await p.dingtalk.waitForText(D('fenglei'), /凭证号 记-2026-118/);
    await waitForText(p.wecom, W('fenglei'), /凭证号 记-2026-118/);
    // and 何芳's WeCom card no longer offers 确认付款
    await waitForCard(p.wecom, W('hefang'), claim.no, (c) => !wecomButton('确认付款')(c) && statusOf(c).includes('已通过'), 'paid');

    const payment = await db().auditEvent.findFirstOrThrow({ where: { subject: `request:${claim.id}`, action: 'payment.confirmed' } });
    expect([payment.actorId, payment.platform]).toEqual(['hefang', 'dingtalk']);
    const decisions = await db().decision.findMany({ where: { requestId: claim.id }, orderBy: { id: 'asc' } });
    expect(decisions.map((d) => `${d.personId}:${d.platform}`)).toEqual(['qianwei:dingtalk', 'wugang:dingtalk', 'liuxiaoyan:dingtalk']);
    const l = await line();
    expect([l.frozen, l.committed, l.spent]).toEqual([line0.frozen, line0.committed + 40_000n, line0.spent + 80_000n]);
    expect(await db().$transaction((tx) => ledgerTotals(tx, l.id))).toEqual({
      allotted: l.allotted,
      adjusted: l.adjusted,
      frozen: l.frozen,
      committed: l.committed,
      spent: l.spent,
    });
  });

  it('answers /关联 on WeCom with the chain decided on both platforms', async () => {
    const { prior, claim } = state;
    const texts = p.wecom.texts.length;
    expect(await p.wecomClient.say(W('fenglei'), `/关联 ${prior.no}`)).toBe(200);
    const chain = (await waitForText(p.wecom, W('fenglei'), /关联查询/, texts)).split('\n');
    expect(chain[1]).toMatch(new RegExp(`^No\\.${prior.no}（本件） 用款申请（事前申请） · 已通过 · 1,200\\.00 元 · [\\d-]+ · 已承诺 1,200\\.00 · 剩余 400\\.00$`));
    expect(chain[2]).toMatch(new RegExp(`^└ No\\.${claim.no} 费用报销（报销） · 已通过 · 800\\.00 元 · [\\d-]+ · 已支出 800\\.00 · 已付款$`));
  });
});

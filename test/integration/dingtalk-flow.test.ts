// The whole approval flow through DingTalk's protocols, against a local DingTalk: robot messages
// over the Stream connection, interactive cards created and updated through the OpenAPI, taps
// coming back as card callbacks, replies and group digests as robot messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import { DINGTALK_IDS as ids, SUPERVISION_GROUP, startWithFakeDingTalk } from '../helpers/dingtalk-org.js';
import { FakeDingTalk, hasAction, type CardView } from '../helpers/fake-dingtalk.js';
import { queuesIdle } from '../helpers/queues-idle.js';
import { waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

let fake: FakeDingTalk;
let app: TestGuanjia;

beforeAll(async () => {
  ({ fake, app } = await startWithFakeDingTalk());
});
afterAll(async () => {
  await app?.cleanup();
  await fake?.close();
});

const line = () => app.database.db.budgetLine.findFirstOrThrow({ where: { departmentId: 'cjb', subject: '办公费' } });
const route = (view: CardView) => JSON.parse(view.route) as { name: string; who: string; state: string; detail: string }[];

/** 冯磊 asks for `amount` by robot message and submits it on the draft card; returns the request id. */
async function submitted(amount: string, purpose: string): Promise<string> {
  fake.say(ids.fenglei, `/申请 办公费 ${amount} ${purpose}`);
  const draft = await fake.waitForCard(ids.fenglei, (v) => hasAction('submit')(v) && v.title.includes(amount.replace(/\B(?=(\d{3})+$)/g, ',')));
  fake.tap(ids.fenglei, draft.card.outTrackId, 'submit');
  await fake.waitForCard(ids.qianwei, hasAction('approve'), draft.view.requestId);
  return draft.view.requestId;
}

describe('a 用款申请 in DingTalk', () => {
  it('goes from a robot message to approved by card taps, spending the budget once', async () => {
    const before = await line();
    fake.say(ids.fenglei, '/申请 办公费 1200 购买打印纸');
    const draft = await fake.waitForCard(ids.fenglei, hasAction('submit'));
    expect(draft.view.statusLabel).toBe('待提交');
    expect(draft.view.budget).toBe('城建办 / 办公费 可用：50,000.00 元 → 48,800.00 元');
    expect(route(draft.view).map((s) => s.who)).toEqual(['钱伟', '刘晓燕', '吴刚、郑佳（或签）']);
    const requestId = draft.view.requestId;
    // 「在工作台打开」: the request's page, opened inside DingTalk (the page signs in by JSAPI)
    const { no } = await app.database.db.request.findUniqueOrThrow({ where: { id: requestId } });
    const page = `${app.deps.fileLinks.base}/app/r/${no}?via=dingtalk`;
    expect(fake.links(draft.card.outTrackId, ids.fenglei)).toEqual({ 在工作台打开: `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(page)}&pc_slide=true` });

    // the answer to the tap (within DingTalk's 2 s) turns the tapper's buttons off at once
    const submit = fake.tap(ids.fenglei, draft.card.outTrackId, 'submit');
    const ack = await waitFor(() => fake.stream.acksFor(submit)[0], 'the submit tap to be acked');
    expect(ack.data).toMatchObject({ response: { userPrivateData: { cardParamMap: { busy: 'true' } } } });

    const first = await fake.waitForCard(ids.qianwei, hasAction('approve'), requestId);
    expect((await line()).frozen).toBe(before.frozen + 120_000n);
    // live buttons only in the assignee's private data; the public data shows none
    expect(first.card.cardData.showApprove).toBe('false');
    expect(first.card.privateData[ids.qianwei]).toMatchObject({ showApprove: 'true', needsComment: 'true', stepId: expect.any(String) });
    // the requester's own card turned into the in-approval view, with 撤回 only
    const mine = await fake.waitForCard(ids.fenglei, (v) => v.statusLabel === '审批中' && v.busy === 'false', requestId);
    expect(mine.card.outTrackId).toBe(draft.card.outTrackId);
    expect(['showSubmit', 'showApprove', 'showWithdraw'].map((k) => mine.view[k])).toEqual(['false', 'false', 'true']);

    fake.tap(ids.qianwei, first.card.outTrackId, 'approve', { comment: '属实' });
    const second = await fake.waitForCard(ids.liuxiaoyan, hasAction('approve'), requestId);
    fake.tap(ids.liuxiaoyan, second.card.outTrackId, 'approve');
    // 或签: both finance officers get the card, either may approve
    const finance = await fake.waitForCard(ids.zhengjia, hasAction('approve'), requestId);
    await fake.waitForCard(ids.wugang, hasAction('approve'), requestId);
    fake.tap(ids.zhengjia, finance.card.outTrackId, 'approve');

    await fake.waitForCard(ids.fenglei, (v) => v.statusLabel === '已通过', requestId);
    await fake.waitForText(ids.fenglei, /您的申请 No\.\d+（1,200\.00 元）已审批通过/);
    // every copy is redrawn in place: wu gang's buttons are gone although he never tapped
    const wugang = await fake.waitForCard(ids.wugang, (v) => v.statusLabel === '已通过' && v.showApprove === 'false', requestId);
    expect(route(wugang.view).map((s) => s.state)).toEqual(['已同意', '已同意', '已同意']);
    expect(route(fake.view(first.card.outTrackId, ids.qianwei))[0]!.detail).toBe('钱伟 同意：属实');

    const after = await line();
    expect(after.frozen).toBe(before.frozen);
    expect(after.spent).toBe(before.spent + 120_000n);
    const decisions = await app.database.db.decision.findMany({ where: { requestId }, orderBy: { id: 'asc' } });
    expect(decisions.map((d) => [d.personId, d.comment])).toEqual([
      ['qianwei', '属实'],
      ['liuxiaoyan', ''],
      ['zhengjia', ''],
    ]);
    // one access token served every call of the conversation
    expect(fake.api.tokenRequests).toBe(1);
    expect(await verifyAuditChain(app.database.db)).toMatchObject({ ok: true });
  });

  it('makes one decision when DingTalk pushes the same tap twice', async () => {
    const requestId = await submitted('300', '复印纸');
    const card = await fake.waitForCard(ids.qianwei, hasAction('approve'), requestId);
    const texts = fake.api.textsTo(ids.qianwei).length;
    const tap = fake.tap(ids.qianwei, card.card.outTrackId, 'approve');
    await waitFor(() => fake.stream.acksFor(tap).length > 0, 'the first push to be acked');
    fake.stream.repush(tap);
    await waitFor(() => fake.stream.acksFor(tap).length > 1, 'the repeated push to be acked');
    await fake.waitForCard(ids.liuxiaoyan, hasAction('approve'), requestId);
    await queuesIdle(app);
    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(1);
    // one answer: not a second "已处理过" for the repeat
    expect(fake.api.textsTo(ids.qianwei).slice(texts)).toEqual([expect.stringMatching(/^No\.\d+：已同意，已转下一环节。$/)]);
  });

  it('answers a robot message once when it is pushed again under a new messageId', async () => {
    const texts = fake.api.textsTo(ids.fenglei).length;
    const { msgId } = fake.say(ids.fenglei, '/待办');
    fake.say(ids.fenglei, '/待办', { msgId });
    await fake.waitForText(ids.fenglei, /待审批/, texts);
    await queuesIdle(app);
    expect(fake.api.textsTo(ids.fenglei).slice(texts)).toHaveLength(1);
  });

  it('refuses a tap from someone who is not the step’s approver, and says so', async () => {
    const requestId = await submitted('400', '墨盒');
    const card = await fake.waitForCard(ids.qianwei, hasAction('approve'), requestId);
    // 刘晓燕 approves the next step, not this one; she replays 钱伟's button
    fake.callback(ids.liuxiaoyan, card.card.outTrackId, 'approve', { action: 'approve', requestId, stepId: card.view.stepId, comment: '' });
    await fake.waitForText(ids.liuxiaoyan, /您不是申请 No\.\d+ ?当前环节的审批人，无权处理/);
    await queuesIdle(app);
    expect(await app.database.db.decision.count({ where: { requestId } })).toBe(0);
    const refused = await app.database.db.auditEvent.findMany({ where: { action: 'security.refused', account: ids.liuxiaoyan } });
    expect(refused).toHaveLength(1);
  });

  it('asks for a reason when 驳回 comes without one, and takes the reason typed on the card', async () => {
    const requestId = await submitted('500', '文件柜');
    const card = await fake.waitForCard(ids.qianwei, hasAction('reject'), requestId);
    fake.tap(ids.qianwei, card.card.outTrackId, 'reject');
    await fake.waitForText(ids.qianwei, /驳回时请填写意见.*\/驳回 \d+ 理由/);
    // the card is redrawn with its buttons back
    const again = await fake.waitForCard(ids.qianwei, (v) => hasAction('reject')(v), requestId);
    fake.tap(ids.qianwei, again.card.outTrackId, 'reject', { comment: '超出办公标准' });
    await fake.waitForText(ids.fenglei, /No\.\d+ 被 钱伟 驳回：超出办公标准/);
    await fake.waitForCard(ids.qianwei, (v) => v.statusLabel === '已驳回' && v.showReject === 'false', requestId);
  });

  it('takes typed decisions and sends the supervision group its digest', async () => {
    const requestId = await submitted('600', '打印机硒鼓');
    const { no } = await app.database.db.request.findUniqueOrThrow({ where: { id: requestId } });
    fake.say(ids.qianwei, `/退回 ${no} 请补充询价记录`);
    await fake.waitForText(ids.fenglei, new RegExp(`No\\.${no} 被 钱伟 退回修改：请补充询价记录`));
    // one return is already 多次补正 in this unit: the group robot posts the digest
    const digest = await waitFor(() => fake.api.groupMessages.find((m) => m.conversationId === SUPERVISION_GROUP), 'the supervision digest');
    expect(digest).toMatchObject({ msgKey: 'sampleMarkdown', title: expect.stringMatching(/^【监督提醒】/) });
    expect(digest.text).toContain(`【多次补正】No.${no} 冯磊 的用款申请已被退回 1 次`);
  });

  it('answers /申请 alone with a card whose button opens the 新建申请 form inside DingTalk', async () => {
    const before = fake.api.texts.length;
    fake.say(ids.fenglei, '/申请');
    const sent = await waitFor(() => fake.api.texts.slice(before).find((t) => t.userId === ids.fenglei && t.button), 'the link to the form');
    const form = `${app.deps.fileLinks.base}/app/new?via=dingtalk`;
    expect(sent).toMatchObject({ title: '新建申请', button: { title: '填写申请', url: `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(form)}&pc_slide=true` } });
    expect(sent.text).toMatch(/^#### 新建申请\n\n在工作台填写申请单/);
  });

  it('answers in a group when @-mentioned there, and tells strangers they are not registered', async () => {
    fake.say(ids.fenglei, '/预算 办公费', { group: 'cidWORKGROUPfake==' });
    const answer = await waitFor(() => fake.api.groupMessages.find((m) => m.conversationId === 'cidWORKGROUPfake=='), 'a group reply');
    expect(answer.text).toContain('城建办 / 办公费：可用');
    fake.say(ids.stranger, '/帮助');
    await fake.waitForText(ids.stranger, /您尚未在组织架构中登记/);
  });

  it('acked every push with its own messageId', async () => {
    await queuesIdle(app);
    const pushed = [...fake.stream.pushes.keys()];
    expect(pushed.length).toBeGreaterThan(15);
    for (const id of pushed) {
      const acks = await waitFor(() => (fake.stream.acksFor(id).length > 0 ? fake.stream.acksFor(id) : undefined), `an ack of ${id}`);
      expect(acks.every((a) => a.code === 200)).toBe(true);
    }
    expect(fake.stream.junk).toEqual([]);
  });
});

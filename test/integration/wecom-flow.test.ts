// The whole approval flow through WeCom's own protocol, against a local fake WeCom over real HTTP:
// encrypted, signed callbacks in; app messages, template cards, card updates and a group robot out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeButtonKey } from '../../adapters/wecom/wecom-card.js';
import { verifyAuditChain } from '../../workflows/infra/audit.js';
import type { FakeCard } from '../helpers/fake-wecom.js';
import { buttonsOf, linkOf, rowOf, statusOf } from '../helpers/fake-wecom-client.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { startWecomTestbed, waitForCard, waitForText, type WecomTestbed } from '../helpers/wecom-guanjia.js';

const ROBOT_KEY = '5f0c3a1e-9b7d-4c2a-8e6f-1a2b3c4d5e6f';
let bed: WecomTestbed;

beforeAll(async () => {
  bed = await startWecomTestbed({ supervision: ROBOT_KEY });
  bed.wecom.robotKeys.add(ROBOT_KEY);
  bed.wecom.users.add('ZhaoLiu'); // a member of the company who is not in the organisation file
});
afterAll(() => bed?.stop());

const U = (personId: string) => bed.userOf(personId);
const hasButton = (text: string) => (c: FakeCard) => buttonsOf(c).some((b) => b.text === text);
/**
 * offers 同意 on this step. A person's older card of the same request that ran out of ResponseCodes
 * keeps what it showed last, an earlier round's 同意 included, and a tap on that acts on nothing: so
 * the tests wait for the card of the step that is open now.
 */
const approves = (stepId: string) => (c: FakeCard) =>
  buttonsOf(c).some((b) => {
    const key = b.text === '同意' ? decodeButtonKey(b.key) : null;
    return key !== null && 'stepId' in key && key.stepId === stepId;
  });
/** shows `label` and offers nothing to do: its one callback button is the view-only one (beside the link to the workbench) */
const isFinal = (label: string) => (c: FakeCard) => {
  const callbacks = buttonsOf(c).filter((b) => b.type !== 1);
  return statusOf(c).includes(label) && callbacks.length === 1 && decodeButtonKey(callbacks[0]!.key)?.action === 'view';
};

/** fenglei asks by text; returns the draft card and the request's number. */
async function apply(text: string): Promise<{ draft: FakeCard; no: number }> {
  const before = bed.wecom.cards.size;
  expect(await bed.client.say(U('fenglei'), text)).toBe(200);
  const draft = await waitFor(() => [...bed.wecom.cards.values()].slice(before).find((c) => c.userId === U('fenglei') && hasButton('提交')(c)), 'the draft card');
  return { draft, no: Number(rowOf(draft, '编号')!.slice(3)) };
}

async function inboundJobs(): Promise<number> {
  const counts = await bed.app.deps.queues.queue('inbound').getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('connecting the app', () => {
  it('answers URL verification with the bare decrypted echostr, and refuses a wrong signature', async () => {
    expect(await bed.client.verifyUrl('1616140317555161061')).toEqual({ status: 200, text: '1616140317555161061' });
    expect((await bed.client.verifyUrl('42', { token: 'not-our-token' })).status).toBe(403);
    expect((await fetch(`${bed.app.url}/wecom/callback?echostr=abc`)).status).toBe(400);
  });
});

describe('a request from a text message to approved by card taps', () => {
  it('routes, returns twice (digest to the group), is resubmitted and approved, every card ending final', async () => {
    const { draft, no } = await apply('/申请 办公费 1200 购买打印纸');
    expect(draft.current.quote_area).toMatchObject({ quote_text: expect.stringContaining('48,800.00') });
    // 修改 needs a form: it opens the request's page on the workbench, as the whole card does
    expect(buttonsOf(draft).map((b) => b.text)).toEqual(['提交', '修改', '取消']);
    const page = `${bed.app.deps.fileLinks.base}/app/r/${no}?via=wecom`;
    expect(linkOf(draft, '修改')).toBe(page);
    expect(draft.current.card_action).toEqual({ type: 1, url: page });
    const request = await bed.app.database.db.request.findUniqueOrThrow({ where: { no } });
    /** step ids are `<request>.<round>.<index>`: 0 钱伟, 1 刘晓燕, 2 财务 */
    const step = (round: number, index: number) => `${request.id}.${round}.${index}`;

    await bed.client.tap(draft, '提交');
    const first = await waitForCard(bed.wecom, U('qianwei'), no, approves(step(1, 0)));
    // the requester's own card was updated in place, through the tap's ResponseCode
    await waitFor(() => statusOf(bed.wecom.cards.get(draft.taskId)!).includes('审批中') && hasButton('撤回')(bed.wecom.cards.get(draft.taskId)!), 'the draft card turned 审批中');

    // 驳回 / 退回修改 / 转交 cannot carry a reason or a person on this card: they open the request's page,
    // where they can; 同意 is still a tap
    expect(buttonsOf(first).map((b) => [b.text, b.type === 1 ? b.url : 'tap'])).toEqual([
      ['同意', 'tap'],
      ['驳回', page],
      ['退回修改', page],
      ['转交', page],
    ]);
    // the typed command still works, for whoever prefers the chat
    expect(await bed.client.say(U('qianwei'), `/退回 ${no} 请补充发票`)).toBe(200);
    await waitForText(bed.wecom, U('fenglei'), /被 钱伟 退回修改：请补充发票/);

    for (const [round, reason] of [[2, '还缺验收单']] as const) {
      const mine = await waitForCard(bed.wecom, U('fenglei'), no, hasButton('重新提交'));
      await bed.client.tap(mine, '重新提交');
      await waitForCard(bed.wecom, U('qianwei'), no, approves(step(round, 0)), `round ${round}`);
      expect(await bed.client.say(U('qianwei'), `/退回 ${no} ${reason}`)).toBe(200);
    }
    // returned twice: the supervision group hears it through the group robot
    const digest = await waitFor(() => bed.wecom.groupTexts.find((g) => g.content.includes(`【多次补正】No.${no}`)), 'the supervision digest');
    expect(digest).toMatchObject({ via: 'robot', target: ROBOT_KEY });
    expect(digest.content).toMatch(/^【监督提醒】\d+ 条\n· /);

    const mine = await waitForCard(bed.wecom, U('fenglei'), no, hasButton('重新提交'));
    await bed.client.tap(mine, '重新提交');
    const head = await waitForCard(bed.wecom, U('qianwei'), no, approves(step(3, 0)), 'round 3');
    await bed.client.tap(head, '同意');
    await bed.client.tap(await waitForCard(bed.wecom, U('liuxiaoyan'), no, approves(step(3, 1))), '同意');
    // 或签: both finance officers get the card; one approves
    const finance = await waitForCard(bed.wecom, U('zhengjia'), no, approves(step(3, 2)));
    const other = await waitForCard(bed.wecom, U('wugang'), no, approves(step(3, 2)));
    await bed.client.tap(finance, '同意');

    await waitForText(bed.wecom, U('fenglei'), new RegExp(`No\\.${no}.*已审批通过`));
    // every card of this request shows the final state, wherever it was decided — except a card WeCom
    // left us no ResponseCode for, which a fresh final card followed
    const codeless = (c: FakeCard) => ![...bed.wecom.codes.values()].some((e) => e.taskId === c.taskId && !e.used && !e.expired);
    for (const person of ['fenglei', 'qianwei', 'liuxiaoyan', 'zhengjia', 'wugang']) {
      const cards = await waitFor(() => {
        const all = [...bed.wecom.cards.values()].filter((c) => c.userId === U(person) && rowOf(c, '编号') === `No.${no}`);
        return all.every((c) => isFinal('已通过')(c) || codeless(c)) && isFinal('已通过')(all.at(-1)!) && all;
      }, `every card of ${person} final`);
      // and every card the core keeps for this person points at a card showing it
      await waitFor(async () => {
        const refs = await bed.app.database.db.cardRef.findMany({ where: { requestId: request.id, platform: 'wecom', recipient: person } });
        return refs.length > 0 && refs.every((ref) => isFinal('已通过')(bed.wecom.cards.get((ref.handle as { taskId: string }).taskId)!));
      }, `${person}'s card references`);
      const settled = [...bed.wecom.cards.values()].filter((c) => c.userId === U(person) && rowOf(c, '编号') === `No.${no}`);
      expect(settled.every((c) => isFinal('已通过')(c) || codeless(c))).toBe(true);
      if (person === 'fenglei') expect(cards.length).toBeGreaterThan(1); // its codes ran out on the way: fresh cards followed
      // …but never two fresh cards showing the same thing
      const sentAs = settled.map((c) => JSON.stringify({ ...c.history[0], task_id: '' }));
      expect(new Set(sentAs).size).toBe(sentAs.length);
    }
    // 吴刚 never tapped: his card was updated with the code from the send answer, not sent again
    expect(bed.wecom.cards.get(other.taskId)!.history.length).toBeGreaterThan(1);
    expect([...bed.wecom.cards.values()].filter((c) => c.userId === U('wugang') && rowOf(c, '编号') === `No.${no}`)).toHaveLength(1);

    const decisions = await bed.app.database.db.decision.findMany({ where: { requestId: request.id }, orderBy: { at: 'asc' } });
    expect(decisions.map((d) => `${d.personId}:${d.action}:${d.platform}`)).toEqual([
      'qianwei:return:wecom',
      'qianwei:return:wecom',
      'qianwei:approve:wecom',
      'liuxiaoyan:approve:wecom',
      'zhengjia:approve:wecom',
    ]);
    expect((await bed.app.database.db.request.findUniqueOrThrow({ where: { no } })).status).toBe('approved');
    expect(await verifyAuditChain(bed.app.database.db)).toMatchObject({ ok: true });
  });

  it('answers /申请 alone with a card that opens the 新建申请 form on the workbench', async () => {
    const before = bed.wecom.textcards.length;
    expect(await bed.client.say(U('fenglei'), '/申请')).toBe(200);
    const card = await waitFor(() => bed.wecom.textcards.slice(before).find((c) => c.userId === U('fenglei')), 'the link to the form');
    expect(card).toMatchObject({ title: '新建申请', url: `${bed.app.deps.fileLinks.base}/app/new?via=wecom`, btntxt: '填写申请' });
    expect(card.description).toContain('/申请 办公费 1200 购买打印纸');
  });

  it('tells someone not in the organisation that they are not registered and whom to ask', async () => {
    expect(await bed.client.say('ZhaoLiu', '/帮助')).toBe(200);
    await waitForText(bed.wecom, 'ZhaoLiu', /尚未在组织架构中登记.*请联系单位管理员（党政办）/);
  });

  it('answers typed commands, matching the userid whatever its case', async () => {
    const after = bed.wecom.texts.length;
    expect(await bed.client.say(U('fenglei').toLowerCase(), '/预算')).toBe(200);
    await waitForText(bed.wecom, U('fenglei'), /预算余额/, after);
  });
});

describe('retries, replays and stale cards', () => {
  it('makes one decision of a replayed tap, and a tap on an old card acts on nothing', async () => {
    const { draft, no } = await apply('/申请 办公费 300 订书机');
    await bed.client.tap(draft, '提交');
    const card = await waitForCard(bed.wecom, U('qianwei'), no, hasButton('同意'));
    const approve = buttonsOf(card).find((b) => b.text === '同意')!;
    const tap = bed.client.tapEvent(card.userId, card.taskId, approve.key);
    // WeCom retries the same callback when it hears nothing within 5 seconds
    expect(await Promise.all([bed.client.post(tap), bed.client.post(tap), bed.client.post(tap)])).toEqual([200, 200, 200]);
    await waitForCard(bed.wecom, U('liuxiaoyan'), no, hasButton('同意'));
    expect(await bed.client.post(tap)).toBe(200);
    const { id: requestId } = await bed.app.database.db.request.findUniqueOrThrow({ where: { no } });
    await waitFor(() => !hasButton('同意')(bed.wecom.cards.get(card.taskId)!), 'the tapped card updated');

    // the card as first sent still had 同意 for step 1: a stale client taps it again
    const texts = bed.wecom.texts.length;
    expect(decodeButtonKey(approve.key)).toMatchObject({ action: 'approve', requestId });
    expect(await bed.client.post(bed.client.tapEvent(card.userId, card.taskId, approve.key))).toBe(200);
    await waitForText(bed.wecom, U('qianwei'), /这个环节已经处理过或已失效/, texts);
    expect(await bed.app.database.db.decision.count({ where: { requestId } })).toBe(1);
  });
});

describe('callbacks that are not from our WeCom', () => {
  const innerTap = (userId: string, key: string, taskId: string) =>
    `<xml><ToUserName><![CDATA[x]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>` +
    `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${key}]]></EventKey><TaskId><![CDATA[${taskId}]]></TaskId></xml>`;

  it('refuses a forged signature, a wrong receive id and malformed XML, processing nothing', async () => {
    const { draft, no } = await apply('/申请 办公费 100 胶水');
    await bed.client.tap(draft, '提交');
    const card = await waitForCard(bed.wecom, U('qianwei'), no, hasButton('同意'));
    const key = buttonsOf(card).find((b) => b.text === '同意')!.key;
    const jobs = await inboundJobs();

    const forged = bed.client.callback(innerTap(U('qianwei'), key, card.taskId), { token: 'guessed-token' });
    expect(await bed.client.post(forged)).toBe(403);
    const tampered = bed.client.callback(innerTap(U('qianwei'), key, card.taskId));
    expect(await bed.client.post({ ...tampered, query: { ...tampered.query, nonce: `${tampered.query.nonce}1` } })).toBe(403);
    const otherCorp = bed.client.callback(innerTap(U('qianwei'), key, card.taskId), { receiveId: 'wwSomeOtherCorp00001' });
    expect(await bed.client.post(otherCorp)).toBe(403);

    const good = bed.client.callback('<xml><MsgType>text</MsgType></xml>');
    for (const body of ['not xml at all', '<xml><Encrypt>abc', '<xml><ToUserName>x</ToUserName></xml>', '<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>', '']) {
      expect(await bed.client.post({ ...good, body })).toBe(400);
    }
    // a correctly signed Encrypt that does not decrypt
    const garbage = Buffer.alloc(64, 7).toString('base64');
    const ts = good.query.timestamp!;
    const nonce = good.query.nonce!;
    expect(
      await bed.client.post({ query: { msg_signature: bed.client.sign(ts, nonce, garbage), timestamp: ts, nonce }, body: `<xml><Encrypt><![CDATA[${garbage}]]></Encrypt></xml>` }),
    ).toBe(400);
    expect(await bed.client.post({ ...good, query: { timestamp: ts, nonce } })).toBe(400);

    expect(await inboundJobs()).toBe(jobs);
    const step = await bed.app.database.db.step.findFirstOrThrow({ where: { request: { no }, state: 'active' } });
    expect(step.assignees).toEqual(['qianwei']);
    expect((await fetch(`${bed.app.url}/healthz`)).status).toBe(200);
  });
});

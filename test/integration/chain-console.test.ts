// The chain through the console, typed and tapped as people would: the worked example (用款申请 →
// 费用报销 → 确认付款 → 结清), a contract paid by instalments, a 预算调整, and every refusal a user can
// meet on the way, with the Chinese reply they read. The organisation is the demo one plus a second
// cashier (田雨), so that a payment the first cashier may not confirm still has someone who may.
import { describe, expect, it } from 'vitest';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { hasButton } from '../helpers/console-client.js';
import { useLifecycleApp, type CardMessage } from '../helpers/lifecycle-app.js';
import { waitFor } from '../helpers/test-guanjia.js';

const { t, db, line, apply, submit, tapAndHear, say, approveAs, booksBalance } = useLifecycleApp({
  tweak: (doc) => {
    doc.people.push({ id: 'tianyu', name: '田雨', department: 'czs', title: '出纳', accounts: { console: 'tianyu' } });
    doc.roles.cashier = ['hefang', 'tianyu'];
  },
});

/** YYYY-MM-DD in the unit's time zone, `daysAgo` days back */
const day = (daysAgo = 0) => new Intl.DateTimeFormat('sv-SE', { timeZone: t.app.config.TZ }).format(new Date(Date.now() - daysAgo * 86_400_000));

/** Approves every open step in turn by tapping 同意 on the card of whoever the step names. */
async function approveThrough(requestId: string): Promise<void> {
  for (;;) {
    const request = await db().request.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== 'in_approval') return;
    const step = await db().step.findFirstOrThrow({ where: { requestId, round: request.round, state: 'active' } });
    const who = step.assignees.find((a) => !step.approvedBy.includes(a))!;
    // the card drawn for this step: the same person may have held the step before, and that card may not be redrawn yet
    const card = await t.client.waitForCard(who, (c) => c.buttons.some((b) => b.action === 'approve' && b.stepId === step.id), requestId);
    await tapAndHear(who, card, 'approve', {}, /已同意/);
  }
}

/** Texts that reach a person on their own, not as the answer to what they just typed. */
const NOTICES = /^(您的申请 No\.\d+（|No\.\d+（[\d,.]+ 元）已确认付款|No\.\d+ 已结清)/;

/** Types `text` and returns the answer: the next text (or card) the bot sends that person. */
async function answerTo(as: string, text: string): Promise<string | undefined> {
  const last = await t.client.lastId(as);
  await t.client.say(as, text);
  const answer = await waitFor(
    async () => (await t.client.messages(as)).find((m) => m.id > last && m.direction === 'out' && (m.card || (m.text && !NOTICES.test(m.text)))),
    `the answer to ${as}'s ${text}`,
  );
  return answer.text;
}

/** Types a command that is refused: checks the reply, and that no request was made. */
async function refusedWith(as: string, text: string, reply: string): Promise<void> {
  const requests = await db().request.count();
  expect(await answerTo(as, text)).toBe(reply);
  expect(await db().request.count()).toBe(requests);
}

/** What is left of a commitment, as /关联 reports it. */
async function remainderOf(requestId: string): Promise<bigint> {
  const { no } = await db().request.findUniqueOrThrow({ where: { id: requestId } });
  const chain = await t.app.deps.service.requests.chain({ personId: 'wugang', platform: 'console', account: 'wugang' }, String(no));
  return chain.nodes.find((n) => n.id === requestId)!.left;
}

describe('用款申请 → 费用报销 → 确认付款 → 结清, typed and tapped', () => {
  const state = {} as { line0: Awaited<ReturnType<typeof line>>; prior: { id: string; no: number }; claim: { id: string; no: number } };

  it('the 用款申请 is drafted with /申请, submitted and approved by taps, and commits its 1,200 元', async () => {
    state.line0 = await line('cjb', '办公费');
    const prior = await submit('fenglei', '/申请 用款申请 办公费 1200 购买办公用品', 'qianwei');
    expect(prior.draft.card.route.map((s) => s.who)).toEqual(['钱伟', '刘晓燕', '吴刚、郑佳（或签）']);
    state.prior = prior;
    for (const who of ['qianwei', 'liuxiaoyan', 'zhengjia']) await approveAs(who, prior.id);
    await t.client.waitForText('fenglei', new RegExp(`^您的申请 No\\.${prior.no}（1,200\\.00 元）已审批通过。$`));
    const after = await line('cjb', '办公费');
    expect([after.frozen, after.committed, after.spent]).toEqual([state.line0.frozen, state.line0.committed + 120_000n, state.line0.spent]);
  });

  it('the 费用报销 under it shows the 关联 line, draws on the commitment and leaves the line alone', async () => {
    const { prior, line0 } = state;
    const draft = await apply('fenglei', `/申请 费用报销 800 办公用品发票 关联=${prior.no}`);
    expect(draft.card.link).toBe(`关联：No.${prior.no} 用款申请 1,200.00（已用 0.00 → 800.00，剩余 400.00），不再占用指标`);
    expect(draft.card.fields).toContainEqual({ label: '类型', value: '费用报销（报销）' });
    expect(draft.card.route.map((s) => s.who)).toEqual(['钱伟', '吴刚、郑佳（或签）', '刘晓燕']);
    const available = (l: typeof line0) => l.allotted + l.adjusted - l.frozen - l.committed - l.spent;
    const before = await line('cjb', '办公费');
    expect((await t.client.tap('fenglei', draft, 'submit')).status).toBe(202);
    await t.client.waitForCard('qianwei', hasButton('approve'), draft.card.requestId);
    const frozen = await line('cjb', '办公费');
    expect([frozen.frozen, frozen.committed, available(frozen)]).toEqual([line0.frozen + 80_000n, line0.committed + 40_000n, available(before)]);
    state.claim = { id: draft.card.requestId, no: (await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } })).no };

    // what is left of the commitment is 400: a claim of 500 is refused with the numbers
    await refusedWith(
      'fenglei',
      `/申请 费用报销 500 超额报销 关联=${prior.no}`,
      `关联的用款申请 No.${prior.no} 剩余可用 400.00 元，本次 500.00 元，超出 100.00 元，无法支付。请把金额调整到剩余额度以内；超出部分请另行提交申请。`,
    );

    await approveThrough(state.claim.id);
    await t.client.waitForText('fenglei', new RegExp(`^您的申请 No\\.${state.claim.no}（800\\.00 元）已审批通过，等待出纳付款。$`));
    const approved = await line('cjb', '办公费');
    // approved but not paid: still frozen, nothing spent
    expect([approved.frozen, approved.spent]).toEqual([line0.frozen + 80_000n, line0.spent]);
  });

  it('the cashier gets a 确认付款 card, finds it in /待付款 and confirms it by tapping with the voucher number and date', async () => {
    const { claim, line0 } = state;
    const card = await t.client.waitForCard('hefang', hasButton('pay'), claim.id);
    expect(card.card.buttons).toEqual([expect.objectContaining({ action: 'pay', label: '确认付款', needs: ['payment'] })]);
    expect(card.card.flags.map((f) => f.code)).toContain('payment_due');
    await t.client.waitForCard('tianyu', hasButton('pay'), claim.id);

    const payable = await say('hefang', '/待付款', /待付款/);
    expect(payable).toMatch(new RegExp(`^【待付款 1 件】\\nNo\\.${claim.no} 冯磊 费用报销 800\\.00 元 · ${day()} 审批通过\\n确认付款请在卡片上点「确认付款」`));

    const paidOn = day(1);
    const told = `No.${claim.no}（800.00 元）已确认付款：付款日期 ${paidOn}，凭证号 记-2026-117，出纳 何芳。`;
    expect(await tapAndHear('hefang', card, 'pay', { payment: { voucherNo: '记-2026-117', date: paidOn } }, /已确认付款/)).toBe(told);
    await t.client.waitForText('fenglei', new RegExp(`^${told.replace(/[.()]/g, '\\$&')}$`));
    const paid = await line('cjb', '办公费');
    expect([paid.frozen, paid.committed, paid.spent]).toEqual([line0.frozen, line0.committed + 40_000n, line0.spent + 80_000n]);
    // every cashier's card lost its button; the payment is on the card
    for (const cashier of ['hefang', 'tianyu']) {
      const now = await t.client.waitForCard(cashier, (c) => !hasButton('pay')(c) && c.fields.some((f) => f.label === '付款' && f.value.includes('记-2026-117')), claim.id);
      expect(now.card.fields.find((f) => f.label === '付款')!.value).toBe(`已付款：${paidOn} 凭证号 记-2026-117（出纳 何芳）`);
    }
    // the same tap again: paid already
    expect(await tapAndHear('hefang', card, 'pay', { payment: { voucherNo: '记-2026-117' } }, /不能重复付款/)).toBe(
      `申请 No.${claim.no} 已经确认付款，不能重复付款。发送「/进度 ${claim.no}」查看付款记录。`,
    );
    expect(await answerTo('hefang', '/待付款')).toBe('目前没有等待付款的事项。');
  });

  it('a second claim is paid by typing /付款; /结清 waits for it, is the requester’s, then gives the rest back', async () => {
    const { prior, claim, line0 } = state;
    const second = await submit('fenglei', `/申请 费用报销 300 打印纸发票 关联=${prior.no}`, 'qianwei');
    expect(second.draft.card.link).toBe(`关联：No.${prior.no} 用款申请 1,200.00（已用 800.00 → 1,100.00，剩余 100.00），不再占用指标`);

    expect(await answerTo('fenglei', `/结清 ${prior.no}`)).toBe(`申请 No.${prior.no} 下还有审批中的申请：No.${second.no}。请等它们审批完毕（或撤回）后再结清。`);
    expect(await answerTo('qianwei', `/结清 ${prior.no}`)).toBe(`您不能结清申请 No.${prior.no}：结清须由申请人本人或财务人员办理。发送「/关联 ${prior.no}」查看这条链的情况。`);
    expect((await db().request.findUniqueOrThrow({ where: { id: prior.id } })).settledAt).toBeNull();

    await approveThrough(second.id);
    await t.client.waitForCard('hefang', hasButton('pay'), second.id);
    const told = `No.${second.no}（300.00 元）已确认付款：付款日期 ${day()}，凭证号 记-2026-118，出纳 何芳。`;
    expect(await say('hefang', `/付款 ${second.no} 凭证号=记-2026-118`, /已确认付款/)).toBe(told);
    await t.client.waitForText('fenglei', /凭证号 记-2026-118/);
    expect((await db().request.findUniqueOrThrow({ where: { id: second.id } })).voucherNo).toBe('记-2026-118');

    const chain = (await say('fenglei', `/关联 ${claim.no}`, /关联查询/)).split('\n');
    expect(chain[0]).toBe(`【关联查询 No.${claim.no}】`);
    expect(chain[1]).toMatch(new RegExp(`^No\\.${prior.no} 用款申请（事前申请） · 已通过 · 1,200\\.00 元 · [\\d-]+ · 已承诺 1,200\\.00 · 剩余 100\\.00$`));
    expect(chain[2]).toMatch(new RegExp(`^└ No\\.${claim.no}（本件） 费用报销（报销） · 已通过 · 800\\.00 元 · [\\d-]+ · 已支出 800\\.00 · 已付款$`));
    expect(chain[3]).toMatch(new RegExp(`^└ No\\.${second.no} 费用报销（报销） · 已通过 · 300\\.00 元 · [\\d-]+ · 已支出 300\\.00 · 已付款$`));
    expect(chain[4]).toBe('合计：已承诺 1,200.00 元，已支出 1,100.00 元，剩余 100.00 元');

    expect(await say('fenglei', `/结清 ${prior.no}`, /已结清/)).toBe(`No.${prior.no} 已结清，剩余 100.00 元已退回预算指标。`);
    const settled = await line('cjb', '办公费');
    expect([settled.frozen, settled.committed, settled.spent]).toEqual([line0.frozen, line0.committed, line0.spent + 110_000n]);
    await t.client.waitForCard('fenglei', (c) => c.flags.some((f) => f.code === 'settled'), prior.id);

    // settled: no more children, and no second 结清
    await refusedWith('fenglei', `/申请 费用报销 50 补报 关联=${prior.no}`, `No.${prior.no} 用款申请已结清，剩余额度已退回预算指标，不能再关联。如仍需用款，请另行提交事前申请。`);
    expect(await answerTo('fenglei', `/结清 ${prior.no}`)).toBe(`申请 No.${prior.no} 已经结清过，剩余额度已退回预算指标。发送「/关联 ${prior.no}」查看这条链的情况。`);
  });
});

describe('关联 refused', () => {
  let base: { id: string; no: number };

  it('to a rejected or a withdrawn request', async () => {
    const rejected = await submit('fenglei', '/申请 用款申请 办公费 100 茶叶', 'qianwei');
    await tapAndHear('qianwei', rejected.card, 'reject', { comment: '不属于办公费开支范围' }, /已驳回/);
    await refusedWith(
      'fenglei',
      `/申请 费用报销 50 茶叶发票 关联=${rejected.no}`,
      `No.${rejected.no} 用款申请当前为「已驳回」，不会再审批通过，不能关联。请关联其他已通过的申请，或先另行提交事前申请。`,
    );

    const withdrawn = await submit('fenglei', '/申请 用款申请 办公费 100 绿植', 'qianwei');
    const mine = await t.client.waitForCard('fenglei', hasButton('withdraw'), withdrawn.id);
    await tapAndHear('fenglei', mine, 'withdraw', {}, /已撤回/);
    await refusedWith(
      'fenglei',
      `/申请 费用报销 50 绿植发票 关联=${withdrawn.no}`,
      `No.${withdrawn.no} 用款申请当前为「已撤回」，不会再审批通过，不能关联。请关联其他已通过的申请，或先另行提交事前申请。`,
    );
  });

  it('to another department’s request, with another subject, of the wrong kind, or from a type that takes none', async () => {
    base = await submit('fenglei', '/申请 用款申请 办公费 1000 会议室桌椅', 'qianwei');
    await approveThrough(base.id);
    await refusedWith('xujing', `/申请 费用报销 100 慰问品发票 关联=${base.no}`, `No.${base.no} 用款申请属于其他部门，不能关联。请关联本部门或您本人的申请。`);
    await refusedWith(
      'fenglei',
      `/申请 费用报销 专用材料费 100 材料发票 关联=${base.no}`,
      `No.${base.no} 用款申请使用的是另一条预算指标，与本申请写的科目不同。关联时可以不写科目（自动沿用上级的预算指标）；或改为关联同一科目的申请。`,
    );
    await refusedWith(
      'fenglei',
      `/申请 工程付款 100 桌椅款 关联=${base.no}`,
      `No.${base.no} 用款申请（事前申请）不能作为这类申请的上级：这类申请只能关联合同。请改为关联正确的申请，发送「/关联 编号」可查看整条链。`,
    );
    await refusedWith('fenglei', `/申请 零星支出 办公费 100 胶带 关联=${base.no}`, `这类申请不能关联其他申请（您关联了 No.${base.no} 用款申请）。请去掉 关联=… 后重新发起。`);
    expect(await remainderOf(base.id)).toBe(100_000n);
  });

  it('a type that must be linked is drafted without its parent but cannot be submitted', async () => {
    const before = await line('cjb', '工程项目');
    const draft = await apply('fenglei', '/申请 工程付款 工程项目 1000 雨污管材款');
    expect(draft.card.buttons.map((b) => b.action)).not.toContain('submit');
    expect(draft.card.link).toMatch(/^关联：尚未关联，本类型须关联后才能提交；目前没有可关联的申请$/);
    // a forged 提交 meets the core's check
    expect(await tapAndHear('fenglei', draft, 'submit', {}, /须关联/)).toBe(
      '这类申请须关联已审批通过的合同才能提交。请在申请中加上 关联=编号（申请编号或合同编号），例如：/申请 … 关联=12。',
    );
    expect((await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } })).status).toBe('draft');
    expect((await line('cjb', '工程项目')).frozen).toBe(before.frozen);
  });

  it('children racing for one remainder: of three 400s submitted at once on 1,000, exactly two get in', async () => {
    const drafts: CardMessage[] = [];
    for (const what of ['甲', '乙', '丙']) drafts.push(await apply('fenglei', `/申请 费用报销 400 桌椅发票${what} 关联=${base.no}`));
    expect(drafts.every((d) => hasButton('submit')(d.card))).toBe(true);
    const last = await t.client.lastId('fenglei');
    const taps = await Promise.all(drafts.map((d) => t.client.tap('fenglei', d, 'submit')));
    expect(taps.map((r) => r.status)).toEqual([202, 202, 202]);

    const insufficient = `关联的用款申请 No.${base.no} 剩余可用 200.00 元，本次 400.00 元，超出 200.00 元，无法支付。请把金额调整到剩余额度以内；超出部分请另行提交申请。`;
    const ids = drafts.map((d) => d.card.requestId);
    const outcome = await waitFor(async () => {
      const submitted = await db().request.count({ where: { id: { in: ids }, status: 'in_approval' } });
      const refusals = (await t.client.messages('fenglei')).filter((m) => m.id > last && m.text === insufficient).length;
      return submitted + refusals === 3 && { submitted, refusals };
    }, 'every submit handled');
    expect(outcome).toEqual({ submitted: 2, refusals: 1 });
    expect(await db().request.count({ where: { id: { in: ids }, status: 'draft' } })).toBe(1);
    expect(await remainderOf(base.id)).toBe(20_000n);
    const l = await line('cjb', '办公费');
    expect(await db().$transaction((tx) => ledgerTotals(tx, l.id))).toEqual({
      allotted: l.allotted,
      adjusted: l.adjusted,
      frozen: l.frozen,
      committed: l.committed,
      spent: l.spent,
    });
  });
});

describe('确认付款 refused', () => {
  it('to someone who is not a cashier, and to the cashier who approved the payment; the other cashier pays', async () => {
    const claim = await submit('fenglei', '/申请 费用报销 办公费 200 快递费发票', 'qianwei');
    await approveAs('qianwei', claim.id);
    // 郑佳 hands the finance step to 何芳, who approves it: she may no longer confirm the payment
    const finance = await t.client.waitForCard('zhengjia', hasButton('transfer'), claim.id);
    await tapAndHear('zhengjia', finance, 'transfer', { transferTo: 'hefang', comment: '请何芳核对票据' }, /已转交/);
    await approveAs('hefang', claim.id);
    await approveThrough(claim.id);
    const before = await line('cjb', '办公费');

    // 吴刚 (finance, not a cashier) taps 确认付款 on his card of the request anyway
    const wugang = await t.client.waitForCard('wugang', () => true, claim.id);
    expect(await tapAndHear('wugang', wugang, 'pay', { payment: { voucherNo: '记-2026-200' } }, /只有出纳/)).toBe(
      `只有出纳可以确认付款（申请 No.${claim.no}）和查看待付款。如您是出纳，请联系单位管理员在组织文件中登记出纳角色。`,
    );
    expect(await answerTo('fenglei', `/付款 ${claim.no} 凭证号=记-2026-201`)).toBe(
      `只有出纳可以确认付款（申请 No.${claim.no}）和查看待付款。如您是出纳，请联系单位管理员在组织文件中登记出纳角色。`,
    );
    expect(await answerTo('fenglei', '/待付款')).toBe('只有出纳可以确认付款和查看待付款。如您是出纳，请联系单位管理员在组织文件中登记出纳角色。');

    // 何芳 approved it: no 确认付款 for her, /待付款 says why, /付款 is refused
    const hers = await t.client.waitForCard('hefang', (c) => c.status.code === 'approved', claim.id);
    expect(hasButton('pay')(hers.card)).toBe(false);
    expect(await say('hefang', '/待付款', /待付款/)).toContain(`No.${claim.no} 冯磊 费用报销 200.00 元 · ${day()} 审批通过 · 您经办或审批过，须由其他出纳确认`);
    expect(await answerTo('hefang', `/付款 ${claim.no} 凭证号=记-2026-202`)).toBe(
      `不能确认付款（不相容岗位分离）：申请 No.${claim.no} 经您审批过，须由其他出纳确认付款。此次操作已记录。`,
    );
    const refusals = await db().auditEvent.findMany({ where: { subject: `request:${claim.id}`, action: 'security.refused' }, orderBy: { seq: 'asc' } });
    expect(refusals.map((e) => [e.actorId, (e.data as { code: string }).code])).toEqual([
      ['wugang', 'PAYMENT_NOT_CASHIER'],
      ['fenglei', 'PAYMENT_NOT_CASHIER'],
      ['hefang', 'PAYMENT_CONFLICT'],
    ]);
    const untouched = await line('cjb', '办公费');
    expect([untouched.frozen, untouched.spent]).toEqual([before.frozen, before.spent]);
    expect((await db().request.findUniqueOrThrow({ where: { id: claim.id } })).paymentState).toBe('due');

    const tianyu = await t.client.waitForCard('tianyu', hasButton('pay'), claim.id);
    expect(await tapAndHear('tianyu', tianyu, 'pay', { payment: { voucherNo: '记-2026-203' } }, /已确认付款/)).toBe(
      `No.${claim.no}（200.00 元）已确认付款：付款日期 ${day()}，凭证号 记-2026-203，出纳 田雨。`,
    );
    expect((await line('cjb', '办公费')).spent).toBe(before.spent + 20_000n);
  });

  it('to the cashier who asked for the money herself', async () => {
    const own = await submit('hefang', '/申请 费用报销 办公费 150 银行手续费票据', 'wugang');
    await approveThrough(own.id);
    const hers = await t.client.waitForCard('hefang', (c) => c.status.code === 'approved', own.id);
    expect(hasButton('pay')(hers.card)).toBe(false);
    expect(await answerTo('hefang', `/付款 ${own.no} 凭证号=记-2026-210`)).toBe(
      `不能确认付款（不相容岗位分离）：申请 No.${own.no} 是您本人提交的，须由其他出纳确认付款。此次操作已记录。`,
    );
    await t.client.waitForCard('tianyu', hasButton('pay'), own.id);
  });
});

describe('合同审批 paid by instalments', () => {
  it('an advance paid on signing needs no 验收; an instalment after 验收 does; neither is paid beyond its amount', async () => {
    const line0 = await line('cjb', '工程项目');
    const contract = await submit('fenglei', '/申请 合同审批 工程项目 100000 老街雨污分流一期 供应商=青石建设 分期=30%:签订后,70%:验收合格后', 'qianwei');
    await approveThrough(contract.id);
    const { no: contractNo } = await db().contract.findUniqueOrThrow({ where: { requestId: contract.id } });
    expect(contractNo).toMatch(/^HT-\d{4}-\d{3}$/);
    const shown = await t.client.waitForCard('fenglei', (c) => c.fields.some((f) => f.label === '合同编号'), contract.id);
    expect(shown.card.fields.find((f) => f.label === '合同编号')!.value).toBe(contractNo);
    expect((await line('cjb', '工程项目')).committed).toBe(line0.committed + 10_000_000n);

    await refusedWith(
      'fenglei',
      `/申请 工程付款 70000 二期工程款 关联=${contractNo} 期次=2`,
      `合同 ${contractNo} 第 2 期（验收合格后）尚未验收合格，不能付款。请先发起该期的验收申请（关联=${contractNo} 期次=2），验收审批通过后再申请付款。`,
    );
    await refusedWith(
      'fenglei',
      `/申请 工程付款 35000 预付款 关联=${contractNo} 期次=1`,
      `合同 ${contractNo} 第 1 期（签订后）应付 30,000.00 元，已付或正在付款 0.00 元，本次 35,000.00 元，超出 5,000.00 元。请把金额调整到 30,000.00 元以内。`,
    );

    const advance = await submit('fenglei', `/申请 工程付款 30000 预付款 关联=${contractNo} 期次=1`, 'qianwei');
    expect(advance.draft.card.link).toBe(`关联：合同 ${contractNo} 100,000.00（已用 0.00 → 30,000.00，剩余 70,000.00），不再占用指标`);
    // the first instalment is taken by the payment in approval
    await refusedWith(
      'fenglei',
      `/申请 工程付款 1000 预付款补差 关联=${contractNo} 期次=1`,
      `合同 ${contractNo} 第 1 期（签订后）应付 30,000.00 元，已付或正在付款 30,000.00 元，本次 1,000.00 元，超出 1,000.00 元。该期已全部付清或正在付款，不能再付。请改付其他期次，发送「/关联 ${contractNo}」查看各期情况。`,
    );
    await approveThrough(advance.id);
    expect(await say('hefang', `/付款 ${advance.no} 凭证号=记-2026-300 日期=${day()}`, /已确认付款/)).toContain('凭证号 记-2026-300');
    const after = await line('cjb', '工程项目');
    expect([after.frozen, after.committed, after.spent]).toEqual([line0.frozen, line0.committed + 7_000_000n, line0.spent + 3_000_000n]);
  });
});

describe('预算调整', () => {
  it('a 调剂 of more than the line has left once most of it is frozen is refused at submit', async () => {
    const line0 = await line('dzb', '办公费');
    const printing = await line('dzb', '印刷费');
    const move = await apply('zhouting', '/申请 预算调整 办公费 30000 调剂用于印刷 调入=印刷费');
    expect(move.card.budget?.ok).toBe(true);
    expect(hasButton('submit')(move.card)).toBe(true);
    // meanwhile 60,000 of the line's 80,000 is frozen by a purchase in approval
    await submit('zhouting', '/申请 零星支出 办公费 60000 办公家具', 'sunli');
    const untouched = await line('dzb', '办公费');
    expect(untouched.frozen).toBe(line0.frozen + 6_000_000n);

    expect(await tapAndHear('zhouting', move, 'submit', {}, /预算不足/)).toBe(
      '预算不足，无法提交：「党政办 / 办公费」可用 20,000.00 元，本次申请 30,000.00 元，还差 10,000.00 元。请调整金额，或先申请预算调整。',
    );
    expect((await db().request.findUniqueOrThrow({ where: { id: move.card.requestId } })).status).toBe('draft');
    const after = await line('dzb', '办公费');
    expect([after.frozen, after.adjusted]).toEqual([untouched.frozen, untouched.adjusted]);
    expect((await line('dzb', '印刷费')).adjusted).toBe(printing.adjusted);
  });
});

describe('the books', () => {
  booksBalance();
});

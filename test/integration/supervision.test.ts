// 电子监察 on real PostgreSQL and Redis, through the console: two 76,000 purchases of one category from
// one supplier with a 150,000 threshold raise a 化整为零 alert — on the second draft's card in red, in
// the register, in the 监督群 — and that draft is submitted only with a written explanation, which
// goes to the 监督群 too; 纪检 lists, acknowledges and closes it, others are refused and audited;
// under a blocking policy the submit is refused. A collective decision is filed to 纪检.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isAppError, type ErrorCode } from '../../workflows/domain/errors.js';
import { parseOrgText } from '../../workflows/domain/parse-org.js';
import { loadOrganisation } from '../../workflows/infra/load-org.js';
import type { Actor, WorkflowService } from '../../workflows/service/workflow-service.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { demoOrgDocument } from '../helpers/demo-org-text.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
let client: ConsoleClient;
let orgDoc: Awaited<ReturnType<typeof demoOrgDocument>>;
const actor = (personId: string): Actor => ({ personId, platform: 'console', account: personId, replyTo: { platform: 'console', account: personId, personId } });
const db = () => t.database.db;

async function refused(promise: Promise<unknown>, code: ErrorCode): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) && error.code, `expected ${code}`).toBe(code);
  return isAppError(error) ? error.details : {};
}

const supervision = (doc: typeof orgDoc) => doc.policy.supervision as Record<string, unknown>;

beforeAll(async () => {
  orgDoc = await demoOrgDocument();
  supervision(orgDoc).procurementThreshold = '150000';
  t = await startTestGuanjia({ org: stringify(orgDoc) });
  service = t.deps.service;
  client = new ConsoleClient(t.url);
});
afterAll(() => t?.cleanup());

const purchase = (amount: bigint, purpose: string) => ({ type: '采购申请', subject: '维修费', amount, purpose, supplier: '青石商贸' });

describe('化整为零', () => {
  let second: { id: string; no: number };
  let first: { id: string; no: number };
  let alertNo = 0;

  it('raises nothing for the first 76,000 and an alert for the second, shown in red on its card', async () => {
    first = await service.requests.draft(actor('fenglei'), purchase(7_600_000n, '防汛沙袋'));
    expect(await db().alert.count()).toBe(0);
    await service.requests.submit(actor('fenglei'), first.id);
    second = await service.requests.draft(actor('fenglei'), purchase(7_600_000n, '防汛沙袋（二批）'));
    const alert = await db().alert.findFirstOrThrow({ where: { rule: 'split_purchase' } });
    alertNo = alert.no;
    expect(alert).toMatchObject({ severity: 'violation', state: 'open', requestNos: [first.no, second.no], departmentId: 'cjb', personId: 'fenglei', amount: 15_200_000n });
    expect(alert.citation).toContain('政府采购法实施条例》第二十八条');
    expect(await db().auditEvent.count({ where: { action: 'alert.raised', subject: `alert:${alert.id}` } })).toBe(1);

    const card = await client.waitForCard('fenglei', (c) => c.flags.some((f) => f.code === 'supervision'), second.id);
    const flag = card.card.flags.find((f) => f.code === 'supervision')!;
    expect(flag.tone).toBe('danger');
    expect(flag.text).toContain(`红牌·化整为零 #${alertNo}`);
    expect(flag.text).toContain('合计 152,000.00 元，达到限额 150,000.00 元');
    const submit = card.card.buttons.find((b) => b.action === 'submit');
    expect(submit?.needs).toEqual(['comment']);

    const digest = await waitFor(async () => (await client.group()).find((m) => m.text?.includes(`化整为零 #${alertNo}`)), 'the 监督群 digest');
    expect(digest.text).toContain(`No.${first.no}、No.${second.no}`);
  });

  it('is submitted only with a written explanation, which goes to the 监督群', async () => {
    const details = await refused(service.requests.submit(actor('fenglei'), second.id), 'SPLIT_EXPLANATION_REQUIRED');
    expect(details).toMatchObject({ no: second.no, alertNo });
    // the card's submit with its box filled
    const card = await client.waitForCard('fenglei', (c) => c.buttons.some((b) => b.action === 'submit'), second.id);
    await client.tap('fenglei', card, 'submit', { comment: '汛期物资分两批到货，供应商同一家' });
    await waitFor(async () => (await db().request.findUniqueOrThrow({ where: { id: second.id } })).status === 'in_approval', 'the submit');
    const alert = await db().alert.findFirstOrThrow({ where: { no: alertNo } });
    expect(alert.facts).toMatchObject({ explanation: '汛期物资分两批到货，供应商同一家' });
    expect(await db().auditEvent.count({ where: { action: 'alert.explained', subject: `alert:${alert.id}` } })).toBe(1);
    await waitFor(async () => (await client.group()).find((m) => m.text?.includes(`【化整为零·说明 #${alertNo}】冯磊`)), 'the explanation in the 监督群');
  });

  it('is listed for 纪检 and 主要领导, acknowledged and closed by 纪检 only', async () => {
    const listed = await service.supervision.alerts(actor('lijun'));
    expect(listed.alerts.map((a) => a.no)).toContain(alertNo);
    expect(listed.mayChange).toBe(false);
    await refused(service.supervision.alerts(actor('fenglei')), 'ALERT_NOT_DISCIPLINE');
    await refused(service.supervision.acknowledge(actor('lijun'), alertNo), 'ALERT_NOT_DISCIPLINE');
    expect(await db().auditEvent.count({ where: { action: 'security.refused', actorId: 'lijun', subject: `alert:${alertNo}` } })).toBe(1);

    await client.say('zhaoguoping', '/监察');
    const list = await client.waitForText('zhaoguoping', /监察告警/);
    expect(list.text).toContain(`#${alertNo} 红牌·化整为零（待核实`);
    // 纪检 also gets the alert as a card: 已核实 on it
    const alertCard = await client.waitForCard('zhaoguoping', (c) => c.title === `红牌·化整为零 #${alertNo}`);
    expect(alertCard.card.buttons.map((b) => b.action)).toEqual(['acknowledge_alert', 'close_alert']);
    await client.tap('zhaoguoping', alertCard, 'acknowledge_alert', { alertNo });
    await client.waitForText('zhaoguoping', new RegExp(`#${alertNo}·化整为零】赵国平 已核实`));
    await refused(service.supervision.close(actor('zhaoguoping'), alertNo, '  '), 'ALERT_NOTE_REQUIRED');
    await service.supervision.close(actor('zhaoguoping'), alertNo, '已核实为汛期分批到货，合规');
    const closed = await db().alert.findFirstOrThrow({ where: { no: alertNo } });
    expect(closed).toMatchObject({ state: 'closed', closedById: 'zhaoguoping', acknowledgedById: 'zhaoguoping', note: '已核实为汛期分批到货，合规' });
    await refused(service.supervision.acknowledge(actor('zhaoguoping'), alertNo), 'ALERT_STATE');
    expect(await db().auditEvent.findMany({ where: { subject: `alert:${closed.id}` }, orderBy: { seq: 'asc' }, select: { action: true } })).toEqual([
      { action: 'alert.raised' },
      { action: 'alert.explained' },
      { action: 'alert.acknowledged' },
      { action: 'alert.closed' },
    ]);
  });

  it('is refused outright where the policy says so, and the card offers no 提交', async () => {
    supervision(orgDoc).splitPurchaseBlocks = true;
    await loadOrganisation(db(), parseOrgText(stringify(orgDoc)), 'org.yaml', new Date());
    const third = await service.requests.draft(actor('fenglei'), purchase(5_000_000n, '防汛沙袋（三批）'));
    await refused(service.requests.submit(actor('fenglei'), third.id, { explanation: '还是分批' }), 'SPLIT_PURCHASE_BLOCKED');
    const card = await client.waitForCard('fenglei', (c) => c.flags.some((f) => f.code === 'supervision'), third.id);
    expect(card.card.buttons.map((b) => b.action)).not.toContain('submit');
  });
});

describe('三重一大 备案', () => {
  it('files every collective decision to 纪检 with its meeting record', async () => {
    const { id, no } = await service.requests.draft(actor('fenglei'), { type: '用款申请', subject: '办公费', amount: 100_000n, purpose: '办公设备统一采购', tags: ['三重一大'] });
    await service.requests.submit(actor('fenglei'), id);
    for (;;) {
      const request = await db().request.findUniqueOrThrow({ where: { id } });
      if (request.status !== 'in_approval') break;
      const step = await db().step.findFirstOrThrow({ where: { requestId: id, round: request.round, state: 'active' } });
      const who = step.assignees.find((a) => !step.approvedBy.includes(a))!;
      await service.requests.decide(actor(who), {
        requestId: id,
        stepId: step.id,
        action: 'approve',
        comment: '',
        meeting: step.collective ? { date: '2026-11-20', minutesNo: '党工委〔2026〕12号' } : undefined,
      });
    }
    const filed = await db().alert.findFirstOrThrow({ where: { rule: 'collective_filed', requestNos: { has: no } } });
    expect(filed).toMatchObject({ severity: 'filing', amount: 100_000n });
    expect(filed.facts).toMatchObject({ meetingDate: '2026-11-20', minutesNo: '党工委〔2026〕12号' });
    await waitFor(async () => (await client.group()).find((m) => m.text?.includes(`备案·三重一大备案 #${filed.no}`)), 'the filing in the 监督群');
  });
});

// Shared by the lifecycle tests: one Guanjia on the demo organisation plus 张敏 and a delegation,
// driven through the console API as people would.
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoOrgDocument } from './demo-org-text.js';
import type { Card, CardAction } from '../../bot/card-model.js';
import { ledgerTotals } from '../../workflows/infra/ledger.js';
import { ConsoleClient, hasButton, type ConsoleMessage } from './console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from './test-guanjia.js';

export type CardMessage = ConsoleMessage & { card: Card };

/** The organisation file as parsed YAML, for a test to change before the app starts. */
export type OrgDocument = Record<string, unknown> & { people: object[]; delegations: object[]; roles: Record<string, string[]> };

export interface LifecycleOptions {
  /** changes the organisation (after 张敏 and the delegation are added), e.g. a second cashier */
  tweak?: (doc: OrgDocument) => void;
}

export function useLifecycleApp(options: LifecycleOptions = {}) {
  const t = { app: undefined as unknown as TestGuanjia, client: undefined as unknown as ConsoleClient };
  beforeAll(async () => {
    t.app = await startTestGuanjia({ org: await organisation() });
    t.client = new ConsoleClient(t.app.url);
  });
  afterAll(() => t.app?.cleanup());

  /**
   * The demo organisation plus 张敏 (城建办副主任, a transfer target) and a delegation covering now:
   * 分管领导 刘晓燕 is away and 陈志强 approves for her.
   */
  async function organisation(): Promise<string> {
    const doc = (await demoOrgDocument()) as unknown as OrgDocument;
    doc.people.push({ id: 'zhangmin', name: '张敏', department: 'cjb', title: '城建办副主任', accounts: { console: 'zhangmin' } });
    const now = Date.now();
    doc.delegations = [{ from: 'liuxiaoyan', to: 'chenzhiqiang', starts: new Date(now - 86_400_000).toISOString(), ends: new Date(now + 86_400_000).toISOString() }];
    options.tweak?.(doc);
    return stringify(doc);
  }

  const db = () => t.app.database.db;
  const line = (departmentId: string, subject: string) => db().budgetLine.findFirstOrThrow({ where: { departmentId, subject } });

  /** Sends /申请 and waits for the new draft card. */
  async function apply(as: string, text: string): Promise<CardMessage> {
    const last = await t.client.lastId(as);
    await t.client.say(as, text);
    return waitFor(async () => (await t.client.messages(as)).find((m): m is CardMessage => m.id > last && !!m.card), `draft card for ${as}`);
  }

  /** Drafts and submits; returns the request and the first approver's card. */
  async function submit(as: string, text: string, firstApprover: string) {
    const draft = await apply(as, text);
    expect(draft.card.buttons.map((b) => b.action)).toContain('submit');
    expect((await t.client.tap(as, draft, 'submit')).status).toBe(202);
    const card = await t.client.waitForCard(firstApprover, hasButton('approve'), draft.card.requestId);
    const request = await db().request.findUniqueOrThrow({ where: { id: draft.card.requestId } });
    return { id: request.id, no: request.no, draft, card };
  }

  /** Taps a button (on the card as it stands, or with a forged stepId) and waits for the answer. */
  async function tapAndHear(as: string, message: CardMessage, action: CardAction, extra: Record<string, unknown>, answer: RegExp): Promise<string> {
    const last = await t.client.lastId(as);
    expect((await t.client.tap(as, message, action, extra)).status).toBe(202);
    return (await t.client.waitForText(as, answer, last)).text!;
  }

  async function say(as: string, text: string, answer: RegExp): Promise<string> {
    const last = await t.client.lastId(as);
    await t.client.say(as, text);
    return (await t.client.waitForText(as, answer, last)).text!;
  }

  async function approveAs(as: string, requestId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const card = await t.client.waitForCard(as, hasButton('approve'), requestId);
    return tapAndHear(as, card, 'approve', extra, /已同意/);
  }

  /** Everything a refused action must leave as it was. */
  async function snapshot(requestId: string) {
    const request = await db().request.findUniqueOrThrow({
      where: { id: requestId },
      include: { steps: { orderBy: [{ round: 'asc' }, { index: 'asc' }] }, decisions: true },
    });
    const budget = await db().budgetLine.findUniqueOrThrow({ where: { id: request.budgetLineId } });
    return {
      status: request.status,
      round: request.round,
      returnCount: request.returnCount,
      steps: request.steps.map((s) => ({ id: s.id, state: s.state, assignees: s.assignees, approvedBy: s.approvedBy, meeting: s.meeting })),
      decisions: request.decisions.length,
      frozen: budget.frozen,
      committed: budget.committed,
      spent: budget.spent,
      ledger: await db().ledgerEntry.count({ where: { requestId } }),
    };
  }

  const NOT_ASSIGNEE = /不是申请 No\.\d+ ?当前环节的审批人，无权处理。此次操作已记录/;
  const STEP_CLOSED = /这个环节已经处理过或已失效，卡片上的按钮不再生效/;

  /** Every budget line still agrees with its ledger. */
  function booksBalance(): void {
    it('every budget line still agrees with its ledger', async () => {
      const lines = await db().budgetLine.findMany();
      for (const l of lines) {
        expect(await db().$transaction((tx) => ledgerTotals(tx, l.id)), l.name).toEqual({
          allotted: l.allotted,
          adjusted: l.adjusted,
          frozen: l.frozen,
          committed: l.committed,
          spent: l.spent,
        });
      }
    });
  }

  return { t, db, line, apply, submit, tapAndHear, say, approveAs, snapshot, booksBalance, NOT_ASSIGNEE, STEP_CLOSED };
}

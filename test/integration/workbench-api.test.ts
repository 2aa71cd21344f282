// The workbench's API the way its page uses it, on real PostgreSQL and Redis: 冯磊 (城建办) fills the
// form — his department's lines with what is left, the types, the tags — previews the draft (the
// draft card's budget check and route, nothing kept, no number taken, nothing audited), submits it
// with no typed command; 钱伟, his 部门负责人, finds it in 待办 and rejects it with a reason; 冯磊's page
// then shows 已驳回 and the reason in the history. Acting on someone else's step is refused (and
// audited as in chat), a request one may not view is refused, a POST without the CSRF token is
// refused, and a POST repeated with the same Idempotency-Key is one action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accepted, FormView, ListView, PreviewView, RequestPageView, SearchView } from '../../bot/web/workbench-api.js';
import { PLATFORMS } from '../../adapters/index.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';
import { identityPlatform, WorkbenchClient } from '../helpers/workbench-client.js';

let t: TestGuanjia;
let feng: WorkbenchClient;
let qian: WorkbenchClient;
let wang: WorkbenchClient;
const db = () => t.database.db;

const FENG = '0923456712340011';
const QIAN = '0923456712340010';
const WANG = '0923456712345678';

beforeAll(async () => {
  t = await startTestGuanjia({ platforms: [...PLATFORMS.filter((p) => p.name !== 'dingtalk'), identityPlatform('dingtalk')] });
  feng = await WorkbenchClient.signIn(t.url, 'dingtalk', FENG);
  qian = await WorkbenchClient.signIn(t.url, 'dingtalk', QIAN);
  wang = await WorkbenchClient.signIn(t.url, 'dingtalk', WANG);
});
afterAll(async () => t?.cleanup());

async function officeLine(): Promise<FormView['lines'][number]> {
  const { body } = await feng.get<FormView>('/form');
  return body.lines.find((l) => l.subject === '办公费')!;
}

const draftOf = (line: string, amount: string) => ({ type: '用款申请', line, amount, purpose: '购买办公用品（工作台）', supplier: '青石商贸', tags: [] as string[] });

describe('the workbench API', () => {
  it('offers the form: the department’s lines with what is left on each, the types with their kinds, the tags', async () => {
    const { status, body } = await feng.get<FormView>('/form');
    expect(status).toBe(200);
    expect(body.unitName).toBe('青石街道办事处');
    const balances = await t.deps.service.budget.balances('fenglei');
    expect(body.lines.map((l) => [l.id, l.available])).toEqual(balances.lines.map((l) => [l.id, l.available.toString()]));
    expect(body.lines.length).toBeGreaterThan(0);
    expect(body.types.find((ty) => ty.name === '用款申请')).toMatchObject({ kindLabel: expect.any(String) });
    expect(body.tags).toContain('三重一大');
  });

  it('previews the draft as its card would show it, keeping nothing: no request, no number taken, no audit event', async () => {
    const line = await officeLine();
    const [requestsBefore, auditBefore] = await Promise.all([db().request.count(), db().auditEvent.count()]);
    const { status, body } = await feng.post<PreviewView>('/preview', draftOf(line.id, '1200'));
    expect(status).toBe(200);
    expect(body.card.budget).toBeDefined();
    expect(body.card.route.length).toBeGreaterThan(0);
    expect(body.card.buttons).toEqual([]);
    // no number: no 编号 field, and nothing names one
    expect(body.card.fields.map((f) => f.label)).not.toContain('编号');
    expect(JSON.stringify(body.card)).not.toMatch(/No\.-/);
    expect(JSON.stringify(body.card)).toContain('钱伟');
    expect(await db().request.count()).toBe(requestsBefore);
    expect(await db().auditEvent.count()).toBe(auditBefore);

    // more than the line has left: the draft card says so (its submit would be refused)
    const tooMuch = await feng.post<PreviewView>('/preview', draftOf(line.id, String(Number(line.available) / 100 + 1)));
    expect(tooMuch.status).toBe(200);
    expect(tooMuch.body.card.budget).toMatchObject({ ok: false, problem: expect.stringMatching(/超出/) });
    // a line that is not the department's: refused in the chat's words, as 422
    const noLine = await feng.post<{ error: { code: string; message: string } }>('/preview', draftOf('no-such-line', '100'));
    expect(noLine.status).toBe(422);
    expect(noLine.body.error.code).toBe('NO_BUDGET_LINE');
    expect(noLine.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    // a form that does not fit: 400 in Chinese, never a stack
    const bad = await feng.post<{ error: { code: string; message: string } }>('/preview', { type: '', purpose: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/提交的内容有误/);
  });

  it('submits from the form, the approver rejects with a reason from the page, and the requester sees 已驳回 and the reason', async () => {
    const line = await officeLine();
    const lastNo = (await db().request.aggregate({ _max: { no: true } }))._max.no ?? 0;
    const sent = await feng.post<Accepted>('/requests', { ...draftOf(line.id, '1200'), submit: true });
    expect(sent.status).toBe(202);
    const outcome = await feng.handled(sent.body);
    // the previews took no number: this request has the next one
    const request = await waitFor(
      async () => (await db().request.findFirst({ where: { requesterId: 'fenglei', status: 'in_approval', no: { gt: lastNo } } })) ?? undefined,
      'the submitted request',
    );
    expect(request.no).toBe(lastNo + 1);
    expect(outcome.requestNo).toBe(request.no);
    const submitted = await db().auditEvent.findFirst({ where: { action: 'request.submitted', subject: `request:${request.id}` } });
    expect(submitted).toMatchObject({ platform: 'web', account: 'fenglei', actorId: 'fenglei' });

    const mine = await feng.get<ListView>('/requests?box=mine');
    expect(mine.body.items[0]).toMatchObject({ no: request.no, status: { code: 'in_approval' } });
    const todo = await waitFor(async () => (await qian.get<ListView>('/requests?box=todo')).body.items.find((i) => i.no === request.no), 'the request in 钱伟’s 待办');
    expect(todo).toMatchObject({ requester: '冯磊', light: 'green' });

    // 王建国 is not on this step: refused, audited as in chat, and the request unchanged
    const page = await qian.get<RequestPageView>(`/requests/${request.no}`);
    const reject = page.body.card.buttons.find((b) => b.action === 'reject')!;
    expect(reject.needs).toContain('comment');
    const wangSeen = await wang.lastNotice();
    expect((await wang.post<Accepted>(`/requests/${request.no}/actions`, { action: 'approve', stepId: reject.stepId })).status).toBe(202);
    await wang.noticeAfter(wangSeen, (text) => /[\u4e00-\u9fa5]/.test(text), 'the refusal to 王建国');
    expect(await db().auditEvent.findFirst({ where: { action: 'security.refused', actorId: 'wangjianguo', subject: `request:${request.id}` } })).toMatchObject({ platform: 'web' });
    expect((await db().request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('in_approval');

    // the approver's reject, sent twice with the same key (a double tap, a retry): one decision
    const tap = { action: 'reject', stepId: reject.stepId, comment: '请补充采购清单' };
    const [first, second] = await Promise.all([1, 2].map(() => qian.post<Accepted>(`/requests/${request.no}/actions`, tap, { 'Idempotency-Key': 'reject-once' })));
    expect([first!.status, second!.status]).toEqual([202, 202]);
    await waitFor(async () => (await db().request.findUniqueOrThrow({ where: { id: request.id } })).status === 'rejected', 'the rejection');
    expect(await db().decision.count({ where: { requestId: request.id } })).toBe(1);

    const after = await feng.get<RequestPageView>(`/requests/${request.no}`);
    expect(after.body.card.status.code).toBe('rejected');
    expect(after.body.timeline.map((e) => e.label)).toEqual(['提交', '驳回']);
    expect(after.body.timeline[1]).toMatchObject({ person: '钱伟', comment: '请补充采购清单' });
    const done = await qian.get<ListView>('/requests?box=done');
    expect(done.body.items[0]).toMatchObject({ no: request.no, action: '驳回', status: { code: 'rejected' } });
  });

  it('refuses a request page to someone who may not view it, and any POST without the CSRF token', async () => {
    const request = await db().request.findFirstOrThrow({ where: { requesterId: 'fenglei' } });
    const other = await WorkbenchClient.signIn(t.url, 'dingtalk', '0923456712340005'); // 孙丽, 党政办
    const refused = await other.get<{ error: { code: string; message: string } }>(`/requests/${request.no}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fa5]/);

    const res = await fetch(`${t.url}/app/api/requests`, {
      method: 'POST',
      headers: { cookie: feng.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ ...draftOf('x', '1'), submit: true }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CSRF_INVALID');
  });

  it('searches as /查询 does: the unit for 主要领导, one’s own requests for staff, audited', async () => {
    const unit = await wang.post<SearchView>('/search', { department: '城建办' });
    expect(unit.status).toBe(200);
    expect(unit.body.scope).toBe('unit');
    expect(unit.body.rows.every((r) => r.department === '城建办')).toBe(true);
    const beyond = await feng.post<{ error: { code: string } }>('/search', { department: '党政办' });
    expect(beyond.status).toBe(403);
    expect(await db().auditEvent.count({ where: { action: 'query.run', actorId: 'wangjianguo', platform: 'web' } })).toBeGreaterThan(0);
  });
});

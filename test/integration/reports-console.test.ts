// /报表 through the console, as people use it, on real PostgreSQL and Redis: finance asks for the
// 预算执行情况表 of the unit and gets the summary, then the workbook as a file message whose link
// (signed for them alone) serves an .xlsx that opens, whose totals equal the ledger and whose SHA-256
// the audit trail recorded; 冯磊 (城建办 staff) gets his own department and is refused — audited — the
// unit or another department; every kind of report arrives; the monthly push goes out once for two
// racing timers, to the roles the organisation file names, and arms the next month.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyJobId } from '../../bot/jobs/report-monthly.js';
import { reportLinkId } from '../../bot/files/file-links.js';
import { availableOf } from '../../workflows/domain/budget-balance.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import { approveAll, consoleActor } from '../helpers/approve-all.js';
import { ConsoleClient, type ConsoleMessage } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

let t: TestGuanjia;
let service: WorkflowService;
let client: ConsoleClient;
const db = () => t.database.db;

type FileMessage = ConsoleMessage & { file: { name: string; size: number; url: string } };
const fileOf = (m: ConsoleMessage): FileMessage['file'] | undefined => (m as Partial<FileMessage>).file;

/** sends a command and waits for the answer: its text and the file (two messages, in either order) */
async function ask(as: string, text: string): Promise<{ reply: string; file: FileMessage['file'] }> {
  const before = (await client.messages(as)).length;
  await client.say(as, text);
  return waitFor(async () => {
    // cards of earlier requests may still arrive meanwhile: the answer is the texts
    const answers = (await client.messages(as)).slice(before).filter((m) => m.direction === 'out' && !m.card);
    const file = answers.map(fileOf).find(Boolean);
    const reply = answers.find((m) => !fileOf(m))?.text;
    return file && reply !== undefined && { reply, file };
  }, `the summary and the file answering ${text}`);
}

/** sends a command that is refused: its text answer */
async function refusedText(as: string, text: string): Promise<string> {
  const before = (await client.messages(as)).length;
  await client.say(as, text);
  const answer = await waitFor(async () => (await client.messages(as)).slice(before).find((m) => m.direction === 'out' && !m.card), `the answer to ${text}`);
  return answer.text ?? '';
}

async function download(url: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** the row whose first cell is `label`, as the numbers of its cells by header */
function rowByLabel(sheet: ExcelJS.Worksheet, label: string): Record<string, unknown> {
  const headerRow = [...Array(6).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.values && (r.values as unknown[]).includes('调整后指标'));
  if (!headerRow) throw new Error('no header row');
  const headers = Array.from(headerRow.values as unknown[], (v) => String(v ?? ''));
  for (let i = headerRow.number + 1; i <= sheet.rowCount; i++) {
    const values = Array.from(sheet.getRow(i).values as unknown[]);
    if (values.some((v) => v === label)) return Object.fromEntries(headers.map((h, j) => [h, values[j]]));
  }
  throw new Error(`no row ${label}`);
}

beforeAll(async () => {
  t = await startTestGuanjia();
  service = t.deps.service;
  client = new ConsoleClient(t.url);
  // some movement on the ledger: an approved 用款申请 (committed) and a 零星支出 in approval (frozen)
  const office = await service.requests.draft(consoleActor('fenglei'), { subject: '办公费', amount: 120_000n, purpose: '打印纸' });
  await service.requests.submit(consoleActor('fenglei'), office.id);
  await approveAll(service, db(), office.id);
  const materials = await service.requests.draft(consoleActor('xujing'), { type: '零星支出', subject: '办公费', amount: 35_000n, purpose: '文具' });
  await service.requests.submit(consoleActor('xujing'), materials.id);
});
afterAll(async () => {
  await t?.cleanup();
});

describe('/报表 预算执行', () => {
  it('answers finance with the unit’s summary and a workbook whose totals equal the ledger', async () => {
    const { reply, file } = await ask('wugang', '/报表 预算执行');
    expect(reply).toMatch(/^预算执行情况表（全部，截至 \d{4}-\d{2}-\d{2}，\d+ 条指标）/);
    expect(file.name).toMatch(/^预算执行情况表-全部-\d{4}-\d{2}-\d{2}\.xlsx$/);

    const got = await download(file.url);
    expect(got.status).toBe(200);
    expect(got.type).toContain('spreadsheetml');
    const sheet = (await workbook(got.bytes)).worksheets[0]!;
    const lines = await db().budgetLine.findMany();
    const sum = (f: (l: (typeof lines)[number]) => bigint) => Number(lines.reduce((s, l) => s + f(l), 0n)) / 100;
    const total = rowByLabel(sheet, '合计');
    expect(total['调整后指标']).toBeCloseTo(
      sum((l) => l.allotted + l.adjusted),
      2,
    );
    expect(total['在途冻结']).toBeCloseTo(
      sum((l) => l.frozen),
      2,
    );
    expect(total['已承诺']).toBeCloseTo(
      sum((l) => l.committed),
      2,
    );
    expect(total['已支出']).toBeCloseTo(
      sum((l) => l.spent),
      2,
    );
    expect(total['可用']).toBeCloseTo(sum(availableOf), 2);
    expect(sum((l) => l.frozen)).toBe(350);
    expect(sum((l) => l.committed)).toBe(1200);

    // the audit trail recorded what was sent, by its hash
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'report.generated', actorId: 'wugang' }, orderBy: { seq: 'desc' } });
    expect((event.data as { sha256: string }).sha256).toBe(createHash('sha256').update(got.bytes).digest('hex'));
    // the download too
    await waitFor(() => db().auditEvent.findFirst({ where: { action: 'report.downloaded', actorId: 'wugang' } }), 'the download audited');
  });

  it('serves a workbook only to the person it was made for', async () => {
    const report = await db().report.findFirstOrThrow({ where: { personId: 'wugang' } });
    const forged = await download(t.deps.fileLinks.url(reportLinkId(report.id), 'fenglei'));
    expect(forged.status).toBe(404);
    expect(forged.bytes.toString('utf8')).toContain('这份报表已不存在或不是为您生成的');
  });

  it('gives 冯磊 his own department, and refuses — and audits — the unit or another department', async () => {
    const { reply } = await ask('fenglei', '/报表 预算执行');
    expect(reply).toContain('预算执行情况表（城建办，');
    expect(await refusedText('fenglei', '/报表 预算执行 全部')).toContain('报表只能看本部门的，不能看全单位');
    expect(await refusedText('fenglei', '/报表 预算执行 社会事务办')).toContain('不能看「社会事务办」');
    const refusals = await db().auditEvent.findMany({ where: { action: 'security.refused', actorId: 'fenglei', subject: 'report:budget' } });
    expect(refusals.map((e) => (e.data as { beyond: string }).beyond).sort()).toEqual(['department', 'unit']);
    expect(await refusedText('wugang', '/报表 预算执行 文化站')).toContain('没有「文化站」部门');
  });

  it('takes a cut-off day: nothing after it counts', async () => {
    const { reply, file } = await ask('wugang', '/报表 预算执行 城建办 截至 2026-01-05');
    expect(reply).toContain('预算执行情况表（城建办，截至 2026-01-05');
    const sheet = (await workbook((await download(file.url)).bytes)).worksheets[0]!;
    // today's movements are after 5 January: nothing frozen or committed by then
    const total = rowByLabel(sheet, '合计');
    expect(total['已承诺']).toBe(0);
    expect(total['在途冻结']).toBe(0);
  });
});

describe('the other reports', () => {
  it.each([
    ['/报表 绩效 2026-11', /^审批绩效月报-全部-2026-11\.xlsx$/, '2026年11月审批绩效（全部）'],
    ['/报表 三公', /^三公经费统计-全部-\d{4}-\d{2}-\d{2}\.xlsx$/, '三公经费统计（全部，截至'],
    ['/报表 合同', /^合同执行情况表-全部-\d{4}-\d{2}-\d{2}\.xlsx$/, '合同执行情况表（全部，截至'],
  ])('%s arrives as a summary and a workbook that opens', async (command, name, heading) => {
    const { reply, file } = await ask('lijun', command);
    expect(reply).toContain(heading);
    expect(file.name).toMatch(name);
    const book = await workbook((await download(file.url)).bytes);
    expect(book.worksheets.length).toBeGreaterThan(0);
  });
});

describe('the monthly push', () => {
  it('goes out once for two racing timers, to finance and the principal, and arms the next month', async () => {
    const recipients = await service.reports.pushRecipients();
    expect(recipients.sort()).toEqual(['lijun', 'wangjianguo', 'wugang', 'zhengjia']);
    const filesBefore = new Map(await Promise.all(recipients.map(async (p) => [p, (await client.messages(p)).filter(fileOf).length] as const)));
    // the push for November had been due on 1 December; the month before went out
    await db().reportPush.create({ data: { month: '2026-10', sentAt: new Date('2026-11-02T00:30:00Z') } });
    await t.deps.queues.enqueue('report.monthly', { month: '2026-11' }, { jobId: 'report-monthly-race-a' });
    await t.deps.queues.enqueue('report.monthly', { month: '2026-11' }, { jobId: 'report-monthly-race-b' });
    for (const personId of recipients) {
      const files = await waitFor(async () => {
        const got = (await client.messages(personId)).filter(fileOf);
        return got.length >= filesBefore.get(personId)! + 2 && got;
      }, `the monthly workbooks for ${personId}`);
      const names = files.slice(filesBefore.get(personId)!).map((m) => fileOf(m)!.name);
      expect(names.sort()).toEqual([expect.stringMatching(/^审批绩效月报-全部-2026-11\.xlsx$/), expect.stringMatching(/^预算执行情况表-全部-2026-11-30\.xlsx$/)].sort());
    }
    const pushed = await waitFor(
      () =>
        db()
          .auditEvent.findMany({ where: { action: 'report.pushed' } })
          .then((e) => e.length > 0 && e),
      'the push audited',
    );
    expect(pushed).toHaveLength(1);
    await waitFor(() => t.deps.queues.queue('deadline').getJob(monthlyJobId('2026-12')), 'the December push armed');
    // both racing jobs done: still one push, two workbooks per recipient
    await waitFor(async () => {
      const jobs = await Promise.all(['report-monthly-race-a', 'report-monthly-race-b'].map((id) => t.deps.queues.queue('deadline').getJob(id)));
      const states = await Promise.all(jobs.map((j) => j?.getState()));
      return states.every((s) => s === 'completed' || s === undefined);
    }, 'both push jobs done');
    expect(
      await db().report.count({
        where: { kind: { in: ['performance', 'budget'] }, createdAt: { gte: (await db().reportPush.findUniqueOrThrow({ where: { month: '2026-11' } })).sentAt } },
      }),
    ).toBe(8);
  });
});

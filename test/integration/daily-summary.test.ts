// 监察日报 on real PostgreSQL and Redis with two bot processes on one schema and queue prefix: the
// summary for a day, asked for by both at once and by a doubled timer job, is claimed once and sent
// to the console's 监督群 once, listing the new alert, the open red light and yesterday's 三重一大
// filing; its timer is armed at start for the day's 08:30, and running it arms the next working day's
// (Friday → Monday).
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryJobId } from '../../bot/jobs/supervision-summary.js';
import { collectiveFiled } from '../../workflows/domain/supervision/collective-filed.js';
import { raiseAlerts } from '../../workflows/infra/supervision/raise-alerts.js';
import { ConsoleClient } from '../helpers/console-client.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from '../helpers/test-guanjia.js';

/** The apps' clock: Friday 2026-12-04 08:00 in Beijing when the test starts, running on from there. */
const BASE = new Date('2026-12-04T08:00:00+08:00').getTime();
const started = Date.now();
const clock = () => new Date(BASE + (Date.now() - started));
/** the wall-clock instant at which the apps' clock shows `at` */
const wallTimeOf = (at: Date) => started + (at.getTime() - BASE);

const DAY = '2026-12-04';
const NEXT = '2026-12-07';

let a: TestGuanjia;
let b: TestGuanjia;
let client: ConsoleClient;
const db = () => a.database.db;
const summaryJob = (day: string): Promise<Job | undefined> => a.deps.queues.queue('deadline').getJob(summaryJobId(day));
const summaries = async () => (await client.group()).filter((m) => m.text?.startsWith('【监察日报】'));

/** A summary timer armed for `at`: delayed, for its day, due within a moment of `at` on the apps' clock. */
async function expectArmed(day: string, at: Date): Promise<void> {
  const job = await waitFor(() => summaryJob(day), `the summary timer for ${day}`);
  expect(job.name).toBe('supervision.summary');
  expect(job.data).toEqual({ day, jobVersion: 1 });
  expect(await job.getState()).toBe('delayed');
  expect(Math.abs(job.timestamp + job.delay - wallTimeOf(at))).toBeLessThan(5_000);
}

beforeAll(async () => {
  a = await startTestGuanjia({ clock });
  b = await startTestGuanjia({ reuse: a.config, clock });
  client = new ConsoleClient(b.url);
});
afterAll(async () => {
  await b?.stop();
  await a?.cleanup();
});

describe('the daily supervision summary', () => {
  let no = 0;

  it('is armed at start for today at the configured time, once for both processes', async () => {
    await expectArmed(DAY, new Date('2026-12-04T08:30:00+08:00'));
    const timers = (await a.deps.queues.queue('deadline').getDelayed()).filter((j) => j.name === 'supervision.summary');
    expect(timers.map((j) => j.id)).toEqual([summaryJobId(DAY)]);
  });

  it('is sent once for the day by two processes and a doubled timer, with the new alert, the red light and yesterday’s filing', async () => {
    // a request whose first step is overdue: 办件超时 raised, the light red
    const fenglei = { personId: 'fenglei', platform: 'console' as const, account: 'fenglei' };
    const draft = await a.deps.service.requests.draft(fenglei, { subject: '办公费', amount: 80_000n, purpose: '日报测试' });
    await a.deps.service.requests.submit(fenglei, draft.id);
    no = draft.no;
    const step = await db().step.findFirstOrThrow({ where: { requestId: draft.id, state: 'active' } });
    const past = new Date(clock().getTime() - 3600_000);
    await db().step.update({ where: { id: step.id }, data: { yellowAt: past, dueAt: past } });
    expect(await b.deps.service.deadlines.fire(step.id, 'red')).toBe(true);
    expect(await db().alert.count({ where: { rule: 'overdue' } })).toBe(1);

    // a 三重一大 decision filed yesterday afternoon
    const request = await db().request.findUniqueOrThrow({ where: { id: draft.id } });
    const thursday = new Date('2026-12-03T15:00:00+08:00');
    await db().$transaction((tx) =>
      raiseAlerts(
        tx,
        [collectiveFiled({ stepId: 'collective-step', request, meeting: { date: '2026-12-03', minutesNo: '2026-8' }, by: 'zhouting' }, '《关于三重一大》')],
        thursday,
      ),
    );

    const sent = await Promise.all([a.deps.service.supervision.summary(DAY), b.deps.service.supervision.summary(DAY)]);
    expect(sent.sort()).toEqual([false, true]);
    // the armed timer runs, and a doubled one too: the day is claimed already
    await (await summaryJob(DAY))!.promote();
    await a.deps.queues.enqueue('supervision.summary', { day: DAY }, { jobId: 'supervision-summary-doubled' });
    for (const id of [summaryJobId(DAY), 'supervision-summary-doubled']) {
      await waitFor(async () => (await a.deps.queues.queue('deadline').getJob(id))?.isCompleted(), `job ${id}`);
    }
    await settle();

    const messages = await summaries();
    expect(messages).toHaveLength(1);
    const lines = messages[0]!.text!.split('\n');
    expect(lines[0]).toBe('【监察日报】2026-12-04（周五）');
    // without an earlier summary, the last 24 hours
    expect(lines[1]).toMatch(/^· 新增告警 2 条（2026-12-03 08:0\d 以来）：办件超时 1、三重一大备案 1$/);
    expect(lines).toContain('· 按部门：城建办 2');
    expect(lines).toContain('· 红灯未办 1 个：');
    expect(lines.find((l) => l.startsWith(`· No.${no}「部门负责人审核」办理人 钱伟，`))).toMatch(/，2026-12-04 07:0\d 起超时$/);
    expect(lines).toContain('· 三重一大备案 1 件（2026-12-03 以来）：');
    const filing = await db().alert.findFirstOrThrow({ where: { rule: 'collective_filed' } });
    expect(lines.find((l) => l.includes('纪要 2026-8'))).toBe(`· #${filing.no} No.${no} 用款申请 800.00 元，会议 2026-12-03，纪要 2026-8`);

    expect(await db().supervisionSummary.findMany()).toEqual([{ day: DAY, sentAt: expect.any(Date) }]);
    expect(await db().auditEvent.count({ where: { action: 'supervision.summary', subject: `summary:${DAY}` } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: 'notify.group.sent' } })).toBe(1);
  });

  it('arms the next working day’s at the configured time when it has run: Friday → Monday 08:30', async () => {
    await expectArmed(NEXT, new Date('2026-12-07T08:30:00+08:00'));
    // re-arming (start, the hourly re-arm, the other process) skips the day sent, even before its time
    expect((await a.deps.service.supervision.nextSummary()).day).toBe(NEXT);
    const timers = (await b.deps.queues.queue('deadline').getDelayed()).filter((j) => j.name === 'supervision.summary');
    expect(timers.map((j) => j.id)).toEqual([summaryJobId(NEXT)]);
  });
});

/** Every outbox row dispatched and nothing left to deliver. */
async function settle(): Promise<void> {
  await waitFor(async () => {
    if ((await db().outbox.count({ where: { dispatchedAt: null } })) > 0) return false;
    const counts = await a.deps.queues.queue('notify').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  }, 'deliveries to finish');
}

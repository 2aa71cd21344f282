// The budget balance query on the seeded volume (seeded.ts: 1,000,000 ledger rows by default): the
// service call the /预算 command makes (service.budget.balances, in the bench's process), and /预算
// end to end — posted to the console's HTTP API, handled by the bot, the reply announced to the
// person's conversation — one at a time, p99 of each, asked in turn by every person of the
// organisation (one person asking 100 times in a minute would time the 60-a-minute limit on what one
// person receives, not the query). While the bot runs, the seeded open steps'
// deadlines are moved a year on (and back after), so their timers do not all fire at its start.
import { performance } from 'node:perf_hooks';
import { lastMessageId } from './step-one.js';
import { ms, percentile, postJson, startBot, times, watchConsole, type BenchOptions, type Row } from './bench-kit.js';
import { seededGuanjia } from './seeded.js';

export const BALANCE_GOAL_MS = 20;
const RUNS = 100;
const WARM_UP = 3;

async function timeEach(runs: number, once: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  return samples;
}

export async function benchBalance(options: BenchOptions): Promise<Row[]> {
  const { app, seed, seedSeconds } = await seededGuanjia({ requests: options.scaleRequests, ledgerRows: options.ledgerRows });
  const { db } = app.database;
  const rows = `${seed.ledgerRows.toLocaleString('en')} ledger rows`;
  const people = (await db.person.findMany({ where: { active: true }, select: { id: true }, orderBy: { id: 'asc' } })).map((p) => p.id);
  let turn = 0;
  const nextPerson = () => people[turn++ % people.length]!;
  const inDb = await timeEach(RUNS, async () => {
    const start = performance.now();
    await app.deps.service.budget.balances(nextPerson());
    return performance.now() - start;
  });
  const later = `"yellowAt" = "yellowAt" + interval '1 year', "dueAt" = "dueAt" + interval '1 year'`;
  const earlier = `"yellowAt" = "yellowAt" - interval '1 year', "dueAt" = "dueAt" - interval '1 year'`;
  await db.$executeRawUnsafe(`UPDATE "Step" SET ${later} WHERE "state" = 'active'`);
  try {
    const bot = await startBot(app.config);
    const watch = await watchConsole(app.config.REDIS_URL!, app.config.QUEUE_PREFIX);
    try {
      const endToEnd = await timeEach(RUNS, async () => {
        const person = nextPerson();
        const after = await lastMessageId(app);
        const replied = watch.next(person, after, 1);
        const start = performance.now();
        const res = await postJson(`${bot.url}/console/api/messages`, { as: person, text: '/预算' });
        if (res.status !== 202) throw new Error(`/预算 refused: ${res.status} ${res.body}`);
        return (await replied) - start;
      });
      const dbP99 = percentile(inDb, 0.99);
      const e2eP99 = percentile(endToEnd, 0.99);
      console.log(
        `balance (/预算) with ${rows} (seeded in ${seedSeconds.toFixed(1)} s): service p50 ${ms(percentile(inDb, 0.5))} p99 ${ms(dbP99)}; ` +
          `end to end p50 ${ms(percentile(endToEnd, 0.5))} p99 ${ms(e2eP99)}`,
      );
      return [
        {
          figure: `balance query p99, ${rows}: the service call`,
          ours: ms(dbP99),
          baseline: '—',
          ratio: '—',
          goal: `≤ ${BALANCE_GOAL_MS} ms`,
          met: dbP99 <= BALANCE_GOAL_MS,
        },
        {
          figure: `balance query p99, ${rows}: /预算 reply end to end`,
          ours: ms(e2eP99),
          baseline: `the service call ${ms(dbP99)}`,
          ratio: times(e2eP99 / dbP99),
          goal: `≤ ${BALANCE_GOAL_MS} ms`,
          met: e2eP99 <= BALANCE_GOAL_MS,
        },
      ];
    } finally {
      await watch.close();
      await bot.stop();
    }
  } finally {
    await db.$executeRawUnsafe(`UPDATE "Step" SET ${earlier} WHERE "state" = 'active'`);
  }
}

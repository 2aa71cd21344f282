// The bot's resident set, as the operating system counts it for the bot process alone (the bot runs
// as `npm start` runs it, a child of the bench): idle, 5 s after it started, and the
// largest seen while it handled a batch of decisions end to end. Beside them, a bare node process.
import { spawn } from 'node:child_process';
import { mib, rssOf, sampleMax, sleep, startBot, times, type BenchOptions, type Row } from './bench-kit.js';
import { decisionRun } from './decisions.js';
import { benchGuanjia, botIdle, readyForStepOne } from './step-one.js';

export const RSS_GOAL_BYTES = 200 * 2 ** 20;
const DECISIONS = 60;

/** the resident set of `node -e` doing nothing, 2 s after it started */
async function bareNode(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  try {
    await sleep(2000);
    return await rssOf(child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

export async function benchMemory(_options: BenchOptions): Promise<Row[]> {
  const app = await benchGuanjia();
  const bot = await startBot(app.config).catch(async (error: unknown) => {
    await app.cleanup();
    throw error;
  });
  try {
    await sleep(5000);
    const idle = await rssOf(bot.pid);
    const taps = await readyForStepOne(app, DECISIONS);
    const sampler = sampleMax(() => rssOf(bot.pid), 50);
    await decisionRun(app, bot, taps);
    await botIdle(app);
    const loaded = await sampler.stop();
    const bare = await bareNode();
    console.log(`bot RSS: idle ${mib(idle)}, under ${DECISIONS} decisions ${mib(loaded)} (largest seen); bare node ${mib(bare)}`);
    return [
      { figure: 'bot RSS idle', ours: mib(idle), baseline: `bare node ${mib(bare)}`, ratio: times(idle / bare), goal: `≤ ${mib(RSS_GOAL_BYTES)}`, met: idle <= RSS_GOAL_BYTES },
      {
        figure: `bot RSS under load (largest, ${DECISIONS} decisions end to end)`,
        ours: mib(loaded),
        baseline: `bare node ${mib(bare)}`,
        ratio: times(loaded / bare),
        goal: `≤ ${mib(RSS_GOAL_BYTES)}`,
        met: loaded <= RSS_GOAL_BYTES,
      },
    ];
  } finally {
    await bot.stop();
    await app.cleanup();
  }
}

// `npm run bench`: the figures of issue 14's "Speed and memory", each beside a raw baseline measured in
// the same run on the same machine, and the throughput and scale figures of issues 10 and 11. Each
// figure is a function in its own file; it prints as it goes and returns its rows. At the end the
// table (our value, the baseline, the ratio, the goal) is printed and written as Markdown to
// test/bench/last-run.md, which the README's "Speed and memory" table is refreshed from.
//
//   npm run bench                               every figure (about 10 minutes on 2 cores, against DATABASE_URL / REDIS_URL)
//   npm run bench -- --only decisions,ack       some of them (names below)
//   npm run bench -- [N] [requests at scale]    N requests for the core paths (200); the seeded volume (100,000 requests,
//                                               ten ledger rows each; 0 skips scale and balance)
//   --runs 3          runs of the cheap figures (decisions, ack; the median is reported)
//   --ledger 1000000  the seeded volume by its ledger rows (a tenth as many requests); on the embedded PGlite the
//                     seeded figures run only when a volume is given (seeding there takes many minutes)
//   --timers 100000   pending deadlines of the timers figure
//   --cpu-prof DIR    the decisions figure's bot writes a CPU profile (node --cpu-prof) into DIR
//   --out FILE        where the Markdown goes (test/bench/last-run.md)
// BENCH_TRY_SQL='CREATE INDEX …; …' runs statements on the seeded schema first (an index before its migration).
// The figures that run the bot as a process of its own (decisions, ack, tap, memory, timers, balance) need server
// PostgreSQL and Redis; on the embedded ones only core (and scale, with a volume) run. Every figure keeps to a schema
// and queue prefix of its own, dropped at its end; the timers figure flushes a private redis-server it starts.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createRedis } from '../../bot/queue/redis.js';
import { loadConfigFromEnv } from '../../bot/config.js';
import { benchAck } from './ack.js';
import { benchBalance } from './balance.js';
import type { BenchOptions, Row } from './bench-kit.js';
import { benchCore } from './core.js';
import { benchDecisions } from './decisions.js';
import { benchHotLine } from './hot-line.js';
import { benchMemory } from './memory.js';
import { benchScale } from './scale.js';
import { releaseSeeded } from './seeded.js';
import { benchTapCard } from './tap-card.js';
import { benchTimers } from './timers.js';

interface Figure {
  about: string;
  /** needs the seeded volume */
  seeded?: boolean;
  /** runs the bot as a process of its own beside the bench: needs server PostgreSQL and Redis (the embedded ones serve one process) */
  server?: boolean;
  run(options: BenchOptions): Promise<Row[]>;
}

const FIGURES: Record<string, Figure> = {
  core: { about: 'draft / submit / decide / chains through the service', run: benchCore },
  decisions: { about: 'decisions end to end through the console, beside raw BullMQ', server: true, run: benchDecisions },
  ack: { about: 'inbound ack p99 at 500/s, beside a bare node:http → BullMQ edge', server: true, run: benchAck },
  tap: { about: "tap → next approver's card p99 at 2/s", server: true, run: benchTapCard },
  memory: { about: 'bot RSS idle and under decisions', server: true, run: benchMemory },
  hotline: { about: '1,000 submits at once on one budget line, beside a raw one-row UPDATE', run: benchHotLine },
  timers: { about: '100,000 deadlines armed, and re-armed after Redis loses its data', server: true, run: benchTimers },
  balance: { about: 'budget balance query on the seeded ledger', seeded: true, server: true, run: benchBalance },
  scale: {
    about: '/查询, 化整为零 and reports on the seeded volume (issues 10 and 11)',
    seeded: true,
    run: (o) =>
      benchScale({
        requests: o.scaleRequests,
        ledgerRows: o.ledgerRows,
        runs: 100,
        trySql: (process.env.BENCH_TRY_SQL ?? '')
          .split(';')
          .map((sql) => sql.trim())
          .filter(Boolean),
      }),
  },
};

function parseArgs(argv: string[]): { options: BenchOptions; only: string[]; out: string; seededGiven: boolean } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      flags.set(name!, inline ?? argv[++i] ?? '');
    } else positional.push(arg);
  }
  const only = (flags.get('only') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of only) if (!FIGURES[name]) throw new Error(`no figure "${name}"; there are: ${Object.keys(FIGURES).join(', ')}`);
  const ledgerFlag = flags.get('ledger');
  const scaleRequests = ledgerFlag !== undefined ? Math.round(Number(ledgerFlag) / 10) : Number(positional[1] ?? 100_000);
  const embedded = !loadConfigFromEnv([]).DATABASE_URL;
  return {
    options: {
      runs: Number(flags.get('runs') ?? 3),
      n: Number(positional[0] ?? 200),
      scaleRequests,
      ledgerRows: scaleRequests * 10,
      timers: Number(flags.get('timers') ?? 100_000),
      embedded,
      cpuProfDir: flags.get('cpu-prof'),
    },
    only,
    out: flags.get('out') ?? fileURLToPath(new URL('./last-run.md', import.meta.url)),
    seededGiven: ledgerFlag !== undefined || positional[1] !== undefined,
  };
}

/** columns of a string on a terminal: CJK characters take two */
const width = (text: string) => [...text].reduce((w, c) => w + (c.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));
const metText = (row: Row) => (row.met === undefined ? '—' : row.met ? 'yes' : 'NO');
const HEADER = ['Figure', 'Ours', 'Raw baseline (same run)', 'Ratio', 'Goal', 'Met'];
const cells = (row: Row) => [row.figure, row.ours, row.baseline, row.ratio, row.goal, metText(row)];

function terminalTable(rows: Row[]): string {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...all.map((r) => width(r[c]!))));
  const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c]!)).join('  ');
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => line(cells(row)))].join('\n');
}

function markdownTable(rows: Row[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`)].join('\n');
}

/** the commit measured, and whether the working tree differed from it */
function codeVersion(): string {
  // a copy of the tree without .git (git archive) names what it is
  if (process.env.BENCH_CODE) return process.env.BENCH_CODE;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function versions(): Promise<string> {
  const config = loadConfigFromEnv([]);
  let postgres = 'embedded PGlite';
  let redis = 'embedded redis-server';
  if (config.DATABASE_URL) {
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    postgres = `PostgreSQL ${((await client.query('SHOW server_version')).rows[0] as { server_version: string }).server_version}`;
    await client.end();
  }
  if (config.REDIS_URL) {
    const client = createRedis(config.REDIS_URL, () => {});
    redis = `Redis ${/redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? '?'}`;
    client.disconnect();
  }
  return `${postgres}, ${redis}`;
}

/** the share of CPU time the machine spent idle over `ms` (from /proc/stat), 0–100 */
async function idleShare(ms: number): Promise<number> {
  const read = async () => {
    const [, ...fields] = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/);
    const ticks = fields.map(Number);
    return { idle: ticks[3]! + (ticks[4] ?? 0), total: ticks.reduce((a, b) => a + b, 0) };
  };
  const before = await read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await read();
  return (100 * (after.idle - before.idle)) / Math.max(1, after.total - before.total);
}

/** Waits (up to a minute) until the machine is at least 85% idle over a second; how long it waited, and the last share seen. */
async function settle(): Promise<{ waited: number; idle: number }> {
  const start = performance.now();
  for (;;) {
    const idle = await idleShare(1000);
    if (idle >= 85 || performance.now() - start > 60_000) return { waited: (performance.now() - start) / 1000 - 1, idle };
  }
}

const { options, only, out, seededGiven } = parseArgs(process.argv.slice(2));
const selected = Object.entries(FIGURES).filter(([name, figure]) => {
  if (only.length > 0 && !only.includes(name)) return false;
  if (figure.seeded && options.scaleRequests <= 0) return false;
  if (figure.server && (options.embedded || !loadConfigFromEnv([]).REDIS_URL)) {
    console.log(`\n${name}: skipped: it runs the bot as a process of its own, which needs DATABASE_URL and REDIS_URL (server PostgreSQL and Redis)`);
    return false;
  }
  if (figure.seeded && options.embedded && !seededGiven) {
    console.log(
      `\n${name}: skipped on the embedded PGlite (seeding ${options.ledgerRows} ledger rows takes many minutes there); set DATABASE_URL, or give a volume: --ledger 200000`,
    );
    return false;
  }
  return true;
});

const started = performance.now();
const startedAt = new Date();
const loadBefore = os.loadavg()[0]!;
const rows: Row[] = [];
const timings: string[] = [];
try {
  for (const [name, figure] of selected) {
    console.log(`\n== ${name}: ${figure.about}`);
    // what the figure before left behind (PostgreSQL dropping its schema, vacuuming its tables) ends first
    const settled = await settle();
    if (settled.waited > 1) console.log(`(waited ${settled.waited.toFixed(0)} s for the machine to settle: ${settled.idle.toFixed(0)}% idle)`);
    const t = performance.now();
    try {
      rows.push(...(await figure.run(options)));
    } catch (error) {
      console.error(error);
      rows.push({
        figure: `${name}: failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
        ours: '—',
        baseline: '—',
        ratio: '—',
        goal: '—',
        met: false,
      });
    }
    const s = (performance.now() - t) / 1000;
    timings.push(`${name} ${s.toFixed(0)} s`);
    console.log(`(${name}: ${s.toFixed(1)} s)`);
  }
} finally {
  await releaseSeeded();
}

const total = (performance.now() - started) / 1000;
const machine =
  `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${await versions()}; ` +
  `load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end; code ${codeVersion()}`;
console.log(`\n${terminalTable(rows)}\n\n${machine}; ${total.toFixed(0)} s in all (${timings.join(', ')})`);
const markdown = [
  `<!-- written by npm run bench (test/bench/run.ts); copy the table into the README's "Speed and memory" -->`,
  `Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`, ` +
    `${total.toFixed(0)} s (${timings.join(', ')}).`,
  `Machine: ${machine}. Median of ${options.runs} runs where runs are listed.`,
  '',
  markdownTable(rows),
  '',
].join('\n');
await writeFile(out, markdown);
console.log(`written to ${out}`);
process.exit(0);

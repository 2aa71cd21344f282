// What the figures of `npm run bench` share: a row of the results table, percentiles, the bot as a
// child process of its own (so its resident set and CPU are the bot's alone, not the load's), an
// open-loop HTTP load, and a listener on the console's change channel that notes when each message
// reached a conversation.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Redis } from 'ioredis';
import { builtBotCommand } from '../helpers/bot-command.js';
import { createRedis } from '../../bot/queue/redis.js';
import type { GuanjiaConfig } from '../../adapters/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One line of the results table: our value, the raw baseline measured in the same run, their ratio and the goal. */
export interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** whether the goal is met; undefined where there is no goal */
  met?: boolean;
}

export interface BenchOptions {
  /** runs of the cheap figures (their median is reported) */
  runs: number;
  /** requests for the core write paths (draft/submit/decide) */
  n: number;
  /** requests and ledger rows of the seeded volume (scale, balance); 0 skips those figures */
  scaleRequests: number;
  ledgerRows: number;
  /** pending deadlines of the timers figure */
  timers: number;
  /** the embedded PGlite is in use (no DATABASE_URL) */
  embedded: boolean;
  /** a directory for the bot's CPU profile (node --cpu-prof), or undefined */
  cpuProfDir?: string;
}

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
export const perSecond = (value: number) => `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en')}/s`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const seconds = (value: number) => `${value.toFixed(1)} s`;
export const percent = (value: number) => `${(100 * value).toFixed(value < 0.1 ? 2 : 1)}%`;
export const times = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)}×`;

/** the value below which `q` of the samples lie (nearest rank) */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

/** "19.1/s (18.7, 19.1, 20.3)": the median, and every run when there were several */
export function withRuns(values: readonly number[], format: (v: number) => string): string {
  const mid = format(median(values));
  return values.length > 1 ? `${mid} (runs: ${values.map(format).join(', ')})` : mid;
}

/** Runs `work` over `items` with `concurrency` at a time. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

export const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** What the probe (bot-probe.ts) in the bot process reports: statements and commands sent so far, its memory and CPU. */
export interface BotStats {
  sql: number;
  transactions: number;
  advisoryLocks: number;
  redis: number;
  /** jobs put back for later (BullMQ moveToDelayed) */
  putBack: number;
  rss: number;
  heapUsed: number;
  /** CPU time (user + system) in ms */
  cpuMs: number;
}

export interface BotProcess {
  url: string;
  pid: number;
  stats(): Promise<BotStats>;
  /** how often each SQL statement (its first 120 characters) was sent so far */
  statements(): Promise<Map<string, number>>;
  /** SIGTERM, then SIGKILL after a grace */
  stop(): Promise<void>;
  /** SIGKILL at once (its work is thrown away with its schema) */
  kill(): Promise<void>;
}

/**
 * Starts the bot as `npm start` runs it (the built .build/…/main.js with the start script's node flags)
 * with the settings of `config`, and the probe preloaded; resolves once it printed its address.
 */
export async function startBot(config: GuanjiaConfig, options: { env?: Record<string, string>; cpuProfDir?: string } = {}): Promise<BotProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: config.DATABASE_URL ?? '',
    DATABASE_SCHEMA: config.DATABASE_SCHEMA,
    REDIS_URL: config.REDIS_URL ?? '',
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    DATA_DIR: config.dataDir,
    ORG_FILE: config.ORG_FILE ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    CONSOLE: 'on',
    CONSOLE_PERSONAS: 'on',
    WORKERS: 'on',
    LOG_LEVEL: 'error',
    TZ: config.TZ,
    ...options.env,
  };
  const profile = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const command = await builtBotCommand([await builtProbe()]);
  const server = await spawnServer([...profile, ...command.args], { ...env, ...command.env }, true);
  return {
    ...server,
    stats: () => askProbe<BotStats>(server.child, 'probe', 'probe'),
    statements: async () => new Map(await askProbe<[string, number][]>(server.child, 'probe-statements', 'statements')),
  };
}

let probe: Promise<string> | undefined;

/** bot-probe.ts as JavaScript (the bot runs on node alone, as `npm start` runs it), built once per bench */
function builtProbe(): Promise<string> {
  probe ??= (async () => {
    const outfile = `${ROOT}.build/bench-probe-${process.pid}.mjs`;
    await build({
      entryPoints: [fileURLToPath(new URL('./bot-probe.ts', import.meta.url))],
      outfile,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      logLevel: 'warning',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  return probe;
}

/** The raw edge (raw-edge.ts) as a process of its own. */
export async function startRawEdge(redisUrl: string, prefix: string): Promise<Omit<BotProcess, 'stats' | 'statements'>> {
  const { child: _child, ...server } = await spawnServer(['--import', 'tsx', 'test/bench/raw-edge.ts', redisUrl, prefix], { PATH: process.env.PATH ?? '' }, false);
  return server;
}

/** Starts `node <args>` in the project's folder and resolves with the first loopback address it prints. */
async function spawnServer(args: string[], env: Record<string, string>, ipc: boolean): Promise<Omit<BotProcess, 'stats' | 'statements'> & { child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${args.filter((a) => a.endsWith('.ts')).at(-1)} exited (${code}) before it started:\n${output.slice(-3000)}`)));
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    child,
    url,
    pid: child.pid!,
    stop: async () => {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(late);
    },
    kill: async () => {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await done;
    },
  };
}

function askProbe<T>(child: ChildProcess, ask: string, answer: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const m = message as Record<string, unknown>;
      if (!(answer in m)) return;
      child.off('message', onMessage);
      clearTimeout(timer);
      resolve(m[answer] as T);
    };
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the bot did not answer the probe'));
    }, 10_000);
    child.on('message', onMessage);
    child.send(ask);
  });
}

/** The resident set of any process, from /proc (what process.memoryUsage().rss reads for itself). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : Number.NaN;
}

/** Samples a value every `everyMs` until stopped; the largest seen. */
export function sampleMax(read: () => Promise<number>, everyMs = 100): { stop(): Promise<number> } {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, await read().catch(() => 0));
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return max;
    },
  };
}

/**
 * Listens on the console's change channel (`<prefix>:console`, what the page's live stream is fed
 * from): when each message of a conversation was first announced, in performance.now() time. The
 * bot announces right after the message is written, so this is when the card was delivered.
 */
export interface ConsoleWatch {
  /** conversation → message id → when it was first announced (performance.now()) */
  firstSeen: Map<string, Map<bigint, number>>;
  /**
   * Resolves with the time the (skip + 1)th new message of `conversation` with an id above `afterId` is
   * announced from now on (skip 1: past the person's own message, which the console announces first).
   */
  next(conversation: string, afterId: bigint, skip?: number): Promise<number>;
  close(): Promise<void>;
}

export async function watchConsole(redisUrl: string, prefix: string): Promise<ConsoleWatch> {
  const subscriber: Redis = createRedis(redisUrl, () => {});
  const firstSeen = new Map<string, Map<bigint, number>>();
  const waiting = new Set<{ conversation: string; afterId: bigint; skip: number; resolve: (at: number) => void }>();
  await subscriber.subscribe(`${prefix}:console`);
  subscriber.on('message', (_channel: string, text: string) => {
    const at = performance.now();
    const { conversation, messageId } = JSON.parse(text) as { conversation: string; messageId: string };
    let seen = firstSeen.get(conversation);
    if (!seen) firstSeen.set(conversation, (seen = new Map()));
    const id = BigInt(messageId);
    if (seen.has(id)) return;
    seen.set(id, at);
    for (const w of waiting) {
      if (w.conversation !== conversation || id <= w.afterId) continue;
      if (w.skip-- > 0) continue;
      waiting.delete(w);
      w.resolve(at);
    }
  });
  return {
    firstSeen,
    next: (conversation, afterId, skip = 0) => new Promise((resolve) => waiting.add({ conversation, afterId, skip, resolve })),
    close: async () => {
      subscriber.disconnect();
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON over a kept-alive connection; the status and the body. */
export function postJson(url: string, body: unknown): Promise<{ status: number; body: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** response time from the moment each request was due (not when it went out: no coordinated omission), ms */
  latencies: number[];
  /** requests sent per second, as achieved */
  rate: number;
  /** how late the bench sent them (its own event loop), p99, ms: latencies include it */
  lateP99: number;
}

/**
 * Sends `rate` requests a second for `durationS` seconds on a fixed schedule, whatever the answers
 * take (open loop), and times each from when it was due.
 */
export async function openLoop(url: string, rate: number, durationS: number, body: (i: number) => unknown, okStatus = 202): Promise<OpenLoopResult> {
  const total = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const late: number[] = [];
  let ok = 0;
  let failed = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      const due = start + i * interval;
      late.push(now - due);
      const n = i++;
      pending.push(
        postJson(url, body(n)).then(
          (res) => {
            latencies.push(performance.now() - due);
            if (res.status === okStatus) ok++;
            else failed++;
          },
          () => {
            latencies.push(performance.now() - due);
            failed++;
          },
        ),
      );
    }
    // wait for the next one due (a timer, not a spin: the bot needs the CPU)
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  // the rate the requests went out at (the last was due at (total - 1) × interval)
  const sendingS = Math.max(performance.now() - start, (total - 1) * interval) / 1000;
  await Promise.all(pending);
  return { sent: total, ok, failed, latencies, rate: total / sendingS, lateP99: percentile(late, 0.99) };
}

/** Removes a queue the bench made under a prefix of its own (the tests' cleanup only knows the app's prefix). */
export async function dropQueue(redisUrl: string, prefix: string, name: string): Promise<void> {
  const { Queue } = await import('bullmq');
  const connection = createRedis(redisUrl, () => {});
  const queue = new Queue(name, { connection, prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

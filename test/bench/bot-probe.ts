// Preloaded into the bot process by the bench (built to JavaScript and imported before the built
// bot, bench-kit.ts): counts every SQL statement sent through `pg` (Prisma's adapter and our own pools
// both use pg.Client) — transactions (BEGIN) and advisory locks among them — and every Redis command sent through ioredis (BullMQ's included), and answers
// the bench's 'probe' message over the IPC channel with those counts, the resident set and the CPU
// time ('probe-statements': how often each statement was sent). It changes nothing else.
import pg from 'pg';
import { Job } from 'bullmq';
import { Redis } from 'ioredis';

const counts = { sql: 0, transactions: 0, advisoryLocks: 0, redis: 0, putBack: 0 };
/** how often each statement (its first 120 characters) was sent */
const statements = new Map<string, number>();

const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  counts.sql++;
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? '');
  if (/^\s*BEGIN/i.test(text)) counts.transactions++;
  if (text.includes('pg_advisory_xact_lock')) counts.advisoryLocks++;
  // without the schema's name, which Prisma writes before every table and column
  const shape = text
    .replace(/"[^"]+"\.(?=")/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  statements.set(shape, (statements.get(shape) ?? 0) + 1);
  return query.apply(this, args);
};

const sendCommand = Redis.prototype.sendCommand as (...args: unknown[]) => unknown;
(Redis.prototype as { sendCommand: unknown }).sendCommand = function (this: unknown, ...args: unknown[]) {
  counts.redis++;
  return sendCommand.apply(this, args);
};

// a job put back for later (a card lock held by another job, a recipient's limit, a platform's Retry-After)
const moveToDelayed = Job.prototype.moveToDelayed as (...args: unknown[]) => Promise<void>;
(Job.prototype as { moveToDelayed: unknown }).moveToDelayed = function (this: unknown, ...args: unknown[]) {
  counts.putBack++;
  return moveToDelayed.apply(this, args);
};

process.on('message', (message) => {
  if (message === 'probe-statements') process.send?.({ statements: [...statements] });
  if (message !== 'probe') return;
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.send?.({ probe: { ...counts, rss: memory.rss, heapUsed: memory.heapUsed, cpuMs: (cpu.user + cpu.system) / 1000 } });
});
// the channel must not keep the bot alive once it is told to stop
process.channel?.unref();

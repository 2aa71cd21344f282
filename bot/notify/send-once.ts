// A platform call made at most once per delivery, however often its job runs. Before the call the
// attempt is noted in Redis; after it, the send is noted in Redis at once and then recorded in
// PostgreSQL with its audit receipt (one transaction). A retry — the receipt's write failed, the
// worker died, the job was queued again after Redis lost it — finds the send and skips it. Only a
// worker that dies between the call and the note leaves it unknown: then the send is repeated, and
// told so (`retry`), so a platform that can drop a repeat does (WeCom's duplicate check).
import type { AuditInput } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import { PlatformRateLimited } from '../platform-port.js';

/** Redis keeps the notes a little longer than a job can be retried for */
const NOTE_SECONDS = 8 * 24 * 3600;

/** Runs `send` unless the send named `part` already happened; gives what it returned either way, and records `receipt` with it. */
export type SendOnceWithReceipt = <T>(part: string, send: (retry: boolean, key: string) => Promise<T>, receipt?: AuditInput) => Promise<T>;

// Returns ['sent', result] when the send was noted, else ['try', attempts so far including this one].
const NOTE_ATTEMPT = `
local sent = redis.call('HGET', KEYS[1], 'sent')
if sent then return {'sent', sent} end
local n = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
return {'try', tostring(n)}`;

type OnceDeps = Pick<BotDeps, 'redis' | 'service' | 'log' | 'keyPrefix'>;

/**
 * The sends of one delivery (`scope`: its job's outbox id and platform). `careful`: this run may
 * follow one whose Redis notes are gone (the job was queued again from PostgreSQL, or ran before), so
 * PostgreSQL's record is read before each send.
 */
export function sendOnce(deps: OnceDeps, scope: string, careful: boolean): SendOnceWithReceipt {
  return async <T>(part: string, send: (retry: boolean, key: string) => Promise<T>, receipt?: AuditInput): Promise<T> => {
    const key = `${scope}/${part}`;
    const note = `${deps.keyPrefix}:sent:${key}`;
    const [state, value] = (await deps.redis.eval(NOTE_ATTEMPT, 1, note, NOTE_SECONDS)) as [string, string];
    if (state === 'sent') {
      const result = parse(value) as T;
      // its receipt may not have been written: write it now (a second write of the same key is dropped)
      await deps.service.sent.record(key, result, receipt);
      return result;
    }
    const attempts = Number(value);
    if (careful || attempts > 1) {
      const recorded = await deps.service.sent.find(key);
      if (recorded) return recorded.result as T;
    }
    if (attempts > 1) deps.log.warn('an earlier attempt may have sent this before its worker stopped; sending again', { key, attempts });
    let result: T;
    try {
      result = await send(attempts > 1, key);
    } catch (error) {
      // refused before anything went out (a rate limit): this attempt does not count as one that may have sent
      if (error instanceof PlatformRateLimited) await deps.redis.hincrby(note, 'attempts', -1).catch(() => undefined);
      throw error;
    }
    await deps.redis.hset(note, 'sent', JSON.stringify(result ?? null)).catch((err: unknown) => deps.log.warn('could not note a send in Redis', { key, err }));
    await deps.service.sent.record(key, result, receipt);
    return result;
  };
}

function parse(value: string): unknown {
  try {
    return JSON.parse(value) ?? undefined;
  } catch {
    return undefined;
  }
}

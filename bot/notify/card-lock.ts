// One job at a time draws a request's cards on a platform (a send and a refresh meet at every
// decision): two running at once could finish in the wrong order and leave an older render last.
// The lock is in Redis, so it holds across processes. A job that meets it waits in place: woken at
// once when a job of this process lets go (the usual case: the send and the refresh of one
// decision run side by side in the same worker), and otherwise looking again every few
// milliseconds. Past the wait it gives its worker back and comes back later.
import { DelayedError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobContext } from '../jobs/job-types.js';
import { deleteIfEqual } from '../queue/redis.js';

/** how long a job waits in place for the lock, at most, before it is put back */
export const CARD_LOCK_WAIT_MS = 1_300;
/** how often a waiting job looks again when nothing in this process wakes it (it doubles up to the longest) */
const LOOK_AGAIN_MS = { first: 2, longest: 25 };
/** a holder that died lets go after this */
const HELD_AT_MOST_MS = 60_000;

/** waiters in this process, by lock key: called when a job here lets go of that lock */
const waiting = new Map<string, Set<() => void>>();

function letGoHere(lock: string): void {
  for (const wake of waiting.get(lock) ?? []) wake();
}

function wokenOrAfter(lock: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const set = waiting.get(lock) ?? new Set();
    waiting.set(lock, set);
    const done = () => {
      clearTimeout(timer);
      set.delete(done);
      if (set.size === 0 && waiting.get(lock) === set) waiting.delete(lock);
      resolve();
    };
    const timer = setTimeout(done, ms);
    set.add(done);
  });
}

export interface CardLockDeps {
  redis: Redis;
  keyPrefix: string;
}

/** Runs `work` holding the request's card lock on this platform. */
export async function withCardLock(deps: CardLockDeps, platform: string, requestId: string, job: JobContext, work: () => Promise<void>): Promise<void> {
  const lock = `${deps.keyPrefix}:refresh-lock:${platform}:${requestId}`;
  const owner = `${job.job.id ?? ''}:${job.token ?? ''}:${Math.random()}`;
  const take = async () => (await deps.redis.set(lock, owner, 'PX', HELD_AT_MOST_MS, 'NX')) === 'OK';
  const until = Date.now() + CARD_LOCK_WAIT_MS;
  let taken = await take();
  for (let look = LOOK_AGAIN_MS.first; !taken && Date.now() < until; look = Math.min(2 * look, LOOK_AGAIN_MS.longest)) {
    await wokenOrAfter(lock, Math.min(look, Math.max(0, until - Date.now())));
    taken = await take();
  }
  if (!taken) {
    await job.job.moveToDelayed(Date.now() + 250, job.token);
    throw new DelayedError();
  }
  try {
    await work();
  } finally {
    await deleteIfEqual(deps.redis, lock, owner);
    letGoHere(lock);
  }
}

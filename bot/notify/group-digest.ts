// 群消息汇总: lines for a group are gathered in Redis and sent as one digest per window, because
// group robots take ~20 messages a minute (DingTalk custom robot, WeCom group robot limits).
import type { Platform } from '../../workflows/domain/org-file.js';
import type { BotDeps } from '../deps.js';

export function digestKey(deps: BotDeps, platform: Platform): string {
  return `${deps.keyPrefix}:digest:${platform}:supervision`;
}

export async function addDigestLine(deps: BotDeps, platform: Platform, line: string, lineId: string): Promise<void> {
  // SETNX on the line id keeps a re-dispatched outbox row from adding its line twice.
  const fresh = await deps.redis.set(`${deps.keyPrefix}:digest-line:${platform}:${lineId}`, '1', 'EX', 86_400, 'NX');
  if (fresh !== 'OK') return;
  await deps.redis.rpush(digestKey(deps, platform), line);
  const window = Math.floor(deps.clock().getTime() / deps.digestWindowMs);
  const flushAt = (window + 1) * deps.digestWindowMs;
  await deps.queues.enqueue(
    'digest.flush',
    { platform, group: 'supervision' },
    { jobId: `digest-${platform}-supervision-${window}`, delay: Math.max(0, flushAt - deps.clock().getTime()) },
  );
}

/** Takes every waiting line off the list atomically. */
export async function takeDigestLines(deps: BotDeps, platform: Platform): Promise<string[]> {
  const key = digestKey(deps, platform);
  const result = await deps.redis.multi().lrange(key, 0, -1).del(key).exec();
  return (result?.[0]?.[1] as string[] | undefined) ?? [];
}

// ResponseCodes by card (task_id), kept in Redis so any bot process can update any card. A code comes
// with the send answer and with every tap; each one updates the card once and lapses after 72 hours
// (更新模版卡片消息, document/path/94888; older pages said 24 hours — a refused code is simply skipped).
// Newest first, so a fresh tap's code is used before an older one. Also remembered: a hash of what
// each card shows, so a retried refresh does not spend a code to show the same thing again, and the
// cards each person got about a request, so an older card is brought up to date whenever it has a code.
import type { Redis } from 'ioredis';

const CODE_TTL_MS = 72 * 3600_000;
const KEEP = 5;
const SHOWN_TTL_S = 8 * 24 * 3600;

export class CardCodes {
  constructor(
    private readonly redis: Redis,
    /** `${QUEUE_PREFIX}:wecom` */
    private readonly base: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers a code for the card, unless it was already spent (a replayed tap carries a spent code). */
  async remember(taskId: string, code: string): Promise<boolean> {
    if (await this.redis.exists(this.usedKey(code))) return false;
    const list = this.listKey(taskId);
    // a callback WeCom delivers again (we answered 500) carries the same code
    if ((await this.redis.lrange(list, 0, -1)).some((entry) => entry.endsWith(`:${code}`))) return false;
    await this.redis
      .multi()
      .lpush(list, `${this.now()}:${code}`)
      .ltrim(list, 0, KEEP - 1)
      .pexpire(list, CODE_TTL_MS)
      .exec();
    return true;
  }

  /** Takes the newest code still within its lifetime and marks it spent; null when none is left. */
  async take(taskId: string): Promise<string | null> {
    for (;;) {
      const entry = await this.redis.lpop(this.listKey(taskId));
      if (!entry) return null;
      const sep = entry.indexOf(':');
      const at = Number(entry.slice(0, sep));
      const code = entry.slice(sep + 1);
      if (this.now() - at >= CODE_TTL_MS) continue;
      await this.redis.set(this.usedKey(code), '1', 'PX', CODE_TTL_MS);
      return code;
    }
  }

  /** Puts back a code whose update failed before WeCom could use it (a busy answer, a lost connection). */
  async giveBack(taskId: string, code: string): Promise<void> {
    await this.redis.del(this.usedKey(code));
    await this.redis.multi().lpush(this.listKey(taskId), `${this.now()}:${code}`).pexpire(this.listKey(taskId), CODE_TTL_MS).exec();
  }

  async shown(taskId: string): Promise<string | null> {
    return this.redis.get(`${this.base}:card:${taskId}:shown`);
  }

  async setShown(taskId: string, hash: string): Promise<void> {
    await this.redis.set(`${this.base}:card:${taskId}:shown`, hash, 'EX', SHOWN_TTL_S);
  }

  /** After a tap the tapper's client waits for an answer: the next refresh updates even an unchanged card. */
  async forgetShown(taskId: string): Promise<void> {
    await this.redis.del(`${this.base}:card:${taskId}:shown`);
  }

  /** Every card sent to one person about one request, newest first: older ones follow while they have codes. */
  async addCard(requestId: string, userId: string, taskId: string): Promise<void> {
    const key = `${this.base}:request-cards:${requestId}:${userId}`;
    await this.redis.multi().zadd(key, this.now(), taskId).expire(key, SHOWN_TTL_S).exec();
  }

  async cardsOf(requestId: string, userId: string): Promise<string[]> {
    return this.redis.zrevrange(`${this.base}:request-cards:${requestId}:${userId}`, 0, -1);
  }

  private listKey(taskId: string): string {
    return `${this.base}:card:${taskId}:codes`;
  }

  private usedKey(code: string): string {
    return `${this.base}:code-used:${code}`;
  }
}

// Replies to whoever sent a command go straight to the notify queue (they change no state).
import type { Platform } from '../../workflows/domain/org-file.js';
import type { BotDeps } from '../deps.js';

export interface ReplyTarget {
  platform: Platform;
  to: { account: string; personId?: string; group?: string };
}

export async function reply(deps: BotDeps, target: ReplyTarget, text: string): Promise<void> {
  await deps.queues.enqueue('notify.reply', { platform: target.platform, to: target.to, text });
}

// How `npm start` stops: SIGINT (Ctrl-C) or SIGTERM (a process manager, a container runtime,
// `kill -- -PGID`) starts an orderly stop with a deadline; a second signal exits at once.
import { constants } from 'node:os';
import { redactText } from './log.js';

export interface StopOnSignalsOptions {
  /** the orderly stop: stop taking work, let jobs finish, close Redis users, then the services */
  stop: () => Promise<void>;
  /** after this long the process exits anyway, non-zero */
  deadlineMs: number;
  /**
   * A signal to the whole process group reaches us and also every wrapper above us (npm, a shell),
   * which forwards it again a moment later: repeats this close to the first are the same request.
   */
  repeatWindowMs?: number;
  say: (line: string) => void;
  exit: (code: number) => void;
  now?: () => number;
  on?: (signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void) => void;
}

export function stopOnSignals(options: StopOnSignalsOptions): void {
  const { stop, deadlineMs, repeatWindowMs = 1_000, say, exit, now = Date.now, on = (s, l) => process.on(s, l) } = options;
  const seconds = Math.ceil(deadlineMs / 1000);
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt !== undefined) {
      if (now() - firstAt < repeatWindowMs) return;
      say(`再次收到 ${signal}，立即退出。未完成的任务会在下次启动时继续。`);
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    firstAt = now();
    say(`收到 ${signal}，正在停止：不再接收新消息，等进行中的任务做完（最多 ${seconds} 秒）。要立即退出，请再发一次（再按一次 Ctrl-C）。`);
    const deadline = setTimeout(() => {
      say(`管家未能在 ${seconds} 秒内停止，已强制退出。未完成的任务会在下次启动时继续；若每次都这样，请查看上面的日志。`);
      exit(1);
    }, deadlineMs);
    stop().then(
      () => {
        clearTimeout(deadline);
        say('管家已停止。');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        say(`停止时出错，已退出：${redactText(error instanceof Error ? error.message : String(error))}`);
        exit(1);
      },
    );
  };
  on('SIGINT', onSignal);
  on('SIGTERM', onSignal);
}

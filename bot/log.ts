// One JSON line per event on stderr.
import type { Logger } from './deps.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

export function createLogger(level: keyof typeof LEVELS = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const at = (lvl: keyof typeof LEVELS) => (msg: string, data?: Record<string, unknown>) => {
    if (LEVELS[lvl] < LEVELS[level]) return;
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...data }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

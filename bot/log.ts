// One JSON line per event on stderr, written by pino. The logger, not each caller, keeps secrets out
// of the lines: passwords in URLs, secret-looking query parameters and the values of secret-looking
// keys are masked (in the message, the fields and a child's fields alike), and Error values are
// written as objects with their message, code, cause and stack.
import { pino, type DestinationStream } from 'pino';
import type { Logger } from './deps.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const MASK = '***';

/** keys whose values are never written: secrets, tokens, passwords, WeCom's EncodingAESKey, … */
const SECRET_KEY = /secret|token|passw(?:or)?d|pwd|aes_?key|api_?key|private_?key|authorization|cookie|credential/i;
/** `scheme://user:password@` → `scheme://user:***@` (redis://:pw@host, postgresql://u:pw@h/db) */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@"']*:)[^\s/"']+@/gi;
/** `?access_token=…`, `&corpsecret=…` and the like in URLs written into messages */
const SECRET_PARAM = /([?&][a-z_]*(?:secret|token|passw(?:or)?d|pwd|aes_?key|api_?key|signature)[a-z_]*=)[^&\s"']+/gi;

/** Masks the secrets a piece of free text may carry (URLs with a password, secret query parameters). */
export function redactText(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`).replace(SECRET_PARAM, `$1${MASK}`);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `value` fit for a log line: secrets masked, errors as plain objects, bigints as text. */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (value instanceof Error) return serialiseError(value, seen);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
    if (Array.isArray(value)) return value.map((item) => redact(item, seen));
    if (value instanceof Map)
      return redactEntries(
        [...value.entries()].map(([k, v]) => [String(k), v]),
        seen,
      );
    if (value instanceof Set) return [...value].map((item) => redact(item, seen));
    return redactEntries(Object.entries(value), seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(entries: [string, unknown][], seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries) out[key] = isSecretKey(key) && v !== undefined && v !== null && v !== '' ? MASK : redact(v, seen);
  return out;
}

function serialiseError(error: Error, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  // own fields such as `code`, `errno`, `details` (AppError) and `cause`
  for (const [key, v] of Object.entries(error)) out[key] = isSecretKey(key) && v !== undefined && v !== null && v !== '' ? MASK : redact(v, seen);
  if (error.cause !== undefined && !('cause' in out)) out.cause = redact(error.cause, seen);
  if (error.stack) out.stack = redactText(error.stack);
  return out;
}

/**
 * A logger at `level` writing each line (without its newline) to `write`; stderr by default,
 * synchronously, so the last lines before a crash are not lost in a buffer.
 */
export function createLogger(level: LogLevel = 'info', write?: (line: string) => void, base: Record<string, unknown> = {}): Logger {
  const destination: DestinationStream = write ? { write: (line) => write(line.replace(/\n$/, '')) } : pino.destination({ dest: 2, sync: true });
  const root = pino(
    {
      level,
      // the line keeps the shape it always had: {"level":"info","t":"…","msg":"…",…fields}
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // fields reach pino already redacted (errors as plain objects); its own `err` serialiser would
      // read such an object as an error again and fold the cause into the message
      serializers: { err: (value: unknown) => value },
    },
    destination,
  );
  return wrap(Object.keys(base).length > 0 ? root.child(redact(base) as Record<string, unknown>) : root);
}

function wrap(p: pino.Logger): Logger {
  const at = (lvl: LogLevel) => (msg: string, data?: Record<string, unknown>) => {
    if (!p.isLevelEnabled(lvl)) return;
    if (data === undefined) p[lvl](redactText(msg));
    else p[lvl](redact(data) as Record<string, unknown>, redactText(msg));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(p.child(redact(fields) as Record<string, unknown>)),
  };
}

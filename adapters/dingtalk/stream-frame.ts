// The Stream protocol's frame (developerpedia "Stream 协议描述"): { specVersion, type: SYSTEM | EVENT
// | CALLBACK, headers: { messageId, topic, time, … }, data: a JSON string }. Frames are checked here
// before the SDK sees them, so a malformed one is logged and dropped instead of throwing.
import { z } from 'zod';

export const StreamFrameSchema = z.object({
  specVersion: z.string().optional(),
  type: z.string(),
  headers: z.looseObject({
    messageId: z.string().min(1).optional(),
    topic: z.string().optional(),
    contentType: z.string().optional(),
    /** push time, Unix milliseconds as a string */
    time: z.union([z.string(), z.number()]).optional(),
  }),
  data: z.string().default(''),
});

export type StreamFrame = z.infer<typeof StreamFrameSchema>;

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Unix milliseconds (number or digits) → ISO time; `now` when absent or nonsense */
export function isoTime(ms: string | number | undefined, now: Date): string {
  const n = typeof ms === 'string' && /^\d{10,16}$/.test(ms) ? Number(ms) : typeof ms === 'number' ? ms : NaN;
  const date = new Date(n);
  return Number.isFinite(n) && !Number.isNaN(date.getTime()) ? date.toISOString() : now.toISOString();
}

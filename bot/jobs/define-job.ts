// What a job is: a name, the queue it runs on, the version of its payload, the payload's zod schema
// and the handler, in one file per job (bot/jobs/<name>.ts, after documenso's jobs/definitions).
// Payloads carry their version, because a delayed job (a deadline timer) may wait for days and be
// run by a newer build than the one that queued it.
import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import type { BotDeps } from '../deps.js';
import type { JobContext, JobName, JobPayload, JobSchemas, QueueName } from './job-types.js';

/** The field of a stored payload that holds its version; payloads written before it existed are version 1. */
export const VERSION_FIELD = 'jobVersion';

export interface JobDefinition<N extends JobName = JobName> {
  /** dotted job name, also the BullMQ job name */
  name: N;
  queue: QueueName;
  /** the payload version this build writes; raise it when the schema changes incompatibly */
  version: number;
  /** the current version's payload (the job's file also adds it to JobSchemas) */
  schema: JobSchemas[N];
  /**
   * Turns a payload written by an earlier version (`from` < version, fields as stored) into the
   * current shape before the schema parses it. Without it, older payloads are parsed as they are.
   */
  upgrade?(data: Record<string, unknown>, from: number): unknown;
  handle(deps: BotDeps, payload: JobPayload<N>, job: JobContext): Promise<void>;
  /** runs once when the queue gives up on the job (retries exhausted or unrecoverable) */
  onGaveUp?(deps: BotDeps, data: unknown): Promise<void>;
}

export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<N> {
  return definition;
}

/** The stored form of a payload: the schema's output plus its version. */
export function storedPayload(definition: Pick<JobDefinition, 'schema' | 'version'>, payload: unknown): Record<string, unknown> {
  return { ...(definition.schema.parse(payload) as Record<string, unknown>), [VERSION_FIELD]: definition.version };
}

/**
 * Reads a stored payload of any version this build knows. A payload from a newer build, or one that
 * fails the schema, is an UnrecoverableError: retrying cannot make it parse. The result keeps its
 * version field, so a handler that rewrites its job's data (digest.flush keeps its taken lines)
 * stores it as the current version.
 */
export function readPayload<S extends z.ZodType>(definition: ReadableJob<S>, data: unknown): z.output<S> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UnrecoverableError(`bad payload for ${definition.name}: not an object`);
  const { [VERSION_FIELD]: stored = 1, ...fields } = data as Record<string, unknown>;
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1) {
    throw new UnrecoverableError(`bad payload for ${definition.name}: version ${JSON.stringify(stored)}`);
  }
  if (stored > definition.version) {
    throw new UnrecoverableError(`${definition.name} payload version ${stored} is newer than this build reads (${definition.version})`);
  }
  const current = stored < definition.version && definition.upgrade ? definition.upgrade(fields, stored) : fields;
  const parsed = definition.schema.safeParse(current);
  if (!parsed.success) throw new UnrecoverableError(`bad payload for ${definition.name} (version ${stored}): ${parsed.error.message}`);
  return { ...(parsed.data as object), [VERSION_FIELD]: definition.version } as z.output<S>;
}

/** what reading a payload needs of a job */
export interface ReadableJob<S extends z.ZodType = z.ZodType> {
  name: string;
  version: number;
  schema: S;
  upgrade?(data: Record<string, unknown>, from: number): unknown;
}

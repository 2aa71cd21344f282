// The job registry (bot/jobs): every job's payload survives being stored (JSON in Redis) and read
// back, payloads carry their version, payloads queued by an older build still parse (a deadline
// timer waits for days across an upgrade), and anything unreadable is an UnrecoverableError so the
// queue does not retry it.
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { readPayload, storedPayload, VERSION_FIELD, type ReadableJob } from '../../bot/jobs/define-job.js';
import { JOB_LIST, readJob, type JobInput, type JobName } from '../../bot/jobs/index.js';

const at = '2026-11-02T09:30:00+08:00';
/** one valid payload per job: a job added without one here fails the first test */
const SAMPLES: { [N in JobName]: JobInput<N> } = {
  'inbound.event': { kind: 'command', platform: 'console', account: 'fenglei', dedupeKey: 'console:1', at, conversation: { kind: 'direct', id: 'fenglei' }, text: '/帮助' },
  'notify.deliver': { outboxId: '42', platform: 'dingtalk', effect: { kind: 'card.refresh', requestId: 'r1' } },
  'notify.reply': { platform: 'wecom', to: { account: 'fenglei', personId: 'fenglei', group: 'g1' }, text: '已提交' },
  'digest.flush': { platform: 'console', group: 'supervision', lines: ['No.3 超时'] },
  'deadline.fire': { stepId: 's1', kind: 'red' },
  'supervision.summary': { day: '2026-12-04' },
  'report.monthly': { month: '2026-11' },
  'audit.checkpoint': { day: '2026-12-04' },
};

/** what Redis keeps of a payload: JSON */
const throughRedis = (data: unknown): unknown => JSON.parse(JSON.stringify(data));

function unrecoverable(read: () => unknown): UnrecoverableError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(UnrecoverableError);
    return error as UnrecoverableError;
  }
  throw new Error('expected an UnrecoverableError');
}

describe('every job', () => {
  it('has a distinct name, a known queue and a version of at least 1', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(JOB_LIST.map((j) => j.name).sort());
    expect(new Set(JOB_LIST.map((j) => j.name)).size).toBe(JOB_LIST.length);
    for (const job of JOB_LIST) {
      expect(['inbound', 'notify', 'deadline']).toContain(job.queue);
      expect(Number.isInteger(job.version) && job.version >= 1, job.name).toBe(true);
    }
  });

  it.each(JOB_LIST.map((j) => [j.name, j] as const))('%s: a stored payload carries its version and reads back as it was', (name, job) => {
    const sample = SAMPLES[name];
    const stored = throughRedis(storedPayload(job, sample)) as Record<string, unknown>;
    expect(stored[VERSION_FIELD]).toBe(job.version);
    const { definition, payload } = readJob(name, stored);
    expect(definition).toBe(job);
    expect(payload).toEqual({ ...(job.schema.parse(sample) as object), [VERSION_FIELD]: job.version });
    // a handler that writes its payload back (digest.flush keeps its lines) stores the version too
    expect(readJob(name, throughRedis(payload)).payload).toEqual(payload);
  });

  it('refuses to store a payload its schema refuses', () => {
    const deadline = JOB_LIST.find((j) => j.name === 'deadline.fire')!;
    expect(() => storedPayload(deadline, { stepId: 's1', kind: 'blue' })).toThrow(z.ZodError);
  });
});

describe('a deadline timer queued before payloads carried a version', () => {
  it('still parses as version 1', () => {
    expect(readJob('deadline.fire', { stepId: 's1', kind: 'yellow' }).payload).toEqual({ stepId: 's1', kind: 'yellow', [VERSION_FIELD]: 1 });
  });
});

describe('a payload that cannot be read is unrecoverable', () => {
  it('from a newer build (an unknown future version)', () => {
    const error = unrecoverable(() => readJob('deadline.fire', { stepId: 's1', kind: 'red', [VERSION_FIELD]: 99 }));
    expect(error.message).toMatch(/deadline\.fire payload version 99 is newer/);
  });

  it.each([
    ['a wrong field', { stepId: 's1', kind: 'blue' }],
    ['a missing field', { kind: 'red' }],
    ['not an object', 'deadline'],
    ['null', null],
    ['a version that is not a positive integer', { stepId: 's1', kind: 'red', [VERSION_FIELD]: '1' }],
    ['version 0', { stepId: 's1', kind: 'red', [VERSION_FIELD]: 0 }],
  ])('with %s', (_what, data) => {
    expect(unrecoverable(() => readJob('deadline.fire', data)).message).toMatch(/deadline\.fire/);
  });

  it('of a job nobody defines', () => {
    expect(unrecoverable(() => readJob('deadline.forgotten', { stepId: 's1' })).message).toMatch(/unknown job deadline\.forgotten/);
  });
});

describe('a job at version 3', () => {
  // v1 had `step`, v2 renamed it `stepId`, v3 added `reason`
  const job: ReadableJob = {
    name: 'test.upgraded',
    version: 3,
    schema: z.object({ stepId: z.string(), reason: z.string() }),
    upgrade: (data, from) => {
      const v2 = from === 1 ? { stepId: data.step } : data;
      return { reason: 'timer', ...v2 };
    },
  };

  it('upgrades payloads of every earlier version, with or without the version field', () => {
    expect(readPayload(job, { step: 's1' })).toEqual({ stepId: 's1', reason: 'timer', [VERSION_FIELD]: 3 });
    expect(readPayload(job, { step: 's1', [VERSION_FIELD]: 1 })).toEqual({ stepId: 's1', reason: 'timer', [VERSION_FIELD]: 3 });
    expect(readPayload(job, { stepId: 's2', [VERSION_FIELD]: 2 })).toEqual({ stepId: 's2', reason: 'timer', [VERSION_FIELD]: 3 });
    expect(readPayload(job, { stepId: 's3', reason: 'manual', [VERSION_FIELD]: 3 })).toEqual({ stepId: 's3', reason: 'manual', [VERSION_FIELD]: 3 });
  });

  it('does not run the upgrade on current payloads, and refuses an upgrade that produces a bad payload', () => {
    expect(unrecoverable(() => readPayload(job, { step: 's1', [VERSION_FIELD]: 3 })).message).toMatch(/test\.upgraded \(version 3\)/);
    expect(unrecoverable(() => readPayload(job, { nothing: true, [VERSION_FIELD]: 1 })).message).toMatch(/test\.upgraded \(version 1\)/);
  });
});

// Transactional outbox: effects (cards, texts, digests, timers) are written in the same transaction
// as the state change that caused them, then dispatched to the queue after commit. A process that
// dies in between leaves the rows undispatched, and the next sweep sends them.
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Tx } from './db.js';

export const EffectSchema = z.discriminatedUnion('kind', [
  /** send the request's card to a person (on every platform they are on) */
  z.object({ kind: z.literal('card.send'), requestId: z.string(), personId: z.string() }),
  /** re-render every copy of the request's card */
  z.object({ kind: z.literal('card.refresh'), requestId: z.string() }),
  z.object({ kind: z.literal('text.send'), personId: z.string(), text: z.string() }),
  /** one line for the supervision group's next digest */
  z.object({ kind: z.literal('group.digest'), group: z.literal('supervision'), line: z.string() }),
  /** (re)arm a step's yellow and red timers */
  z.object({ kind: z.literal('deadline.arm'), stepId: z.string(), yellowAt: z.string(), dueAt: z.string() }),
]);

export type Effect = z.infer<typeof EffectSchema>;

export async function emit(tx: Pick<Tx, 'outbox'>, ...effects: Effect[]): Promise<void> {
  if (effects.length === 0) return;
  await tx.outbox.createMany({ data: effects.map((e) => ({ kind: e.kind, payload: e as unknown as Prisma.InputJsonObject })) });
}

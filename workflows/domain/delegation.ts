// 代理 (delegation): while a leader is away, a registered deputy (代理人) may act for them during a
// time-bounded window. The one definition of "active", used by the decision rule, the card's
// buttons, the pending list and who gets a card.
import type { DelegationView } from './types.js';

/** A delegation is active in [startsAt, endsAt). */
export function isDelegationActive(d: Pick<DelegationView, 'startsAt' | 'endsAt'>, now: Date): boolean {
  const t = now.getTime();
  return d.startsAt.getTime() <= t && t < d.endsAt.getTime();
}

/** The people `personId` stands in for at `now` (active delegations to them), in the given order. */
export function delegatorsOf(personId: string, delegations: readonly DelegationView[], now: Date): string[] {
  return [...new Set(delegations.filter((d) => d.toId === personId && isDelegationActive(d, now)).map((d) => d.fromId))];
}

/** The deputies standing in for any of `personIds` at `now`, other than those people themselves. */
export function deputiesOf(personIds: readonly string[], delegations: readonly DelegationView[], now: Date): string[] {
  const deputies = delegations.filter((d) => personIds.includes(d.fromId) && !personIds.includes(d.toId) && isDelegationActive(d, now));
  return [...new Set(deputies.map((d) => d.toId))];
}

// 修改 and the rounds before this one: what the requester changed since the last round (old → new),
// and each earlier round — how it ended, who decided what and when, and what was changed after it.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import type { RequestView, RevisionView, RoundView, StepSnapshot } from '../../workflows/service/workflow-service.js';
import type { FieldChange } from '../../workflows/domain/request-changes.js';
import type { CardChange, CardRound } from '../card-model.js';
import { CHANGE_LABELS, decisionText, NO_VALUE, ROUND_ENDINGS, roundDecisionLine, roundTitle, yuan } from '../replies/card-words.js';
import { ACTION_LABELS } from '../replies/labels.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * What changed since the last round: every edit made before the round the request is in (or goes
 * into), each field from where it stood after the last round to where it stands now. A request in
 * its first round has no last round, so nothing to compare with.
 */
export function changesOf(view: RequestView): CardChange[] | undefined {
  if (view.round <= 1) return undefined;
  const changes = changesBefore(view, view.round);
  return changes.length > 0 ? changes : undefined;
}

/**
 * The earlier rounds, oldest first. A returned request's last round is earlier too: its card shows
 * the route of the next round, and the returned round here with its decisions.
 */
export function historyOf(view: RequestView, tz: string): CardRound[] | undefined {
  const shown = new Set(view.request.status === 'returned' ? [] : view.steps.map((s) => s.id));
  const name = (id: string) => view.names.people.get(id) ?? id;
  const rounds = view.earlierRounds
    .filter((r) => !r.steps.some((s) => shown.has(s.id)))
    .map((r) => ({
      round: r.round,
      title: roundTitle(r.round, ROUND_ENDINGS[endingOf(r.steps)]),
      lines: decisionLines(r, name, tz),
      changes: changesBefore(view, r.round + 1),
    }));
  return rounds.length > 0 ? rounds : undefined;
}

function decisionLines(round: RoundView, name: (id: string) => string, tz: string): string[] {
  return round.decisions.map((d) =>
    roundDecisionLine(dayjs(d.at).tz(tz).format('MM-DD HH:mm'), decisionText(name(d.personId), d.onBehalfOf ? name(d.onBehalfOf) : undefined, ACTION_LABELS[d.action], d.comment)),
  );
}

/** a round ends by a 退回, a 驳回, every step approved, or else by the requester's withdrawal */
function endingOf(steps: readonly StepSnapshot[]): keyof typeof ROUND_ENDINGS {
  if (steps.some((s) => s.state === 'returned')) return 'returned';
  if (steps.some((s) => s.state === 'rejected')) return 'rejected';
  if (steps.length > 0 && steps.every((s) => s.state === 'approved' || s.state === 'skipped')) return 'approved';
  return 'withdrawn';
}

/**
 * The edits made before `round`, worded, one change per field: from its value before the first of
 * them to its value after the last (a field changed and changed back is no change).
 */
function changesBefore(view: RequestView, round: number): CardChange[] {
  const net = new Map<FieldChange['field'], { from: string; to: string }>();
  for (const revision of view.revisions.filter((r: RevisionView) => r.round === round)) {
    for (const c of revision.changes) {
      const seen = net.get(c.field);
      net.set(c.field, { from: seen ? seen.from : c.from, to: c.to });
    }
  }
  return [...net.entries()]
    .filter(([, c]) => c.from !== c.to)
    .map(([field, c]) => ({ label: CHANGE_LABELS[field], from: valueText(view, field, c.from), to: valueText(view, field, c.to) }));
}

/** a changed value as the card shows it: amounts in 元, lines by name */
function valueText(view: RequestView, field: FieldChange['field'], value: string): string {
  switch (field) {
    case 'amount':
      return /^-?\d+$/.test(value) ? yuan(BigInt(value)) : value;
    case 'line':
      return view.names.lines.get(value) ?? value;
    case 'purpose':
    case 'supplier':
      return value || NO_VALUE;
  }
}

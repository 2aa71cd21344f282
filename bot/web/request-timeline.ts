// A request's history for its workbench page, oldest first: every decision of every round (who,
// at which step, what, the comment, for whom a deputy acted), every 修改 between rounds, and the
// current round's submission.
import type { RequestView } from '../../workflows/service/workflow-service.js';
import { ACTION_LABELS } from '../replies/labels.js';
import { TIMELINE_WORDS } from '../replies/workbench-words.js';
import type { TimelineEntry } from './workbench-api.js';

export function requestTimeline(view: RequestView): TimelineEntry[] {
  const name = (id: string) => view.names.people.get(id) ?? id;
  const steps = new Map<string, { name: string; round: number }>();
  for (const round of view.earlierRounds) for (const step of round.steps) steps.set(step.id, { name: step.name, round: round.round });
  for (const step of view.steps) steps.set(step.id, { name: step.name, round: view.round });

  const entries: (TimelineEntry & { time: number })[] = [];
  if (view.request.submittedAt) {
    const at = view.request.submittedAt;
    entries.push({
      time: at.getTime(),
      at: at.toISOString(),
      round: view.round,
      label: view.round > 1 ? TIMELINE_WORDS.resubmitted : TIMELINE_WORDS.submitted,
      person: name(view.request.requesterId),
    });
  }
  for (const decision of view.decisions) {
    const step = steps.get(decision.stepId);
    entries.push({
      time: decision.at.getTime(),
      at: decision.at.toISOString(),
      round: step?.round ?? view.round,
      label: ACTION_LABELS[decision.action],
      person: name(decision.personId),
      step: step?.name,
      comment: decision.comment || undefined,
      onBehalfOf: decision.onBehalfOf ? name(decision.onBehalfOf) : undefined,
    });
  }
  for (const revision of view.revisions) {
    entries.push({
      time: revision.at.getTime(),
      at: revision.at.toISOString(),
      round: revision.round,
      label: TIMELINE_WORDS.edited,
      person: name(view.request.requesterId),
      comment: TIMELINE_WORDS.changed(revision.changes.map((c) => c.field)),
    });
  }
  return entries.sort((a, b) => a.time - b.time).map(({ time: _time, ...entry }) => entry);
}

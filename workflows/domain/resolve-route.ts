// Route resolution (审批路线): which steps a request needs and who approves each, frozen on the
// request at submit. Applies separation of duties (不相容岗位分离), dedupe and 三重一大.
import { appError } from './errors.js';
import { parseBudgetYuan } from './money.js';
import type { Policy, PolicyStep, StepMode, StepRole } from './org-file.js';
import type { OrgSnapshot, ResolvedRoute, RouteInput, RouteNote, RouteStep } from './types.js';

/** One level up when nobody is left on a step (the requester held the role, or the post is vacant). */
const ESCALATION: Partial<Record<StepRole, StepRole>> = {
  department_head: 'department_leader',
  department_leader: 'principal',
  finance: 'principal',
  principal: 'party',
  secretary: 'principal',
};

/** How a step's mode reads in a preview or card. */
export function describeMode(mode: StepMode): string {
  switch (mode) {
    case '依次':
      return '依次：按顺序逐人审批';
    case '会签':
      return '会签：全部同意才通过';
    case '或签':
      return '或签：任一人同意即通过';
  }
}

/** Whether a policy step applies: amount at least minAmount (if set) and, if it lists tags, any of them. */
export function stepApplies(step: PolicyStep, input: Pick<RouteInput, 'amount' | 'tags'>): boolean {
  if (step.minAmount !== undefined && input.amount < parseBudgetYuan(step.minAmount)) return false;
  return !step.tags?.length || step.tags.some((tag) => input.tags.includes(tag));
}

/** 三重一大: at or above the collective threshold, or tagged as such. */
export function isCollectiveMatter(policy: Policy, input: Pick<RouteInput, 'amount' | 'tags'>): boolean {
  return input.amount >= parseBudgetYuan(policy.collectiveThreshold) || input.tags.some((t) => policy.collectiveTags.includes(t));
}

function holders(role: StepRole, org: OrgSnapshot, input: RouteInput): string[] {
  const department = org.departments.get(input.departmentId);
  const ids = role === 'department_head' ? [department?.headId] : role === 'department_leader' ? [department?.leaderId] : (org.roles.get(role) ?? []);
  const active = ids.filter((id): id is string => typeof id === 'string' && org.people.get(id)?.active === true);
  return [...new Set(active)];
}

interface Resolved {
  role: StepRole;
  mode: StepMode;
  assignees: string[];
  note?: RouteNote;
}

/** Holders of the role minus the requester; when none remain, one level up (或签 among several). */
function resolveAssignees(role: StepRole, mode: StepMode, org: OrgSnapshot, input: RouteInput): Resolved | null {
  const all = holders(role, org, input);
  const others = all.filter((id) => id !== input.requesterId);
  if (others.length > 0) {
    if (others.length === all.length) return { role, mode, assignees: others };
    return { role, mode, assignees: others, note: { kind: 'recused', role } };
  }
  const reason = all.length > 0 ? 'requester_holds' : 'vacant';
  const visited = new Set<StepRole>([role]);
  for (let up = ESCALATION[role]; up !== undefined && !visited.has(up); up = ESCALATION[up]) {
    visited.add(up);
    const found = holders(up, org, input).filter((id) => id !== input.requesterId);
    if (found.length === 0) continue;
    const several = found.length > 1;
    return {
      role: up,
      mode: several ? '或签' : '依次',
      assignees: found,
      note: { kind: 'escalated', reason, from: role, to: up, several },
    };
  }
  return null;
}

type DraftStep = Omit<RouteStep, 'index'>;

function noApprover(name: string, role: string): never {
  throw appError('NO_APPROVER', `no approver for step ${name}`, { step: name, role });
}

/**
 * Resolves the route of a request under a policy version. Throws UNKNOWN_REQUEST_TYPE (details.known
 * lists the types) or NO_APPROVER (a step that applies but that nobody can approve: fail closed).
 */
export function resolveRoute(policy: Policy, org: OrgSnapshot, input: RouteInput, policyVersion: number): ResolvedRoute {
  const type = policy.requestTypes.find((t) => t.name === input.type);
  if (!type) {
    throw appError('UNKNOWN_REQUEST_TYPE', `unknown request type: ${input.type}`, {
      type: input.type,
      known: policy.requestTypes.map((t) => t.name),
    });
  }

  const drafts: DraftStep[] = [];
  for (const step of type.steps) {
    if (!stepApplies(step, input)) continue;
    const resolved = resolveAssignees(step.role, step.mode, org, input) ?? noApprover(step.name, step.role);
    const base = {
      name: step.name,
      role: resolved.role,
      mode: resolved.mode,
      limitMinutes: Math.round(step.limitHours * 60),
      mandatory: step.mandatory,
      collective: false,
      ...(resolved.note === undefined ? {} : { note: resolved.note }),
    };
    if (resolved.mode === '依次' && resolved.assignees.length > 1) {
      // 依次 among several: one step per person, in the order the file lists them.
      for (const id of resolved.assignees) {
        drafts.push({ ...base, name: `${step.name}（${org.people.get(id)?.name ?? id}）`, assignees: [id] });
      }
    } else {
      drafts.push({ ...base, assignees: resolved.assignees });
    }
  }

  if (isCollectiveMatter(policy, input)) {
    const name = policy.collectiveStep.name;
    const recorders = resolveAssignees('secretary', '或签', org, input) ?? noApprover(name, 'secretary');
    const why = input.amount >= parseBudgetYuan(policy.collectiveThreshold) ? 'amount' : 'tagged';
    drafts.push({
      name,
      role: 'collective',
      mode: '或签',
      assignees: recorders.assignees,
      limitMinutes: Math.round(policy.collectiveStep.limitHours * 60),
      mandatory: true,
      collective: true,
      note: { kind: 'collective', why, ...(recorders.note ? { recorders: recorders.note } : {}) },
    });
  }

  // Dedupe: the same single person on consecutive steps is asked once, unless the step is mandatory.
  const steps: RouteStep[] = [];
  const merged: ResolvedRoute['merged'] = [];
  for (const draft of drafts) {
    const previous = steps.at(-1);
    const person = draft.assignees.length === 1 ? draft.assignees[0] : undefined;
    if (previous && person !== undefined && !draft.mandatory && previous.assignees.length === 1 && previous.assignees[0] === person) {
      merged.push({ name: draft.name, into: previous.index, personId: person });
      continue;
    }
    steps.push({ ...draft, index: steps.length });
  }
  if (steps.length === 0) throw appError('NO_APPROVER', `route of ${input.type} has no step`, { type: input.type });
  return { policyVersion, steps, merged };
}

// Database rows → domain types. Columns that hold a state are plain strings in PostgreSQL; they are
// checked against the domain's unions here, once, instead of being cast wherever they are read.
import { z } from 'zod';
import { PLATFORMS, REQUEST_KINDS, STEP_MODES, type RequestKind } from '../domain/org-file.js';
import { DECISION_ACTIONS, LIGHTS, REQUEST_STATUSES, STEP_STATES, type ResolvedRoute } from '../domain/types.js';
import type { AttachmentView, DecisionSnapshot, StepSnapshot } from '../service/views.js';

const RequestStatusSchema = z.enum(REQUEST_STATUSES);
const StepStateSchema = z.enum(STEP_STATES);
const StepModeSchema = z.enum(STEP_MODES);
const LightSchema = z.enum(LIGHTS);
const DecisionActionSchema = z.enum(DECISION_ACTIONS);
const PlatformSchema = z.enum(PLATFORMS);
const RequestKindSchema = z.enum(REQUEST_KINDS as [RequestKind, ...RequestKind[]]);
const PaymentStateSchema = z.enum(['due', 'paid']).nullable();

export const requestStatusOf = (row: { status: string }) => RequestStatusSchema.parse(row.status);
export const requestKindOf = (row: { kind: string }) => RequestKindSchema.parse(row.kind);
export const paymentStateOf = (row: { paymentState: string | null }) => PaymentStateSchema.parse(row.paymentState);
export const stepStateOf = (row: { state: string }) => StepStateSchema.parse(row.state);
export const platformOf = (row: { platform: string }) => PlatformSchema.parse(row.platform);
export const stepModeOf = (row: { mode: string }) => StepModeSchema.parse(row.mode);

/** The route frozen on a request (JSON in the database, written by resolveRoute). */
export function routeOf(row: { route: unknown }): ResolvedRoute {
  return row.route as ResolvedRoute;
}

export function stepSnapshot(row: {
  id: string;
  index: number;
  name: string;
  mode: string;
  state: string;
  assignees: string[];
  approvedBy: string[];
  collective: boolean;
  light: string;
  activatedAt: Date | null;
  dueAt: Date | null;
}): StepSnapshot {
  return {
    id: row.id,
    index: row.index,
    name: row.name,
    mode: stepModeOf(row),
    state: stepStateOf(row),
    assignees: row.assignees,
    approvedBy: row.approvedBy,
    collective: row.collective,
    light: LightSchema.parse(row.light),
    activatedAt: row.activatedAt,
    dueAt: row.dueAt,
  };
}

export function decisionSnapshot(row: { stepId: string; personId: string; onBehalfOf: string | null; action: string; comment: string; at: Date }): DecisionSnapshot {
  return { stepId: row.stepId, personId: row.personId, onBehalfOf: row.onBehalfOf, action: DecisionActionSchema.parse(row.action), comment: row.comment, at: row.at };
}

/** an Attachment row as the service reports it */
export function attachmentView(row: {
  id: string;
  seq: number;
  round: number;
  kind: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  removedRound: number | null;
}): AttachmentView {
  return { id: row.id, seq: row.seq, round: row.round, kind: row.kind, name: row.name, size: row.size, mime: row.mime, sha256: row.sha256, removedRound: row.removedRound };
}

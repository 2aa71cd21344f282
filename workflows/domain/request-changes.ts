// 修改: what an edit of a draft or a returned request changes, field by field (old → new). Fields
// left out or given unchanged are not changes; an edit that changes nothing is refused.
import { appError } from './errors.js';

export const EDITABLE_FIELDS = ['line', 'amount', 'purpose', 'supplier'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** One change: amounts in 分 as decimal strings, the budget line by its id. */
export interface FieldChange {
  field: EditableField;
  from: string;
  to: string;
}

export interface EditableFields {
  lineId: string;
  amount: bigint;
  purpose: string;
  supplier: string;
}

/** `no` names the request in the refusal when nothing changes. */
export function changesOf(current: EditableFields, next: Partial<EditableFields>, no?: number): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (field: EditableField, from: string, to: string | undefined) => {
    if (to !== undefined && to !== from) changes.push({ field, from, to });
  };
  add('line', current.lineId, next.lineId);
  add('amount', current.amount.toString(), next.amount?.toString());
  add('purpose', current.purpose, next.purpose?.trim());
  add('supplier', current.supplier, next.supplier?.trim());
  if (changes.length === 0) throw appError('NOTHING_CHANGED', 'edit changes nothing', no === undefined ? {} : { no });
  return changes;
}

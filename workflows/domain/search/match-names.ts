// 部门= and 申请人= name a department or a person as people write them: the id, the full name, or —
// for a department — a part of its name that only one department has (部门=城建 → 城建办). Two people
// may share a name: 申请人=王伟 then means both.

export interface Named {
  id: string;
  name: string;
}

/** ambiguous: several departments have the text in their name (candidates lists them; otherwise every department) */
export type NameMatch = { ok: true; ids: string[] } | { ok: false; ambiguous: boolean; candidates: string[] };

/** The department(s) a 部门= value names; `candidates` lists the names it could mean (all when none). */
export function matchDepartment(text: string, departments: readonly Named[]): NameMatch {
  const wanted = text.trim();
  const exact = departments.filter((d) => d.id === wanted || d.name === wanted);
  if (exact.length > 0) return { ok: true, ids: exact.map((d) => d.id) };
  const partial = departments.filter((d) => d.name.includes(wanted));
  if (partial.length === 1) return { ok: true, ids: [partial[0]!.id] };
  return { ok: false, ambiguous: partial.length > 1, candidates: (partial.length > 1 ? partial : departments).map((d) => d.name) };
}

/** The person (or namesakes) a 申请人= value names: by id or full name only. */
export function matchPerson(text: string, people: readonly Named[]): NameMatch {
  const wanted = text.trim();
  const exact = people.filter((p) => p.id === wanted || p.name === wanted);
  return exact.length > 0 ? { ok: true, ids: exact.map((p) => p.id) } : { ok: false, ambiguous: false, candidates: [] };
}

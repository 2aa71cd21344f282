// The organisation the decision figures run on: the demo organisation plus DEPARTMENTS departments of
// their own, each with a head (first approver), a leader in charge (next approver), one member who
// requests, and a 办公费 line. Load spread over many approvers, as a unit's traffic is: every person
// may receive at most 60 messages a minute (deliver.ts's per-recipient limit), so a batch aimed at one
// approver would time that limit, not the engine.
import { stringify } from 'yaml';
import { demoOrgDocument } from '../helpers/demo-org-text.js';

export const DEPARTMENTS = 150;

export interface BenchDepartment {
  id: string;
  requester: string;
  head: string;
  leader: string;
}

const pad = (i: number) => String(i).padStart(3, '0');

export const benchDepartments: BenchDepartment[] = Array.from({ length: DEPARTMENTS }, (_, i) => ({
  id: `bd${pad(i)}`,
  requester: `bs${pad(i)}`,
  head: `bh${pad(i)}`,
  leader: `bl${pad(i)}`,
}));

export async function benchOrgText(): Promise<string> {
  const doc = (await demoOrgDocument()) as Awaited<ReturnType<typeof demoOrgDocument>> & {
    departments: { id: string; name: string; head: string; leader: string }[];
    budget: { department: string; subject: string; amount: string }[];
  };
  for (const [i, d] of benchDepartments.entries()) {
    doc.departments.push({ id: d.id, name: `测试科${pad(i)}`, head: d.head, leader: d.leader });
    doc.people.push(
      { id: d.leader, name: `分管${pad(i)}`, department: 'ldbz', title: '副主任', accounts: { console: d.leader } },
      { id: d.head, name: `科长${pad(i)}`, department: d.id, title: '科长', accounts: { console: d.head } },
      { id: d.requester, name: `科员${pad(i)}`, department: d.id, title: '科员', accounts: { console: d.requester } },
    );
    doc.budget.push({ department: d.id, subject: '办公费', amount: '1000000' });
  }
  return stringify(doc);
}

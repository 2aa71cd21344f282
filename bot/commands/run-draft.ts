// The workbench's 新建申请 form → the same draft as /申请 makes, then 提交 as the draft card's button
// does: two steps of the core, each answered on its own. A refused submit leaves the draft (its page
// has 提交 and says why).
import { parseYuan } from '../../workflows/domain/money.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import type { DraftEvent } from '../inbound-event.js';

export async function runDraft(deps: Pick<BotDeps, 'service'>, actor: Actor, event: DraftEvent): Promise<void> {
  const { draft } = event;
  const { id } = await deps.service.requests.draft(actor, {
    type: draft.type,
    subject: draft.line,
    amount: draft.amount === undefined ? undefined : parseYuan(draft.amount),
    purpose: draft.purpose,
    supplier: draft.supplier || undefined,
    tags: draft.tags,
    parent: draft.parent,
    contractNo: draft.contractNo,
    instalment: draft.instalment,
  });
  if (event.submit) await deps.service.requests.submit(actor, id, { explanation: event.explanation || undefined });
}

// 附件 on a card: every file with a link signed for the card's viewer, which required kinds are there
// (「✓ 发票」) and which are missing (「缺：发票」, and then no 提交). Files an earlier round saw stay
// listed with their round, also when taken off since; a file added and taken off within one round was
// never seen by an approver and is left out.
import { missingKinds, kindsOffered } from '../../workflows/domain/attachments/required-attachments.js';
import type { RequestView } from '../../workflows/service/workflow-service.js';
import type { CardAttachment, CardAttachments } from '../card-model.js';
import type { FileLinks } from '../deps.js';
import { attachHint, fileText, missingText, presentText, REMOVED_NOTE, roundNote } from '../replies/attachment-words.js';

/** the required kinds with no file that counts now */
export const missingOf = (view: RequestView): string[] => missingKinds(view.requiredAttachments, view.attachments);

export function attachmentsOf(view: RequestView, viewerId: string, links: FileLinks | undefined): CardAttachments | undefined {
  const { request } = view;
  const editable = (request.status === 'draft' || request.status === 'returned') && request.requesterId === viewerId;
  if (view.attachments.length === 0 && view.requiredAttachments.length === 0 && !editable) return undefined;
  const files: CardAttachment[] = view.attachments
    .filter((f) => f.removedRound === null || f.removedRound > f.round)
    .map((f) => {
      const removed = f.removedRound !== null;
      const earlier = f.round !== view.round;
      return {
        seq: f.seq,
        kind: f.kind,
        text: fileText(f.name, f.size),
        url: links ? links.url(f.id, viewerId) : '',
        note: removed ? `${roundNote(f.round)} · ${REMOVED_NOTE}` : earlier ? roundNote(f.round) : undefined,
        removed,
        removable: editable && !removed,
      };
    });
  const missing = missingOf(view);
  const offered = kindsOffered(view.requiredAttachments);
  return {
    files,
    present: view.requiredAttachments.filter((k) => !missing.includes(k)).map(presentText),
    missing,
    missingText: missing.length > 0 ? missingText(missing) : undefined,
    uploadKinds: editable ? offered : undefined,
    hint: editable ? attachHint(request.no, missing.length > 0 ? missing : offered) : undefined,
  };
}

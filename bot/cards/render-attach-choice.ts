// 「附到哪一笔？」: a file came while its sender had several requests open. The card offers one button
// per request and kind (the kinds its type requires first, missing ones marked, then 其他), each
// placing the held file; its footer gives the same choices as /附件 commands for platforms whose
// cards cannot carry them. It is an answer, not a request's card: it is sent once and never refreshed.
import type { Notice } from '../../workflows/service/workflow-service.js';
import type { Card, CardButton } from '../card-model.js';
import { ATTACH_CHOICE } from '../replies/attachment-words.js';

type ChooseNotice = Extract<Notice, { kind: 'attachment.choose' }>;

/** WeCom shows six buttons at most; the rest are in the footer */
const BUTTONS = 6;

export function renderAttachChoice(notice: ChooseNotice): Card {
  const buttons: CardButton[] = [];
  for (const choice of notice.choices) {
    if (!choice.requestId || !notice.heldId) continue;
    const kinds = [...choice.missing, ...choice.kinds.filter((k) => !choice.missing.includes(k))];
    for (const kind of kinds) {
      buttons.push({
        action: 'attach',
        label: ATTACH_CHOICE.button(choice.no, kind, choice.missing.includes(kind)),
        style: choice.missing.includes(kind) ? 'primary' : 'default',
        requestId: choice.requestId,
        attach: { heldId: notice.heldId, kind },
      });
    }
  }
  return {
    requestId: notice.choices[0]?.requestId ?? '',
    title: ATTACH_CHOICE.title(notice.name),
    status: { code: 'draft', label: ATTACH_CHOICE.status, tone: 'info' },
    fields: notice.choices.map((c) => ({ label: ATTACH_CHOICE.requestLabel(c.no, c.type), value: ATTACH_CHOICE.requestValue(c.missing) })),
    route: [],
    flags: [],
    buttons: buttons.slice(0, BUTTONS),
    footer: ATTACH_CHOICE.footer(notice.choices.flatMap((c) => c.kinds.map((k) => ({ no: c.no, kind: k })))),
  };
}

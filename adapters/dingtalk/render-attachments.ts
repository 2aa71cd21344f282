// 附件 on the DingTalk card: one Markdown text (the template's `attachments` variable) listing the
// files as links signed for the card's viewer, the required kinds that are there (✓ 发票), those
// still missing in red (缺：发票), and how to add a file by chat. The words all come from the card
// model; this only lays them out. DingTalk's card Markdown takes links and <font color=…>.
import type { CardAttachment, CardAttachments } from '../../bot/card-model.js';

const RED = '#FF0000';
const GREY = '#888888';

/** the Markdown for `attachments`; '' when the card says nothing about attachments */
export function attachmentsMarkdown(attachments: CardAttachments | undefined): string {
  if (!attachments) return '';
  const lines = attachments.files.map(fileLine);
  if (attachments.present.length > 0) lines.push(attachments.present.map(escape).join('　'));
  if (attachments.missingText) lines.push(`<font color=${RED}>${escape(attachments.missingText)}</font>`);
  if (attachments.hint) lines.push(`<font color=${GREY}>${escape(attachments.hint)}</font>`);
  // a blank line between lines: a single newline does not break a line in Markdown
  return lines.join('\n\n');
}

/** 「1、[发票 · invoice.pdf（213 KB）](url) 第 1 轮」: the number is what /删除附件 names; a taken-off file is grey */
function fileLine(file: CardAttachment): string {
  const label = escape(`${file.kind} · ${file.text}`);
  // no link when none could be signed (the card model then gives an empty url)
  const link = file.url ? `[${label}](${linkTarget(file.url)})` : label;
  const note = file.note ? ` ${escape(file.note)}` : '';
  // 「1、」, not 「1.」: Markdown would renumber an ordered list from 1 and lose the file's own number
  if (file.removed) return `<font color=${GREY}>${file.seq}、${link}${note}</font>`;
  return `${file.seq}、${link}${note ? ` <font color=${GREY}>${note.trim()}</font>` : ''}`;
}

/** characters that would start formatting, a tag or the end of the link text are shown as typed */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const URL_UNSAFE: Record<string, string> = { ' ': '%20', '(': '%28', ')': '%29', '<': '%3C', '>': '%3E' };

/** a space or parenthesis in the URL would end the link early */
function linkTarget(url: string): string {
  return url.replace(/[ ()<>]/g, (c) => URL_UNSAFE[c] ?? c);
}

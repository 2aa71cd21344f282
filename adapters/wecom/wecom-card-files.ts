// 附件 on a WeCom card. A button_interaction card has no jump_list (that list belongs to the
// text_notice and news_notice cards; 发送应用消息 · 模板卡片消息, document/path/90236), but its
// horizontal_content_list rows can be links (type 1 with a url): the first files take rows there,
// after the request's own fields, and the rest go into sub_title_text as one line. What is missing
// (「缺：发票」, the reason 提交 is not offered) stays in the text with the route; the hint on how to
// attach by chat comes in where there is room.
import type { Card, CardAttachment } from '../../bot/card-model.js';
import { clip } from './wecom-text.js';

/** horizontal_content_list holds at most 6 rows (document/path/90236) */
export const ROWS_MAX = 6;
/** files shown as link rows at most: as many as jump_list would have held */
const FILE_ROWS_MAX = 3;
/** rows the request's own fields keep however many files there are: 编号, 申请人, 金额, 事由 */
const FIELD_ROWS_MIN = 4;
/** the line naming the files without a row of their own */
const FILES_LINE_MAX = 60;

export interface FileRow {
  type: 1;
  /** the kind: keyname up to 5 characters */
  keyname: string;
  /** the file's text: value up to 30 characters */
  value: string;
  url: string;
}

/** Files that may open from the card: current ones (taken-off ones are listed in the text). */
const linkable = (card: Card): CardAttachment[] => card.attachments?.files.filter((f) => !f.removed && f.url) ?? [];

/** How many files get a link row, next to `fieldCount` fields. */
export function fileRowCount(card: Card, fieldCount: number): number {
  return Math.min(linkable(card).length, FILE_ROWS_MAX, Math.max(ROWS_MAX - fieldCount, ROWS_MAX - FIELD_ROWS_MIN));
}

export function fileRows(card: Card, count: number): FileRow[] {
  return linkable(card)
    .slice(0, count)
    .map((f) => ({ type: 1, keyname: clip(f.kind, 5), value: clip(f.note ? `${f.text} ${f.note}` : f.text, 30), url: f.url }));
}

/** 「⚠ 缺：发票」: with the route, as it explains why there is no 提交 */
export function missingLines(card: Card): string[] {
  const text = card.attachments?.missingText;
  return text ? [`⚠ ${text}`] : [];
}

/** Where there is room: the files without a row, as 「附件：其他 b.png（8 KB）；发票 a.pdf（212 KB）（已撤下）」. */
export function filesLine(card: Card, rowCount: number): string[] {
  const shown = new Set(linkable(card).slice(0, rowCount));
  const rest = (card.attachments?.files ?? []).filter((f) => !shown.has(f)).map((f) => `${f.kind} ${f.text}${f.note ? `（${f.note}）` : ''}`);
  return rest.length > 0 ? [clip(`附件：${rest.join('；')}`, FILES_LINE_MAX)] : [];
}

/** Last, where there is room: how to attach a file by chat. */
export function attachHint(card: Card): string[] {
  return card.attachments?.hint ? [card.attachments.hint] : [];
}

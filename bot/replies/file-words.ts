// The words around a file the bot sends (a report's workbook): how it is named in a chat, and the line
// that carries its download link where the platform cannot take the file itself.
import { fileText } from './attachment-words.js';

/** 「📎 预算执行情况表-2026-11-30.xlsx（48 KB）」 */
export const sentFileText = (name: string, size: number) => `📎 ${fileText(name, size)}`;

/** a file too large for the platform's file messages: its link instead (signed for the recipient) */
export const fileLinkText = (name: string, size: number, url: string) => `${sentFileText(name, size)}\n文件较大，无法作为聊天文件发送，请点击链接下载：${url}`;

// Addresses on the workbench (工作台) that cards and chat answers link to. They are the server's deep
// links: GET /app/r/<no> and GET /app/new sign the person in the way the platform they came from
// does (`via`: WeCom through its OAuth page, DingTalk by the page's JSAPI), then show the page.
import type { Platform } from '../../workflows/domain/org-file.js';

/** the 新建申请 form */
export const NEW_REQUEST_PATH = '/app/new';

/** a request's page: its history, budget effect and the same buttons as its card */
export function requestPagePath(no: number): string {
  return `/app/r/${no}`;
}

/** `url` (a workbench address) as opened from `via`, so the server knows how to sign the person in */
export function openedFrom(url: string, via: Platform): string {
  return `${url}${url.includes('?') ? '&' : '?'}via=${via}`;
}

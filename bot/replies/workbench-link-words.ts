// The words of links into the workbench (工作台) from a chat: the 「在工作台打开」 on every card, and
// the answer to /申请 typed alone, which opens the 新建申请 form.

/** the link on every card to the request's page, where 驳回 / 退回 take a reason and 转交 a person */
export const OPEN_IN_WORKBENCH = '在工作台打开';

/** /申请 with nothing after it: the form, instead of the command's usage */
export const APPLY_FORM = {
  title: '新建申请',
  text: '在工作台填写申请单：选申请类型和预算指标，填金额、事由和供应商，提交前可预览预算影响和审批路线。',
  /** at most 4 characters (WeCom's textcard btntxt) */
  button: '填写申请',
  /** still there for whoever prefers typing */
  typed: '也可以直接发送：/申请 科目 金额 事由（例如 /申请 办公费 1200 购买打印纸）。',
} as const;

/** the words of the /申请 link, under its title */
export const APPLY_FORM_TEXT = `${APPLY_FORM.text}\n${APPLY_FORM.typed}`;

/** where a link cannot be a button (a plain text message): the words, then the address to tap */
export function linkText(link: { title: string; text: string; url: string }): string {
  return `【${link.title}】${link.text}\n${link.url}`;
}

// The words Slack's Block Kit card adds around the card's own words (adapters/slack/slack-blocks.ts):
// the headings of its parts, the notification line, and what is said when Slack's limits leave
// something out. Everything else on the card comes from the card model, already worded.

/** the headings of the card's parts */
export const SLACK_CARD_HEADINGS = {
  budget: '预算影响',
  chain: '关联链',
  route: '审批路线',
  changes: '本轮修改',
  history: '历次审批',
  attachments: '附件',
  flags: '风险提示',
} as const;

/** 「状态：审批中」 */
export const slackStatusLine = (label: string): string => `状态：${label}`;

/** 「城建办 / 办公费 可用：48,800.00 元 → 47,600.00 元（已冻结本笔）」 */
export const slackBudgetLine = (line: string, change: string): string => `${line} 可用：${change}`;

/** the message's plain text (notifications, screen readers): 「【审批中】用款申请 · 1,200.00 元」 */
export const slackCardText = (status: string, title: string): string => `【${status}】${title}`;

/** what Slack's size limits left off the card or the message */
export const slackMoreText = (count: number): string => `……另有 ${count} 项未能显示，请在工作台查看`;

/** the end of a text cut at Slack's limit */
export const SLACK_CLIPPED = '…';

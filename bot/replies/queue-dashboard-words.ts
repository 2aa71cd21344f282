// The words of the queue dashboard's refusals (adapters/console/queue-dashboard.ts).
export const QUEUE_DASHBOARD_TEXT = {
  TITLE: '管家队列看板',
  DENIED: '队列看板显示所有待办任务的内容（申请、消息、人员），只对财务、主要领导和纪检开放。这次访问没有受理，已记录在审计日志中。',
  READ_ONLY: '队列看板只供查看：重试或删除任务会绕过管家自己的重试和补发，因此不能在这里操作。',
} as const;

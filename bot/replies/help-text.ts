// /帮助: what the bot understands, with examples people can copy.

export const HELP_TEXT = [
  '管家可以帮您办理用款审批。常用指令（中英文均可）：',
  '',
  '/申请 [类型] 科目 金额 事由  发起申请，先看预算校验和审批路线，确认后提交',
  '    例：/申请 办公费 1200 购买打印纸',
  '    例：/申请 采购申请 专用材料费 56000 防汛物资 供应商=青石商贸 #应急',
  '/预算 [部门|科目]  查询预算余额，例：/预算 办公费',
  '/待办  查看等我审批的事项',
  '/进度 [编号]  查看申请进度，例：/进度 12',
  '/撤回 编号  撤回审批中的申请（预算随即释放）',
  '/帮助  显示本说明',
  '',
  '审批人在卡片上点「同意 / 驳回 / 退回修改 / 转交」即可。',
].join('\n');

export function usageText(command: 'apply' | 'status' | 'withdraw', problem: string): string {
  const examples = {
    apply: '/申请 办公费 1200 购买打印纸（格式：/申请 [类型] 科目 金额 事由）',
    status: '/进度 12，或只发 /进度 查看最近的申请',
    withdraw: '/撤回 12',
  };
  return `${problem}。请这样写：${examples[command]}`;
}

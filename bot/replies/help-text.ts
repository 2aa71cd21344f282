// /帮助: what the bot understands, with examples people can copy.
import type { DecisionAction } from '../../workflows/domain/types.js';

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
  '审批人在卡片上点「同意 / 驳回 / 退回修改 / 转交」即可，也可以发文字：',
  '/同意 编号 [意见]    /驳回 编号 理由    /退回 编号 理由    /转交 编号 人员 [意见]',
  '    三重一大事项同意时附会议记录：/同意 12 会议=2026-11-20 纪要=党工委〔2026〕12号',
].join('\n');

export function usageText(command: 'apply' | 'status' | 'withdraw' | DecisionAction, problem: string): string {
  const examples: Record<typeof command, string> = {
    apply: '/申请 办公费 1200 购买打印纸（格式：/申请 [类型] 科目 金额 事由）',
    status: '/进度 12，或只发 /进度 查看最近的申请',
    withdraw: '/撤回 12',
    approve: '/同意 12 情况属实（三重一大附 会议=2026-11-20 纪要=…）',
    reject: '/驳回 12 不符合采购程序',
    return: '/退回 12 请补充发票',
    transfer: '/转交 12 wugang 请吴刚审核',
  };
  return `${problem}。请这样写：${examples[command]}`;
}

// A small unit whose people are on DingTalk (userIds 0920…), with a supervision group there, for the
// DingTalk protocol tests. One return already alerts the supervision group, so a digest is easy to cause.
import { FakeDingTalk } from './fake-dingtalk.js';
import { startTestGuanjia, waitFor, type TestGuanjia } from './test-guanjia.js';
export const DINGTALK_IDS = {
  fenglei: '0920000011',
  qianwei: '0920000010',
  liuxiaoyan: '0920000003',
  wugang: '0920000007',
  zhengjia: '0920000008',
  lijun: '0920000001',
  wangjianguo: '0920000000',
  chenzhiqiang: '0920000002',
  /** a DingTalk user of the same company who is not in the organisation file */
  stranger: '0920009999',
} as const;

export const SUPERVISION_GROUP = 'cidSUPERVISIONfake0001==';

const id = DINGTALK_IDS;
export const DINGTALK_ORG = `
unit: { name: 青石街道办事处, fiscalYear: 2026 }
departments:
  - { id: ldbz, name: 领导班子, head: lijun, leader: wangjianguo }
  - { id: czs, name: 财政所, head: wugang, leader: chenzhiqiang }
  - { id: cjb, name: 城建办, head: qianwei, leader: liuxiaoyan }
people:
  - { id: wangjianguo, name: 王建国, department: ldbz, accounts: { dingtalk: "${id.wangjianguo}" } }
  - { id: lijun, name: 李军, department: ldbz, accounts: { dingtalk: "${id.lijun}" } }
  - { id: chenzhiqiang, name: 陈志强, department: ldbz, accounts: { dingtalk: "${id.chenzhiqiang}" } }
  - { id: liuxiaoyan, name: 刘晓燕, department: ldbz, accounts: { dingtalk: "${id.liuxiaoyan}" } }
  - { id: wugang, name: 吴刚, department: czs, accounts: { dingtalk: "${id.wugang}" } }
  - { id: zhengjia, name: 郑佳, department: czs, accounts: { dingtalk: "${id.zhengjia}" } }
  - { id: qianwei, name: 钱伟, department: cjb, accounts: { dingtalk: "${id.qianwei}" } }
  - { id: fenglei, name: 冯磊, department: cjb, accounts: { dingtalk: "${id.fenglei}" } }
roles:
  finance: [wugang, zhengjia]
  principal: [lijun, wangjianguo]
  party: [wangjianguo, lijun, chenzhiqiang, liuxiaoyan]
  discipline: []
  secretary: [chenzhiqiang]
groups:
  supervision: { console: 监督群, dingtalk: "${SUPERVISION_GROUP}" }
budget:
  - { department: cjb, subject: 办公费, amount: "50000" }
  - { department: cjb, subject: 专用材料费, amount: "100000" }
policy:
  collectiveThreshold: "300000"
  supervision: { returnsBeforeAlert: 1 }
  requestTypes:
    - name: 用款申请
      steps:
        - { name: 部门负责人审核, role: department_head }
        - { name: 分管领导审批, role: department_leader }
        - { name: 财务审核, role: finance, mode: 或签, limitHours: 4 }
        - { name: 主要领导审批, role: principal, mode: 或签, minAmount: "50000" }
`;

/** A Guanjia on the DingTalk org, connected over Stream to a fresh local DingTalk. */
export async function startWithFakeDingTalk(): Promise<{ fake: FakeDingTalk; app: TestGuanjia }> {
  const fake = await FakeDingTalk.start();
  const app = await startTestGuanjia({ org: DINGTALK_ORG, env: fake.env() });
  await waitFor(() => fake.stream.openConnections > 0, 'the bot to open its Stream connection');
  return { fake, app };
}

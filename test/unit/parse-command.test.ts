import { describe, expect, it } from 'vitest';
import { parseCommand, parseRequestNo } from '../../bot/commands/parse-command.js';

const TYPES = ['用款申请', '采购申请'];

describe('parseCommand', () => {
  it('reads /申请 with defaults', () => {
    expect(parseCommand('/申请 办公费 1200 购买 打印纸', TYPES)).toEqual({
      name: 'apply',
      type: undefined,
      subject: '办公费',
      amountText: '1200',
      purpose: '购买 打印纸',
      supplier: undefined,
      project: undefined,
      tags: [],
    });
  });

  it('reads the type, supplier, project and tags, in English too', () => {
    expect(parseCommand('/apply 采购申请 专用材料费 56000 防汛物资 供应商=青石商贸 项目：防汛 #应急', TYPES)).toMatchObject({
      name: 'apply',
      type: '采购申请',
      subject: '专用材料费',
      amountText: '56000',
      purpose: '防汛物资',
      supplier: '青石商贸',
      project: '防汛',
      tags: ['应急'],
    });
  });

  it('strips a DingTalk @mention and full-width slash and spaces', () => {
    expect(parseCommand('@管家 ／预算\u3000办公费')).toEqual({ name: 'budget', query: '办公费' });
  });

  it.each([
    ['/待办', { name: 'todo' }],
    ['/todo', { name: 'todo' }],
    ['/HELP', { name: 'help', topic: undefined }],
    ['帮助', { name: 'help', topic: undefined }],
    ['/进度', { name: 'status' }],
    ['/status No.12', { name: 'status', no: 12 }],
    ['/撤回 #7', { name: 'withdraw', no: 7 }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, TYPES)).toEqual(expected);
  });

  it('explains what is missing instead of guessing', () => {
    expect(parseCommand('/申请 采购申请', TYPES)).toMatchObject({ name: 'usage', command: 'apply', problem: '缺少科目和金额' });
    expect(parseCommand('/申请 办公费', TYPES)).toMatchObject({ name: 'usage', problem: '缺少金额' });
    expect(parseCommand('/撤回', TYPES)).toMatchObject({ name: 'usage', command: 'withdraw' });
    expect(parseCommand('/进度 abc', TYPES)).toMatchObject({ name: 'usage', command: 'status' });
  });

  it('opens the form for /申请 (or /apply) with nothing after it, instead of its usage', () => {
    for (const text of ['/申请', '／申请　', '/apply', '@管家 /申请']) expect(parseCommand(text, TYPES)).toEqual({ name: 'form' });
    // without the slash it is an ordinary word
    expect(parseCommand('申请', TYPES)).toEqual({ name: 'unknown', text: '申请' });
  });

  it('reads typed decisions, with the meeting record of a collective step', () => {
    expect(parseCommand('/同意 12 情况属实')).toEqual({ name: 'decide', action: 'approve', no: 12, comment: '情况属实', transferTo: undefined, meeting: undefined });
    expect(parseCommand('/approve 12 会议=2026-11-20 纪要=党工委〔2026〕12号 同意')).toMatchObject({
      action: 'approve',
      comment: '同意',
      meeting: { date: '2026-11-20', minutesNo: '党工委〔2026〕12号' },
    });
    expect(parseCommand('/同意 12 会议=2026-02-30 纪要=3')).toMatchObject({ name: 'usage', command: 'approve', problem: expect.stringContaining('2026-02-30') });
    expect(parseCommand('/同意 12 会议=2026-13-45 纪要=3')).toMatchObject({ name: 'usage', command: 'approve', problem: expect.stringContaining('YYYY-MM-DD') });
    expect(parseCommand('/同意 12 会议=2026-7-1 纪要=3')).toMatchObject({ name: 'usage', command: 'approve' });
    expect(parseCommand('/驳回 No.3 不符合程序')).toMatchObject({ name: 'decide', action: 'reject', no: 3, comment: '不符合程序' });
    expect(parseCommand('/转交 3 wugang 请审核')).toMatchObject({ action: 'transfer', no: 3, transferTo: 'wugang', comment: '请审核' });
  });

  it('asks for the reason of a reject or return, and the target of a transfer', () => {
    expect(parseCommand('/驳回 3')).toMatchObject({ name: 'usage', command: 'reject', problem: '请写明理由' });
    expect(parseCommand('/退回')).toMatchObject({ name: 'usage', command: 'return', problem: '缺少申请编号' });
    expect(parseCommand('/转交 3')).toMatchObject({ name: 'usage', command: 'transfer', problem: '缺少转交对象' });
    // without a slash these are ordinary words, not decisions
    expect(parseCommand('同意 3')).toMatchObject({ name: 'unknown' });
  });

  it('marks anything else as unknown', () => {
    expect(parseCommand('你好')).toEqual({ name: 'unknown', text: '你好' });
    expect(parseCommand('/报销 100')).toMatchObject({ name: 'unknown' });
    expect(parseCommand('申请 办公费 100')).toMatchObject({ name: 'unknown' });
  });
});

describe('parseCommand: chains, contracts and payment', () => {
  const CHAIN_TYPES = [...TYPES, '费用报销', '合同审批', '工程验收', '付款申请', '预算调整'];

  it('reads 关联= and lets the subject go when an amount comes first', () => {
    expect(parseCommand('/申请 费用报销 800 出差补助 关联=12', CHAIN_TYPES)).toEqual({
      name: 'apply',
      type: '费用报销',
      subject: undefined,
      amountText: '800',
      purpose: '出差补助',
      supplier: undefined,
      project: undefined,
      tags: [],
      parent: '12',
      contractNo: undefined,
      instalments: undefined,
      instalment: undefined,
      target: undefined,
    });
    expect(parseCommand('/apply 付款申请 专用材料费 1,200.50 首付 link=No.7', CHAIN_TYPES)).toMatchObject({
      subject: '专用材料费',
      amountText: '1,200.50',
      purpose: '首付',
      parent: '7',
    });
    expect(parseCommand('/申请 付款申请 800 关联=青建〔2026〕3号', CHAIN_TYPES)).toMatchObject({ parent: '青建〔2026〕3号' });
    expect(parseCommand('/申请 付款申请 ￥800元 关联：HT-2026-003 期次=2', CHAIN_TYPES)).toMatchObject({
      subject: undefined,
      amountText: '￥800元',
      parent: 'HT-2026-003',
      instalment: 2,
    });
  });

  it('reads a 验收 with neither subject nor amount', () => {
    expect(parseCommand('/申请 工程验收 关联=HT-2026-001 期次=1 竣工验收合格', CHAIN_TYPES)).toMatchObject({
      name: 'apply',
      type: '工程验收',
      subject: undefined,
      amountText: undefined,
      purpose: '竣工验收合格',
      parent: 'HT-2026-001',
      instalment: 1,
    });
    // a number later in the purpose is not taken for the amount
    expect(parseCommand('/申请 工程验收 关联=HT-2026-001 竣工 验收 2 号楼', CHAIN_TYPES)).toMatchObject({ subject: undefined, amountText: undefined, purpose: '竣工 验收 2 号楼' });
  });

  it('reads a contract with its number and instalments by percent or amount', () => {
    expect(
      parseCommand('/申请 合同审批 工程项目 100000 道路硬化 关联=12 合同号=城建-2026-7 供应商=青石建设 分期=30%:签订后,60%:验收合格后,10%:质保期满', CHAIN_TYPES),
    ).toMatchObject({
      type: '合同审批',
      subject: '工程项目',
      amountText: '100000',
      supplier: '青石建设',
      parent: '12',
      contractNo: '城建-2026-7',
      instalments: [
        { percentBasis: 3000, condition: '签订后' },
        { percentBasis: 6000, condition: '验收合格后' },
        { percentBasis: 1000, condition: '质保期满' },
      ],
    });
    expect(parseCommand('/申请 合同审批 工程项目 100000 道路 分期=30000:预付,70000:验收合格后', CHAIN_TYPES)).toMatchObject({
      instalments: [
        { amount: 3_000_000n, condition: '预付' },
        { amount: 7_000_000n, condition: '验收合格后' },
      ],
    });
  });

  it('reads 调入= for a 预算调整 调剂', () => {
    expect(parseCommand('/申请 预算调整 办公费 5000 调剂 调入=印刷费', CHAIN_TYPES)).toMatchObject({ subject: '办公费', amountText: '5000', purpose: '调剂', target: '印刷费' });
  });

  it('explains a wrong 分期, 期次 or 关联 instead of guessing', () => {
    const problem = (text: string) => {
      const command = parseCommand(text, CHAIN_TYPES);
      expect(command).toMatchObject({ name: 'usage', command: 'apply' });
      return (command as { problem: string }).problem;
    };
    expect(problem('/申请 合同审批 工程项目 100000 道路 分期=30%:签订后,60%:验收合格后')).toBe('分期比例合计 90%，应为 100%');
    expect(problem('/申请 合同审批 工程项目 100000 道路 分期=30%,70%:验收合格后')).toContain('分期第 1 期「30%」应写成 比例或金额:付款条件');
    expect(problem('/申请 合同审批 工程项目 100000 道路 分期=三成:签订后')).toContain('分期第 1 期的「三成」不是比例或金额');
    expect(problem('/申请 合同审批 工程项目 100000 道路 分期=30%:签订后,70%:')).toContain('分期第 2 期缺少付款条件');
    expect(problem('/申请 合同审批 工程项目 100000 道路 分期=')).toContain('分期没有写内容');
    expect(problem('/申请 付款申请 800 关联=12 期次=第一期')).toBe('期次「第一期」应为第几期的数字，例如 期次=1');
    expect(problem('/申请 付款申请 800 关联=12 期次=0')).toContain('期次「0」');
    expect(problem('/申请 付款申请 800 关联=')).toBe('关联= 后缺少申请编号或合同编号，例如 关联=12 或 关联=HT-2026-003');
    expect(problem('/申请 800 出差补助')).toBe('缺少科目（不关联其他申请时须写科目）');
  });

  it.each([
    ['/关联 12', { name: 'chain', ref: '12' }],
    // two references: link draft 15 to 12 (what the card's 关联 buttons do)
    ['/关联 15 12', { name: 'link', no: 15, ref: '12' }],
    ['/关联 No.15 HT-2026-001', { name: 'link', no: 15, ref: 'HT-2026-001' }],
    ['/chain No.12', { name: 'chain', ref: '12' }],
    ['/关联 HT-2026-003', { name: 'chain', ref: 'HT-2026-003' }],
    // a unit's own contract numbers are references too; an unknown one is the core's LINK_NOT_FOUND
    ['/关联 青建〔2026〕3号', { name: 'chain', ref: '青建〔2026〕3号' }],
    ['/结清 12', { name: 'settle', no: 12 }],
    ['/settle #3', { name: 'settle', no: 3 }],
    ['/待付款', { name: 'payable' }],
    ['待付款', { name: 'payable' }],
    ['/payable', { name: 'payable' }],
    ['/付款 12 凭证号=记-0381', { name: 'pay', no: 12, voucherNo: '记-0381', date: undefined }],
    ['/pay No.12 voucher=V1 date=2026-11-30', { name: 'pay', no: 12, voucherNo: 'V1', date: '2026-11-30' }],
    ['/付款 12 日期：2026-11-30 凭证号：记-0381', { name: 'pay', no: 12, voucherNo: '记-0381', date: '2026-11-30' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, TYPES)).toEqual(expected);
  });

  it.each([
    ['/关联', 'chain', '缺少申请编号或合同编号'],
    ['/结清', 'settle', '缺少申请编号'],
    ['/结清 abc', 'settle', '「abc」不是申请编号'],
    ['/付款', 'pay', '缺少申请编号'],
    ['/付款 12', 'pay', '缺少凭证号'],
    ['/付款 12 凭证号=', 'pay', '缺少凭证号'],
    ['/付款 12 记-0381', 'pay', '看不懂「记-0381」，凭证号请写成 凭证号=…，日期写成 日期=YYYY-MM-DD'],
    ['/付款 12 凭证号=记-0381 日期=2026-02-30', 'pay', '付款日期「2026-02-30」不存在，应为实际日期（YYYY-MM-DD）'],
    ['/付款 12 凭证号=记-0381 日期=昨天', 'pay', '付款日期「昨天」不存在，应为实际日期（YYYY-MM-DD）'],
  ])('%s → usage', (text, command, problem) => {
    expect(parseCommand(text, TYPES)).toEqual({ name: 'usage', command, problem });
  });

  it('needs the slash for 关联, 结清 and 付款, which are ordinary words too', () => {
    expect(parseCommand('关联 12')).toMatchObject({ name: 'unknown' });
    expect(parseCommand('结清 12')).toMatchObject({ name: 'unknown' });
    expect(parseCommand('付款 12 凭证号=1')).toMatchObject({ name: 'unknown' });
  });
});

describe('parseCommand: /修改', () => {
  it.each([
    ['/修改 12 金额=1500', { name: 'edit', no: 12, amountText: '1500' }],
    ['/修改 No.12 金额=1,500.50 事由=补充报价单后重新申请', { name: 'edit', no: 12, amountText: '1,500.50', purpose: '补充报价单后重新申请' }],
    // 事由 takes every word up to the next key=
    ['/修改 12 事由=补充 报价单 后重新申请 供应商=青石商贸', { name: 'edit', no: 12, purpose: '补充 报价单 后重新申请', supplier: '青石商贸' }],
    ['/修改 12 科目=维修费 项目：背街小巷路面维修', { name: 'edit', no: 12, subject: '维修费', project: '背街小巷路面维修' }],
    [
      '/edit #7 amount=800 purpose=printer toner subject=办公费 supplier=ACME',
      { name: 'edit', no: 7, amountText: '800', purpose: 'printer toner', subject: '办公费', supplier: 'ACME' },
    ],
    ['／修改\u300012\u3000金额＝300', { name: 'edit', no: 12, amountText: '300' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, TYPES)).toEqual(expected);
  });

  it.each([
    ['/修改', '缺少申请编号'],
    ['/修改 金额=1500', '「金额=1500」不是申请编号'],
    ['/修改 12', '请写明要修改的内容'],
    ['/修改 12 1500', '看不懂「1500」，金额请写成 金额=1500'],
    ['/修改 12 补充报价单', '看不懂「补充报价单」，要修改的内容请写成 金额=… 事由=… 科目=… 项目=… 供应商=…'],
    ['/修改 12 供应商=青石 商贸', '供应商不能含空格（看不懂「商贸」）；只有 事由 可以写几个词'],
    ['/修改 12 金额=', '「金额=」后缺少内容'],
    ['/修改 12 事由= 金额=100', '「事由=」后缺少内容'],
    ['/修改 12 金额=100 金额=200', '「金额」写了两次'],
  ])('%s → usage', (text, problem) => {
    expect(parseCommand(text, TYPES)).toEqual({ name: 'usage', command: 'edit', problem });
  });

  it('needs the slash: 修改 is an ordinary word too', () => {
    expect(parseCommand('修改 12 金额=1500')).toMatchObject({ name: 'unknown' });
  });
});

describe('parseRequestNo', () => {
  it.each([
    ['12', 12],
    ['No.12', 12],
    ['no12', 12],
    ['＃3', 3],
    ['abc', undefined],
    ['-1', undefined],
  ])('%s → %s', (text, no) => {
    expect(parseRequestNo(text)).toBe(no);
  });
});

// /查询's conditions as typed, into the core's filters — and every word it does not understand
// answered with how to write it, never silently dropped. /已办 and /审计 too.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../bot/commands/parse-command.js';
import { parseSearch } from '../../bot/commands/parse-search.js';

const search = (text: string) => parseCommand(text, ['用款申请', '采购申请']);
const problem = (...tokens: string[]) => {
  const parsed = parseSearch(tokens);
  return parsed.ok ? undefined : parsed.problem;
};

describe('/查询', () => {
  it('reads every condition, in Chinese and English', () => {
    expect(search('/查询 部门=城建办 申请人=冯磊 类型=采购申请 状态=审批中 供应商=青石商贸 金额>=50000 金额<=1,200,000.50 从=2026-01-01 到=2026-06-30 #应急 #防汛 灯=红')).toEqual({
      name: 'search',
      filters: {
        department: '城建办',
        requester: '冯磊',
        type: '采购申请',
        status: 'in_approval',
        supplier: '青石商贸',
        minAmount: 5_000_000n,
        maxAmount: 120_000_050n,
        from: '2026-01-01',
        to: '2026-06-30',
        tags: ['应急', '防汛'],
        light: 'red',
      },
    });
    expect(search('/search department=cjb status=approved amount>=100 from=2026-03-01 light=yellow')).toEqual({
      name: 'search',
      filters: { department: 'cjb', status: 'approved', minAmount: 10_000n, from: '2026-03-01', light: 'yellow' },
    });
  });

  it('with no condition searches everything in scope', () => {
    expect(search('/查询')).toEqual({ name: 'search', filters: {} });
  });

  it('takes full-width signs, ≥ ≤, ：and 金额= as an exact amount', () => {
    expect(parseSearch(['部门：城建办', '金额≥1000', '金额≤2000'])).toEqual({ ok: true, filters: { department: '城建办', minAmount: 100_000n, maxAmount: 200_000n } });
    expect(parseSearch(['金额＞＝1000'])).toEqual({ ok: true, filters: { minAmount: 100_000n } });
    expect(parseSearch(['金额=1200'])).toEqual({ ok: true, filters: { minAmount: 120_000n, maxAmount: 120_000n } });
  });

  it.each([
    ['草稿', 'draft'],
    ['待提交', 'draft'],
    ['审批中', 'in_approval'],
    ['已通过', 'approved'],
    ['已驳回', 'rejected'],
    ['已退回', 'returned'],
    ['已退回修改', 'returned'],
    ['已撤回', 'withdrawn'],
    ['已取消', 'cancelled'],
    ['APPROVED', 'approved'],
  ])('reads 状态=%s as %s', (word, status) => {
    expect(parseSearch([`状态=${word}`])).toEqual({ ok: true, filters: { status } });
  });

  it.each([
    ['黄', 'yellow'],
    ['红灯', 'red'],
    ['RED', 'red'],
  ])('reads 灯=%s', (word, light) => {
    expect(parseSearch([`灯=${word}`])).toEqual({ ok: true, filters: { light } });
  });

  it('answers what it cannot read with the usage, naming the word', () => {
    expect(search('/查询 金额>=abc')).toEqual({ name: 'usage', command: 'search', problem: expect.stringContaining('金额「abc」无效') });
    expect(search('/查询 从=2026-02-30')).toEqual({ name: 'usage', command: 'search', problem: expect.stringContaining('从=「2026-02-30」不是实际存在的日期') });
    expect(search('/查询 灯=绿')).toEqual({ name: 'usage', command: 'search', problem: expect.stringContaining('灯只能查 黄 或 红') });
    expect(problem('到=2026/03/01')).toContain('到=「2026/03/01」');
    expect(problem('状态=进行中')).toContain('没有「进行中」这种状态，可写：草稿、审批中');
    expect(problem('状态=constructor')).toContain('没有「constructor」这种状态');
    expect(problem('金额>1000')).toBe('金额请写成 金额>=1000 或 金额<=1000（含等于）');
    expect(problem('金额>=0')).toContain('金额「0」无效');
    expect(problem('金额>=-5')).toContain('无效');
    expect(problem('金额>=')).toBe('「金额>=」后缺少金额');
    expect(problem('金额>=1', '金额>=2')).toBe('金额的下限或上限写了两次');
    expect(problem('金额>=2000', '金额<=1000')).toBe('金额下限大于上限');
    expect(problem('从=2026-05-01', '到=2026-04-30')).toBe('开始日期 2026-05-01 晚于结束日期 2026-04-30');
    expect(problem('部门=')).toBe('「部门=」后缺少内容');
    expect(problem('部门=城建办', '部门=财政所')).toBe('「部门」写了两次');
    expect(problem('#')).toBe('「#」后缺少标签');
    expect(problem('城建办')).toContain('看不懂「城建办」');
  });

  it('is the usage of /查询 that a bad condition answers with', () => {
    const parsed = search('/查询 灯=绿');
    expect(parsed).toMatchObject({ name: 'usage', command: 'search' });
  });
});

describe('/已办 and /审计', () => {
  it('reads /已办 with or without the slash, and /done', () => {
    expect(search('/已办')).toEqual({ name: 'decided' });
    expect(search('已办')).toEqual({ name: 'decided' });
    expect(search('/done')).toEqual({ name: 'decided' });
  });

  it('reads /审计 编号 [页]', () => {
    expect(search('/审计 12')).toEqual({ name: 'trail', no: 12, page: 1 });
    expect(search('/audit No.12 2')).toEqual({ name: 'trail', no: 12, page: 2 });
    expect(search('/审计 12 第3页')).toEqual({ name: 'trail', no: 12, page: 3 });
    expect(search('/审计')).toEqual({ name: 'usage', command: 'trail', problem: '缺少申请编号' });
    expect(search('/审计 abc')).toEqual({ name: 'usage', command: 'trail', problem: '「abc」不是申请编号' });
    expect(search('/审计 12 下一页')).toMatchObject({ name: 'usage', command: 'trail' });
    // 审计 without the slash is an ordinary word
    expect(search('审计 12')).toMatchObject({ name: 'unknown' });
  });
});

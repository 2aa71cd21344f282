// 分期 as typed: percentages in hundredths, amounts in 分, and every wrong spec explained in Chinese.
import { describe, expect, it } from 'vitest';
import { parseInstalments } from '../../bot/commands/parse-instalments.js';

describe('parseInstalments', () => {
  it('reads percentages in hundredths, with full-width punctuation too', () => {
    expect(parseInstalments('12.5%：签订后，87.5％：验收合格后')).toEqual({
      ok: true,
      instalments: [
        { percentBasis: 1250, condition: '签订后' },
        { percentBasis: 8750, condition: '验收合格后' },
      ],
    });
  });

  it('reads amounts in 元 into 分, and allows amounts and percentages together', () => {
    expect(parseInstalments('30000.5:预付、50%:验收合格后')).toEqual({
      ok: true,
      instalments: [
        { amount: 3_000_050n, condition: '预付' },
        { percentBasis: 5000, condition: '验收合格后' },
      ],
    });
  });

  it('tells a thousands separator from a comma between instalments', () => {
    expect(parseInstalments('30,000:预付,1,070,000.50:验收合格后，20%:质保期满')).toEqual({
      ok: true,
      instalments: [
        { amount: 3_000_000n, condition: '预付' },
        { amount: 107_000_050n, condition: '验收合格后' },
        { percentBasis: 2000, condition: '质保期满' },
      ],
    });
  });

  it('keeps a colon inside the condition', () => {
    expect(parseInstalments('100%:验收:合格后')).toEqual({ ok: true, instalments: [{ percentBasis: 10000, condition: '验收:合格后' }] });
  });

  it.each([
    ['', '分期没有写内容'],
    ['30%:签订后,,70%:验收合格后', '分期第 2 期「」应写成 比例或金额:付款条件'],
    ['0%:签订后,100%:验收合格后', '分期第 1 期的比例「0%」应大于 0% 且不超过 100%'],
    ['150%:签订后', '分期第 1 期的比例「150%」应大于 0% 且不超过 100%'],
    ['0:预付', '分期第 1 期的「0」不是比例或金额'],
    ['12,50:预付', '分期第 1 期「12」应写成 比例或金额:付款条件'],
    ['1,0000:预付', '分期第 1 期「1」应写成'],
    ['60%:签订后,60%:验收合格后', '分期比例合计 120%，应为 100%'],
  ])('%j is refused', (spec, problem) => {
    const parsed = parseInstalments(spec);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toContain(problem);
  });
});

// 分期 as typed after /申请 … 分期=: items `<比例或金额>:<付款条件>` separated by commas, e.g.
// 「30%:签订后,60%:验收合格后,10%:质保期满」 or 「30000:预付,70000:验收合格后」. Full-width
// punctuation (：，、；％) is common in Chinese input methods and reads the same.
import { isAppError } from '../../workflows/domain/errors.js';
import { parseYuan } from '../../workflows/domain/money.js';
import type { InstalmentInput } from '../../workflows/service/workflow-service.js';

export type InstalmentSpec = { ok: true; instalments: InstalmentInput[] } | { ok: false; problem: string };

/** commas between items; a comma between digits that groups three (30,000) is a thousands separator */
const ITEM_SEPARATOR = /(?<!\d)[,，]|[、;；]|[,，](?!\d{3}(?:[.,，:：]|$))/;
const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?[%％]$/;
const EXAMPLE = '例如 分期=30%:签订后,60%:验收合格后,10%:质保期满';

/** Percentages in hundredths (30% → 3000); amounts in 分. A wrong spec comes back as a problem in Chinese. */
export function parseInstalments(spec: string): InstalmentSpec {
  const items = spec.split(ITEM_SEPARATOR).map((item) => item.trim());
  if (items.every((item) => item === '')) return { ok: false, problem: `分期没有写内容，${EXAMPLE}` };
  const instalments: InstalmentInput[] = [];
  for (const [i, item] of items.entries()) {
    const nth = `分期第 ${i + 1} 期`;
    const sep = /[:：]/.exec(item);
    if (!item || !sep) return { ok: false, problem: `${nth}「${item}」应写成 比例或金额:付款条件，${EXAMPLE}` };
    const share = item.slice(0, sep.index).trim();
    const condition = item.slice(sep.index + 1).trim();
    if (!condition) return { ok: false, problem: `${nth}缺少付款条件（如 验收合格后），${EXAMPLE}` };
    const percent = PERCENT.exec(share);
    if (percent) {
      const basis = Number(percent[1]) * 100 + Number((percent[2] ?? '').padEnd(2, '0') || '0');
      if (basis <= 0 || basis > 10000) return { ok: false, problem: `${nth}的比例「${share}」应大于 0% 且不超过 100%` };
      instalments.push({ percentBasis: basis, condition });
      continue;
    }
    try {
      instalments.push({ amount: parseYuan(share), condition });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { ok: false, problem: `${nth}的「${share}」不是比例或金额，比例写成 30%，金额以元为单位写成 30000` };
    }
  }
  if (instalments.every((i) => i.percentBasis !== undefined)) {
    const sum = instalments.reduce((total, i) => total + (i.percentBasis ?? 0), 0);
    if (sum !== 10000) return { ok: false, problem: `分期比例合计 ${formatPercent(sum)}，应为 100%` };
  }
  return { ok: true, instalments };
}

function formatPercent(basis: number): string {
  return `${basis / 100}%`;
}

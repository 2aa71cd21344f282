// The demo organisation file's 三公 categories (prisma/demo-org.yaml, policy.reports.threePublic) and a
// row of the 三公 table for one of them with every figure zero unless given, so that a test spells out
// only the figures it is about.
import type { ThreePublicCategory } from '../../workflows/domain/org-file.js';
import type { ThreePublicRow, ThreePublicTag } from '../../workflows/domain/reports/three-public.js';

export const DEMO_THREE_PUBLIC: ThreePublicTag[] = [
  { category: '因公出国(境)', subjects: ['因公出国(境)费用'] },
  { category: '公务用车购置及运行', subjects: ['公务用车运行维护费', '公务用车购置'], cap: '60000' },
  { category: '公务接待', subjects: ['公务接待费'], cap: '30000' },
];

/** a category's row with the demo file's subjects: cap 0 from the lines, nothing spent, no last year */
export function threePublicRow(category: ThreePublicCategory, figures: Partial<Omit<ThreePublicRow, 'category' | 'subjects'>> = {}): ThreePublicRow {
  const tag = DEMO_THREE_PUBLIC.find((t) => t.category === category)!;
  return {
    category,
    subjects: [...tag.subjects],
    cap: 0n,
    capFromFile: false,
    spent: 0n,
    frozen: 0n,
    committed: 0n,
    left: 0n,
    usedBp: 0,
    lastYearSpent: null,
    yoyBp: null,
    ...figures,
  };
}

// The organisation file (组织与策略文件): the unit, its people, roles, budget lines and the routing
// policy. Parsed with zod, then cross-checked (validateOrg) so every error names its path.
import { z } from 'zod';

/** An amount in 元 as written in the file: "50000", "50000.00" or a number. Turned into 分 later. */
export const YuanSchema = z.union([z.string(), z.number()]).transform((v) => String(v));

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, '只能用字母、数字、_ . -');

/**
 * Where people act from. `web` is the workbench (工作台, under /app): every person has an account
 * there, their person id, as on the console; it is never named in the organisation file.
 */
export const PLATFORMS = ['console', 'dingtalk', 'wecom', 'slack', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** one id per platform: a person's accounts, or a group's conversation ids */
const PerPlatformSchema = z
  .object({
    console: z.string().min(1).optional(),
    dingtalk: z.string().min(1).optional(),
    wecom: z.string().min(1).optional(),
    slack: z.string().min(1).optional(),
  })
  .strict();

export const DepartmentSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    /** 部门负责人 */
    head: IdSchema,
    /** 分管领导 */
    leader: IdSchema,
  })
  .strict();

export const PersonSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    department: IdSchema,
    title: z.string().optional(),
    /** 上级: who hears when this person's step turns red; defaults by position (see resolveSuperior) */
    superior: IdSchema.optional(),
    accounts: PerPlatformSchema.default({}),
  })
  .strict();

/**
 * Route roles. `department_head`/`department_leader` resolve against the requester's department;
 * the others name holders in `roles`.
 */
export const STEP_ROLES = ['department_head', 'department_leader', 'finance', 'principal', 'party', 'secretary'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

/** 依次 one after another, 会签 all must approve, 或签 any one approves. */
export const STEP_MODES = ['依次', '会签', '或签'] as const;
export type StepMode = (typeof STEP_MODES)[number];

export const PolicyStepSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(STEP_ROLES),
    mode: z.enum(STEP_MODES).default('依次'),
    /** the step applies when the amount is at least this (元) */
    minAmount: YuanSchema.optional(),
    /** the step applies when the request carries any of these tags */
    tags: z.array(z.string().min(1)).optional(),
    /** time limit in working hours */
    limitHours: z.number().positive().max(2000).default(8),
    /** asked even when the same person approved the step before (no dedupe) */
    mandatory: z.boolean().default(false),
  })
  .strict();

/**
 * What a request type does with money (its kind), as written in the file. 事前申请 and 合同 commit
 * the amount on approval; 付款, 报销 and 直接支出 spend it (at once, or when the cashier confirms the
 * payment); 验收 records an acceptance and moves no money; 预算调整 moves or adds to a line's allotment.
 */
export const REQUEST_KIND_NAMES = {
  直接支出: 'direct',
  事前申请: 'prior',
  合同: 'contract',
  验收: 'acceptance',
  付款: 'payment',
  报销: 'reimbursement',
  预算调整: 'adjustment',
} as const;
export type RequestKind = (typeof REQUEST_KIND_NAMES)[keyof typeof REQUEST_KIND_NAMES];
export const REQUEST_KINDS = Object.values(REQUEST_KIND_NAMES) as readonly RequestKind[];
/** A kind as the file names it (事前申请), or as a stored policy holds it (prior). */
const KindSchema = z.string().transform((value, ctx): RequestKind => {
  const code = (REQUEST_KIND_NAMES as Record<string, RequestKind>)[value] ?? REQUEST_KINDS.find((k) => k === value);
  if (code) return code;
  ctx.addIssue({ code: 'custom', message: `未知的申请类别「${value}」，可选：${Object.keys(REQUEST_KIND_NAMES).join('、')}` });
  return z.NEVER;
});

export const RequestTypeSchema = z
  .object({
    /** 用款申请, 费用报销, 采购申请, 合同审批, 工程付款 … */
    name: z.string().min(1),
    /** what the type does with money (see REQUEST_KIND_NAMES); direct spending on approval when absent */
    kind: KindSchema.default('direct'),
    /** the request it may or must be linked to (关联=…): of which kinds, and whether it must have one */
    parent: z
      .object({
        kinds: z.array(KindSchema).min(1),
        required: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** ends with the cashier's 确认付款: approval leaves the amount frozen until the payment is confirmed */
    payment: z.boolean().default(false),
    /** under a contract: an instalment may be paid only after its 验收 is approved */
    acceptanceBeforePayment: z.boolean().default(false),
    /** attachments the supervision rules expect, e.g. 发票, 合同 */
    requiredAttachments: z.array(z.string()).default([]),
    steps: z.array(PolicyStepSchema).min(1),
  })
  .strict();

/** The basis each supervision rule cites unless the organisation file words its own. */
export const DEFAULT_CITATIONS = {
  split_purchase: '《中华人民共和国政府采购法实施条例》第二十八条（化整为零规避公开招标）',
  supplier_concentration: '《行政事业单位内部控制规范（试行）》政府采购业务控制（供应商集中度）',
  repeated_returns: '单位内部控制制度：审批事项多次补正预警',
  overdue: '单位内部控制制度：审批办理时限',
  late_approver: '单位内部控制制度：审批办理时限（多次超时）',
  missing_material: '《会计基础工作规范》原始凭证的基本要求（关键材料未上传）',
  contract_payment: '《行政事业单位内部控制规范（试行）》合同控制：按合同约定和验收结果付款',
  collective_filed: '“三重一大”集体决策制度：决策事项报纪检备案',
} as const;

const CitationsSchema = z
  .object({
    split_purchase: z.string().min(1).default(DEFAULT_CITATIONS.split_purchase),
    supplier_concentration: z.string().min(1).default(DEFAULT_CITATIONS.supplier_concentration),
    repeated_returns: z.string().min(1).default(DEFAULT_CITATIONS.repeated_returns),
    overdue: z.string().min(1).default(DEFAULT_CITATIONS.overdue),
    late_approver: z.string().min(1).default(DEFAULT_CITATIONS.late_approver),
    missing_material: z.string().min(1).default(DEFAULT_CITATIONS.missing_material),
    contract_payment: z.string().min(1).default(DEFAULT_CITATIONS.contract_payment),
    collective_filed: z.string().min(1).default(DEFAULT_CITATIONS.collective_filed),
  })
  .strict();

/** 三公经费 categories, as the 财政 statistics name them */
export const THREE_PUBLIC_CATEGORIES = ['因公出国(境)', '公务用车购置及运行', '公务接待'] as const;
export type ThreePublicCategory = (typeof THREE_PUBLIC_CATEGORIES)[number];

/** roles a monthly report push may go to */
export const REPORT_ROLES = ['finance', 'principal', 'party', 'discipline', 'secretary', 'cashier'] as const;

const ReportsSchema = z
  .object({
    /** 三公: which budget subjects (科目) count for each category, and its yearly cap (元; the lines' budget when absent) */
    threePublic: z
      .array(
        z
          .object({
            category: z.enum(THREE_PUBLIC_CATEGORIES),
            subjects: z.array(z.string().min(1)).min(1),
            cap: YuanSchema.optional(),
          })
          .strict(),
      )
      .default([]),
    /** the monthly push (last month's 绩效 and the month-end 预算执行情况表): to these roles, on the first working day at `at` */
    monthly: z
      .object({
        to: z.array(z.enum(REPORT_ROLES)).default(['finance', 'principal']),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '格式应为 HH:MM')
          .default('08:30'),
      })
      .strict()
      .default({ to: ['finance', 'principal'], at: '08:30' }),
  })
  .strict();

export const PolicySchema = z
  .object({
    /** 三重一大: at or above this amount (元) the route gets a collective-decision step */
    collectiveThreshold: YuanSchema,
    /** tags that also make a matter 三重一大 */
    collectiveTags: z.array(z.string()).default(['三重一大']),
    collectiveStep: z
      .object({ name: z.string().default('集体决策（三重一大）'), limitHours: z.number().positive().default(40) })
      .strict()
      .default({ name: '集体决策（三重一大）', limitHours: 40 }),
    /** yellow light at this share of the time limit */
    yellowAt: z.number().gt(0).lt(1).default(0.9),
    /** working hours of a working day, e.g. ["08:30-12:00", "14:00-17:30"] */
    workingHours: z
      .array(z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, '格式应为 HH:MM-HH:MM'))
      .min(1)
      .default(['08:30-12:00', '14:00-17:30']),
    /** 电子监察 thresholds (they differ by province) */
    supervision: z
      .object({
        procurementThreshold: YuanSchema.default('200000'),
        supplierConcentration: YuanSchema.default('1000000'),
        returnsBeforeAlert: z.number().int().min(1).default(2),
        /** 化整为零: refuse the submit (true) instead of asking for a written explanation (false) */
        splitPurchaseBlocks: z.boolean().default(false),
        /** an approver with this many red lights in a calendar month is reported */
        lateApproverRedLights: z.number().int().min(1).default(3),
        /** the daily summary to the 监督群, on working days at this time (HH:MM) */
        dailySummaryAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '格式应为 HH:MM')
          .default('08:30'),
        /** each rule's basis as the alert cites it; a province words its own */
        citations: CitationsSchema.default(DEFAULT_CITATIONS),
      })
      .strict()
      .default({
        procurementThreshold: '200000',
        supplierConcentration: '1000000',
        returnsBeforeAlert: 2,
        splitPurchaseBlocks: false,
        lateApproverRedLights: 3,
        dailySummaryAt: '08:30',
        citations: DEFAULT_CITATIONS,
      }),
    /** 报表: 三公 tagging and the monthly push */
    reports: ReportsSchema.default({ threePublic: [], monthly: { to: ['finance', 'principal'], at: '08:30' } }),
    requestTypes: z.array(RequestTypeSchema).min(1),
  })
  .strict();

export const BudgetLineSchema = z
  .object({
    /** stable id; derived from department/subject/project when omitted */
    id: IdSchema.optional(),
    department: IdSchema,
    /** 科目 */
    subject: z.string().min(1),
    project: z.string().default(''),
    amount: YuanSchema,
  })
  .strict();

export const OrgFileSchema = z
  .object({
    unit: z
      .object({
        name: z.string().min(1),
        fiscalYear: z.number().int().min(2000).max(2100),
      })
      .strict(),
    departments: z.array(DepartmentSchema).min(1),
    people: z.array(PersonSchema).min(1),
    roles: z
      .object({
        /** 财务 */
        finance: z.array(IdSchema).min(1),
        /** 主要领导 */
        principal: z.array(IdSchema).min(1),
        /** 党工委 members */
        party: z.array(IdSchema).default([]),
        /** 纪检 */
        discipline: z.array(IdSchema).default([]),
        /** who enters the meeting record of a collective decision */
        secretary: z.array(IdSchema).min(1),
        /** 出纳: confirms payments (date and voucher number); never the requester or an approver of the same request */
        cashier: z.array(IdSchema).default([]),
      })
      .strict(),
    groups: z.object({ supervision: PerPlatformSchema }).strict(),
    delegations: z.array(z.object({ from: IdSchema, to: IdSchema, starts: z.string().min(1), ends: z.string().min(1) }).strict()).default([]),
    budget: z.array(BudgetLineSchema).default([]),
    policy: PolicySchema,
  })
  .strict();

export type OrgFile = z.infer<typeof OrgFileSchema>;
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyStep = z.infer<typeof PolicyStepSchema>;
export type RequestTypePolicy = z.infer<typeof RequestTypeSchema>;
export type OrgPerson = z.infer<typeof PersonSchema>;
export type OrgDepartment = z.infer<typeof DepartmentSchema>;

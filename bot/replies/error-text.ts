// Code → the Chinese reply a user sees. Every reply says what happened and what to do next; raw
// error messages never reach a chat.
import type { AppError, ErrorCode } from '../../workflows/domain/errors.js';
import { formatYuan } from '../../workflows/domain/money.js';
import { KIND_LABELS, STATUS_LABELS } from './labels.js';
import { ALLOWED_TYPES_TEXT, FILE_PAGE, sizeText } from './attachment-words.js';
import { ALERT_STATE_LABELS } from './supervision-words.js';

type Details = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join('、') : '（无）');
/** " No.12 " between Chinese words; noEnd before punctuation */
const no = (d: Details) => (d.no ? ` No.${s(d.no)} ` : '');
const noEnd = (d: Details) => (d.no ? ` No.${s(d.no)}` : '');
const ACTION_OF_TARGET: Record<string, string> = { in_approval: '提交', withdrawn: '撤回', cancelled: '取消' };
const statusLabel = (v: unknown) => s((STATUS_LABELS as Record<string, { label: string } | undefined>)[s(v)]?.label ?? v);
const kindLabel = (v: unknown) => (KIND_LABELS as Record<string, string | undefined>)[s(v)] ?? s(v);
/** kind codes → 「事前申请或合同」 */
const kinds = (v: unknown, fallback: string) => (Array.isArray(v) && v.length > 0 ? v.map(kindLabel).join('或') : fallback);
/** 分 as a decimal string → bigint; undefined when absent or not a number */
const fen = (v: unknown): bigint | undefined => (typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : typeof v === 'bigint' ? v : undefined);
/** the parent a 关联 names: 「No.12 用款申请」, or what was typed */
const parentRef = (d: Details) => (d.parentNo ? `No.${s(d.parentNo)}${d.parentType ? ` ${s(d.parentType)}` : ''}` : d.ref ? `「${s(d.ref)}」` : '所关联的申请');
/** 「合同 HT-2026-001 第 2 期（验收合格后）」 */
const instalmentRef = (d: Details) =>
  `合同${d.contractNo ? ` ${s(d.contractNo)}` : ''}${d.instalment ? ` 第 ${s(d.instalment)} 期` : '这一期'}${d.condition ? `（${s(d.condition)}）` : ''}`;
const LEDGER_COLUMNS: Record<string, string> = { frozen: '已冻结', committed: '已承诺' };
/** planInstalments' problems, in words */
const INSTALMENT_PROBLEMS: Record<string, string> = {
  'each instalment needs an amount or a percentage': '每一期须写金额或比例（二者选一）',
  'instalment amount must be positive': '每期金额须大于 0',
  'percentage out of range': '比例须大于 0% 且不超过 100%',
  'percentages must add up to 100%': '全部按比例分期时，比例合计须为 100%',
  'an instalment rounds to nothing': '有一期按比例算下来不足 1 分钱，请调大该期比例或改写金额',
};
const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);
const INSTALMENT_EXAMPLE = '分期=30%:签订后,60%:验收合格后,10%:质保期满（比例合计 100%），或按金额 分期=30000:预付,70000:验收合格后（合计等于合同金额）';

function commitmentInsufficient(d: Details): string {
  const [remainder, requested] = [fen(d.remainderFen), fen(d.requestedFen)];
  const money =
    remainder !== undefined && requested !== undefined
      ? { remainder: formatYuan(remainder), requested: formatYuan(requested), missing: formatYuan(requested - remainder) }
      : { remainder: s(d.remainder), requested: s(d.requested), missing: s(d.missing) };
  const amounts =
    money.remainder && money.requested ? `剩余可用 ${money.remainder} 元，本次 ${money.requested} 元${money.missing ? `，超出 ${money.missing} 元` : ''}` : '剩余额度不足';
  return `关联的${s(d.type) || '事前申请'}${no(d)}${amounts}，无法支付。请把金额调整到剩余额度以内；超出部分请另行提交申请。`;
}

function settleNotCommitment(d: Details): string {
  const why =
    d.kind && !['prior', 'contract'].includes(s(d.kind))
      ? `是${kindLabel(d.kind)}，没有可结清的额度：只有已批准的事前申请和合同可以结清。`
      : d.settled
        ? '已经结清过，剩余额度已退回预算指标。'
        : d.status && d.status !== 'approved'
          ? `当前为「${statusLabel(d.status)}」，审批通过后才能结清。`
          : '没有可结清的额度：只有已批准、尚未结清的事前申请和合同可以结清。';
  return `申请${no(d)}${why}发送「/关联${d.no ? ` ${s(d.no)}` : ' 编号'}」查看这条链的情况。`;
}

function instalmentExceeded(d: Details): string {
  const [amount, paid, requested] = [fen(d.amountFen), fen(d.paidFen), fen(d.requestedFen)];
  if (amount === undefined || paid === undefined || requested === undefined)
    return `${instalmentRef(d)}的付款将超过该期应付金额。请核对金额，发送「/关联 ${s(d.contractNo) || '合同编号'}」查看已付情况。`;
  const left = amount > paid ? amount - paid : 0n;
  const head = `${instalmentRef(d)}应付 ${formatYuan(amount)} 元，已付或正在付款 ${formatYuan(paid)} 元，本次 ${formatYuan(requested)} 元，超出 ${formatYuan(paid + requested - amount)} 元。`;
  if (left === 0n) return `${head}该期已全部付清或正在付款，不能再付。请改付其他期次，发送「/关联 ${s(d.contractNo) || '合同编号'}」查看各期情况。`;
  return `${head}请把金额调整到 ${formatYuan(left)} 元以内。`;
}

function instalmentsInvalid(d: Details): string {
  const [planned, total] = [fen(d.plannedFen), fen(d.totalFen)];
  if (planned !== undefined && total !== undefined) return `分期合计 ${formatYuan(planned)} 元，与合同金额 ${formatYuan(total)} 元不符。请调整分期，例如：${INSTALMENT_EXAMPLE}。`;
  const problem = INSTALMENT_PROBLEMS[s(d.problem)] ?? (hasChinese(s(d.problem)) ? s(d.problem) : '');
  return `合同分期有误${problem ? `：${problem}` : ''}。请这样写：${INSTALMENT_EXAMPLE}。`;
}

/** 修改 and 关联 change a request before it goes round: only a draft or a returned one */
const BEFORE_SUBMIT_ACTIONS: Record<string, string> = { edited: '修改', linked: '关联' };

function invalidState(d: Details): string {
  const head = d.from ? `申请${no(d)}当前为「${statusLabel(d.from)}」，` : `申请${no(d)}现在`;
  const status = `发送「/进度${d.no ? ` ${s(d.no)}` : ''}」查看详情。`;
  const verb = BEFORE_SUBMIT_ACTIONS[s(d.to)];
  if (verb === undefined) return `${head}不能${ACTION_OF_TARGET[s(d.to)] ?? '这样操作'}。${status}`;
  const next = d.from === 'in_approval' ? `如需${verb}，请当前审批人退回修改，或撤回${d.no ? `（/撤回 ${s(d.no)}）` : ''}后重新申请。` : d.from ? '如需调整，请重新发起申请。' : '';
  return `${head}不能${verb}：只有待提交或已退回修改的申请可以${verb}。${next}${status}`;
}

const yuanOf = (fen: unknown) => (typeof fen === 'string' && /^\d+$/.test(fen) ? `${formatYuan(BigInt(fen))} 元` : '');
const alertStateLabel = (state: unknown) => ALERT_STATE_LABELS[state as keyof typeof ALERT_STATE_LABELS] ?? s(state);

const TEXT: Record<ErrorCode, (d: Details) => string> = {
  AMOUNT_INVALID: (d) => `金额「${s(d.input)}」无效。请填写大于 0 的金额，单位为元，最多两位小数，例如 1200、1200.50 或 1,200.50（逗号只能每三位一个）。`,
  NO_BUDGET_LINE: (d) =>
    d.ambiguous
      ? `「${s(d.subject)}」对应多条预算指标：${list(d.known)}。请用 项目=… 指明，或直接写预算指标编号。`
      : `本部门没有「${s(d.subject)}${d.project ? `（${s(d.project)}）` : ''}」预算指标，无法提交。本部门现有指标：${list(d.known)}。如需新增指标，请联系财政所。`,
  BUDGET_INSUFFICIENT: (d) =>
    `预算不足，无法提交：「${s(d.line)}」可用 ${s(d.available)} 元，本次申请 ${s(d.requested)} 元，还差 ${s(d.missing)} 元。请调整金额，或先申请预算调整。`,
  COMMITMENT_INSUFFICIENT: commitmentInsufficient,
  LEDGER_MISMATCH: (d) =>
    `预算指标「${s(d.line)}」${LEDGER_COLUMNS[s(d.column)] ?? s(d.column)}的金额（${s(d.held)} 元）少于本次要处理的 ${s(d.requested)} 元，预算台账与申请不符，操作没有执行。请联系财政所核对预算台账后再试。`,
  UNKNOWN_PERSON: () => UNKNOWN_ACCOUNT_TEXT,
  UNKNOWN_REQUEST_TYPE: (d) => `没有「${s(d.type)}」这种申请类型。可用的类型：${list(d.known)}。`,
  NOT_ASSIGNEE: (d) => `您不是申请${no(d)}当前环节的审批人，无权处理。此次操作已记录。`,
  SELF_APPROVAL: (d) =>
    `不能审批自己的申请（不相容岗位分离）：申请${no(d)}是您本人提交的，须由其他审批人处理，代理或转交也不例外。此次操作已记录。如需撤回，请发送「/撤回 ${s(d.no)}」。`,
  STEP_CLOSED: (d) => `申请${no(d)}的这个环节已经处理过或已失效，卡片上的按钮不再生效。发送「/进度 ${s(d.no)}」查看最新状态。`,
  ALREADY_DECIDED: (d) => `您已同意过申请${no(d)}的「${s(d.stepName)}」环节，正在等待其他会签人。`,
  REQUEST_NOT_FOUND: (d) => `找不到申请${noEnd(d)}。发送「/进度」查看您最近的申请。`,
  NOT_REQUESTER: (d) => (d.view ? `您不是申请${no(d)}的申请人或审批人，不能查看。需要查看时，请找财政所、纪工委或主要领导。` : `只有申请人本人可以操作申请${noEnd(d)}。`),
  INVALID_STATE: invalidState,
  MEETING_REQUIRED: (d) => `这是「三重一大」集体决策事项：同意前请填写会议日期和会议纪要编号。卡片上不能填写时，可发送：/同意 ${s(d.no) || '编号'} 会议=YYYY-MM-DD 纪要=纪要编号`,
  TRANSFER_TARGET_REQUIRED: (d) => `转交时请指明转交给谁（也可以发送：/转交 ${s(d.no) || '编号'} 人员 [意见]）。`,
  COMMENT_REQUIRED: (d) => {
    const verb = d.action === 'reject' ? '驳回' : '退回';
    return `${verb}时请填写意见，说明原因（也可以发送：/${verb} ${s(d.no) || '编号'} 理由）。`;
  },
  TRANSFER_TARGET_INVALID: () => '转交对象无效：请选择组织架构中的其他在岗人员（不能是自己或已在本环节的人）。',
  NO_APPROVER: (d) => `找不到「${s(d.step)}」环节的审批人，申请无法提交。请联系管理员检查组织文件中的角色设置。`,
  LINK_NOT_FOUND: (d) =>
    `找不到${d.ref ? `「${s(d.ref)}」` : '关联的申请'}：没有这个申请编号或合同编号。请核对后重新填写 关联=编号（如 关联=12 或 关联=HT-2026-003），或发送「/进度」查看您最近的申请。`,
  LINK_REQUIRED: (d) => `这类申请须关联已审批通过的${kinds(d.kinds, '事前申请或合同')}才能提交。请在申请中加上 关联=编号（申请编号或合同编号），例如：/申请 … 关联=12。`,
  LINK_NOT_ALLOWED: (d) => `这类申请不能关联其他申请${d.parentNo || d.ref ? `（您关联了 ${parentRef(d)}）` : ''}。请去掉 关联=… 后重新发起。`,
  LINK_KIND: (d) =>
    `${parentRef(d)}${d.parentKind ? `（${kindLabel(d.parentKind)}）` : ''}不能作为这类申请的上级：这类申请只能关联${kinds(d.kinds, '规定类型的申请')}。请改为关联正确的申请，发送「/关联 编号」可查看整条链。`,
  LINK_CYCLE: (d) => `${parentRef(d)}就是本申请或本申请的下级，不能关联，否则会形成循环。请关联上级的事前申请或合同。`,
  LINK_NOT_APPROVED: (d) =>
    d.status === 'draft' || d.status === 'in_approval' || d.status === 'returned'
      ? `${parentRef(d)}当前为「${statusLabel(d.status)}」，还没有审批通过，不能关联。请等它审批通过后再提交，发送「/进度${d.parentNo ? ` ${s(d.parentNo)}` : ''}」查看进度。`
      : `${parentRef(d)}${d.status ? `当前为「${statusLabel(d.status)}」，` : ''}不会再审批通过，不能关联。请关联其他已通过的申请，或先另行提交事前申请。`,
  LINK_SETTLED: (d) => `${parentRef(d)}已结清，剩余额度已退回预算指标，不能再关联。如仍需用款，请另行提交事前申请。`,
  LINK_OTHER_LINE: (d) => `${parentRef(d)}使用的是另一条预算指标，与本申请写的科目不同。关联时可以不写科目（自动沿用上级的预算指标）；或改为关联同一科目的申请。`,
  LINK_OTHER_DEPARTMENT: (d) => `${parentRef(d)}属于其他部门，不能关联。请关联本部门或您本人的申请。`,
  AMOUNT_REQUIRED: (d) => `${d.type ? `「${s(d.type)}」` : '这类申请'}须填写金额（单位元）。例如：/申请 ${s(d.type) || '类型'} 800 事由 关联=12`,
  INSTALMENTS_INVALID: instalmentsInvalid,
  INSTALMENT_REQUIRED: (d) =>
    `合同${d.contractNo ? ` ${s(d.contractNo)} ` : ''}分${d.instalments ? ` ${s(d.instalments)} ` : '多'}期付款，请写明是第几期：加上 期次=1${d.instalments ? `（1 到 ${s(d.instalments)}）` : ''}。`,
  INSTALMENT_UNKNOWN: (d) =>
    `合同${d.contractNo ? ` ${s(d.contractNo)} ` : ''}没有${d.instalment ? `第 ${s(d.instalment)} 期` : '这一期'}${d.instalments ? `（共 ${s(d.instalments)} 期）` : ''}。请把 期次= 改为正确的期数，发送「/关联 ${s(d.contractNo) || '合同编号'}」可查看分期。`,
  INSTALMENT_EXCEEDED: instalmentExceeded,
  ACCEPTANCE_MISSING: (d) =>
    `${instalmentRef(d)}尚未验收合格，不能付款。请先发起该期的验收申请（关联=${s(d.contractNo) || '合同编号'} 期次=${s(d.instalment) || '期数'}），验收审批通过后再申请付款。`,
  ACCEPTANCE_DUPLICATE: (d) => `${instalmentRef(d)}已经有验收申请（审批中或已通过），不能重复验收。发送「/关联 ${s(d.contractNo) || '合同编号'}」查看。`,
  CONTRACT_NO_TAKEN: (d) => `合同编号${d.contractNo ? `「${s(d.contractNo)}」` : ''}已被使用。请换一个 合同号=…，或不写合同号，由管家自动编号（HT-年份-序号）。`,
  SETTLE_NOT_ALLOWED: (d) =>
    `您不能结清${d.no ? `申请 No.${s(d.no)}` : '这项申请'}：结清须由申请人本人或财务人员办理。发送「/关联${d.no ? ` ${s(d.no)}` : ' 编号'}」查看这条链的情况。`,
  SETTLE_NOT_COMMITMENT: settleNotCommitment,
  SETTLE_OPEN_CHILDREN: (d) =>
    `申请${no(d)}下还有审批中的申请${Array.isArray(d.open) && d.open.length > 0 ? `：${d.open.map((n) => `No.${s(n)}`).join('、')}` : ''}。请等它们审批完毕（或撤回）后再结清。`,
  PAYMENT_NOT_DUE: (d) =>
    d.state === 'paid'
      ? `申请${no(d)}已经确认付款，不能重复付款。发送「/进度${d.no ? ` ${s(d.no)}` : ''}」查看付款记录。`
      : `申请${no(d)}${d.state && d.state !== 'due' ? `当前为「${statusLabel(d.state)}」，` : ''}不在待付款状态（须审批通过并等待出纳付款），不能确认付款。发送「/待付款」查看等待付款的事项。`,
  PAYMENT_NOT_CASHIER: (d) => `只有出纳可以确认付款${d.no ? `（申请 No.${s(d.no)}）` : ''}和查看待付款。如您是出纳，请联系单位管理员在组织文件中登记出纳角色。`,
  PAYMENT_CONFLICT: (d) =>
    `不能确认付款（不相容岗位分离）：申请${no(d)}${d.as === 'approver' ? '经您审批过' : d.as === 'requester' ? '是您本人提交的' : '由您经办或审批过'}，须由其他出纳确认付款。此次操作已记录。`,
  PAYMENT_VOUCHER_REQUIRED: (d) => `确认付款须填写凭证号。卡片上能填写时请填写后再点确认；不能填写时，请发送：/付款 ${s(d.no) || '编号'} 凭证号=… [日期=YYYY-MM-DD]`,
  PAYMENT_DATE_INVALID: (d) =>
    d.future
      ? `付款日期${d.date ? `「${s(d.date)}」` : ''}晚于今天，不能预先确认付款。请填写实际付款的日期（YYYY-MM-DD），不填则为今天。`
      : `付款日期${d.date ? `「${s(d.date)}」` : ''}不存在，应为实际日期，格式 YYYY-MM-DD，例如 2026-11-30；不填则为今天。`,
  ADJUST_TARGET_INVALID: (d) =>
    d.problem === 'same_line'
      ? `调入的预算指标${d.target ? `「${s(d.target)}」` : ''}就是调出的指标，调剂须在两条不同的指标之间进行。如需增加本指标，请去掉 调入=…（即为追加）。`
      : `找不到调入的预算指标${d.target ? `「${s(d.target)}」` : ''}。${Array.isArray(d.known) && d.known.length > 0 ? `现有预算指标：${list(d.known)}。` : ''}请改写 调入=科目 后重新发起。`,
  BAD_INPUT: (d) => `输入有误：${s(d.problem) || '请检查后重试'}。`,
  DATABASE_IN_USE: (d) =>
    `内置数据库${d.dir ? `（${s(d.dir)}）` : ''}正被另一个管家进程${d.pid ? `（进程号 ${s(d.pid)}）` : ''}使用，内置数据库同一时间只能由一个进程打开。请先停止那个进程再运行（命令行工具请在停止管家后运行），或改用 PostgreSQL 服务器。`,
  NOTHING_CHANGED: (d) =>
    `没有修改任何内容：填写的与申请${no(d)}现在的一样。请写明要改的项目和新的值，例如：/修改 ${s(d.no) || '编号'} 金额=1500 事由=补充报价单后重新申请（可改 金额、事由、科目、项目、供应商）。`,
  ORG_INVALID: (d) => `组织文件有误：\n${list(d.problems)}`,
  ATTACHMENT_TYPE: (d) =>
    `${d.name ? `「${s(d.name)}」` : '这个文件'}${d.detected ? `是 ${s(d.detected).toUpperCase()} 格式，` : '的格式无法识别，'}不能作为附件。可以附加：${ALLOWED_TYPES_TEXT}。请转换格式后重新发送（手机拍照的发票直接发图片即可）。`,
  ATTACHMENT_TOO_LARGE: (d) => {
    const limit = typeof d.maxBytes === 'number' ? sizeText(d.maxBytes) : '';
    // a file just over the limit rounds to the same size as the limit: then only the limit is named
    const size = typeof d.size === 'number' && sizeText(d.size) !== limit ? `有 ${sizeText(d.size)}，` : '';
    return `${d.name ? `「${s(d.name)}」` : '这个文件'}${size}超过了附件大小上限${limit ? ` ${limit}` : ''}。请压缩或分成几个文件后重新发送。`;
  },
  ATTACHMENT_EMPTY: (d) => `${d.name ? `「${s(d.name)}」` : '这个文件'}是空的（0 字节），没有附加。请检查文件后重新发送。`,
  ATTACHMENT_FROZEN: (d) =>
    `申请${no(d)}已提交审批，附件已锁定，不能再增减（审批人看到的材料须保持不变）。如需补充材料，请当前审批人退回修改，或撤回${d.no ? `（/撤回 ${s(d.no)}）` : ''}后再附加。`,
  ATTACHMENT_KIND: (d) =>
    `申请${no(d)}的附件没有${d.kind ? `「${s(d.kind)}」` : '这'}一类。${Array.isArray(d.offered) && d.offered.length > 0 ? `可以选：${list(d.offered)}。` : ''}例如：/附件 ${s(d.no) || '编号'} ${Array.isArray(d.offered) && d.offered.length > 0 ? s(d.offered[0]) : '其他'}`,
  ATTACHMENT_NO_TARGET: (d) => `${d.name ? `收到「${s(d.name)}」，但` : ''}您没有待提交或退回修改的申请，附件无处可放，没有保存。请先发起申请（/申请 …），再发送文件。`,
  ATTACHMENT_NOT_FOUND: (d) =>
    d.seq ? `申请${no(d)}没有第 ${s(d.seq)} 号附件（或已撤下）。发送「/进度 ${s(d.no)}」查看附件清单。` : '这个文件已经附加过或已过期，请重新发送文件。',
  ATTACHMENTS_MISSING: (d) => `${s(d.type) || '这类申请'}须附：${Array.isArray(d.missing) ? d.missing.map(s).join('、') : ''}。请发送图片或文件后再提交。`,
  FILE_STORE_FAILED: (d) => `${d.name ? `「${s(d.name)}」` : '文件'}暂时无法保存或读取（附件存储出了问题），什么也没有改动。请稍后重新发送；如多次失败，请联系管理员。`,
  FILE_LINK_INVALID: () => FILE_PAGE.forged,
  SPLIT_PURCHASE_BLOCKED: (d) =>
    `申请${no(d)}与本部门同品目的其他申请合计${d.total ? ` ${yuanOf(d.total)}` : ''}，达到采购限额${d.threshold ? ` ${yuanOf(d.threshold)}` : ''}，涉嫌化整为零${d.citation ? `（${s(d.citation)}）` : ''}，按本单位规定不能提交。请合并为一次采购并按政府采购程序办理，或联系财政所。`,
  SPLIT_EXPLANATION_REQUIRED: (d) =>
    `申请${no(d)}与本部门同品目的其他申请合计${d.total ? ` ${yuanOf(d.total)}` : ''}，达到采购限额${d.threshold ? ` ${yuanOf(d.threshold)}` : ''}，提示涉嫌化整为零。提交时须书面说明理由（将报送监督群）：在卡片的说明框填写后提交，或发送「/提交 ${s(d.no) || '编号'} 说明」。`,
  ALERT_NOT_FOUND: (d) => `找不到告警${d.no ? ` #${s(d.no)}` : ''}。发送「/监察」查看待处理的告警。`,
  ALERT_NOT_DISCIPLINE: (d) => (d.view ? '只有纪检、主要领导可以查看监察告警。' : `只有纪检人员可以核实或关闭告警${d.no ? ` #${s(d.no)}` : ''}。此次操作已记录。`),
  ALERT_STATE: (d) => `告警${d.no ? ` #${s(d.no)}` : ''}${d.state ? `当前为「${alertStateLabel(d.state)}」，` : ''}不能再这样处理。发送「/监察」查看待处理的告警。`,
  ALERT_NOTE_REQUIRED: (d) => `关闭告警时请写明核查结论，例如：/关闭 ${s(d.no) || '编号'} 已核实为正常分批采购，附说明`,
  SEARCH_SCOPE: (d) =>
    `您只能查询本人的申请，不能按${d.beyond === 'requester' ? `申请人${d.requester ? `「${s(d.requester)}」` : ''}` : `部门${d.department ? `「${s(d.department)}」` : ''}`}查询（全单位查询限财务、主要领导和纪检）。此次查询已记录。去掉该条件即可查本人的申请，例如：/查询 状态=审批中`,
  SEARCH_UNKNOWN: (d) => {
    const value = d.value ? `「${s(d.value)}」` : '';
    if (d.field === 'requester') return `没有找到申请人${value}。请写姓名或人员编号，例如 申请人=冯磊。`;
    const candidates: unknown[] = Array.isArray(d.candidates) ? d.candidates : [];
    if (d.ambiguous && candidates.length > 0) return `${value || '这个名称'}对应多个部门：${list(candidates)}。请写全称，例如 部门=${s(candidates[0])}。`;
    return `没有${value}这个部门。${candidates.length > 0 ? `现有部门：${list(candidates)}。` : ''}`;
  },
  AUDIT_TRAIL_DENIED: (d) => `审计记录只有纪检人员可以查看${d.no ? `（申请 No.${s(d.no)}）` : ''}。此次查询已记录。查看申请本身请发送「/进度${d.no ? ` ${s(d.no)}` : ' 编号'}」。`,
  REPORT_SCOPE: (d) =>
    `报表只能看本部门的${d.beyond === 'unit' ? '，不能看全单位' : d.department ? `，不能看「${s(d.department)}」` : ''}（全单位和其他部门的报表限财务、主要领导和纪检）。此次请求已记录。去掉部门即可看本部门的，例如：/报表 预算执行`,
  REPORT_UNKNOWN_DEPARTMENT: (d) => {
    const candidates: unknown[] = Array.isArray(d.candidates) ? d.candidates : [];
    return `没有${d.value ? `「${s(d.value)}」` : '这个'}部门。${candidates.length > 0 ? `现有部门：${list(candidates)}。` : ''}例如：/报表 预算执行 ${candidates.length > 0 ? s(candidates[0]) : '全部'}`;
  },
  REPORT_NOT_FOUND: () => '这份报表已不存在或不是为您生成的。请重新发送「/报表 …」生成一份。',
  DASHBOARD_DENIED: () => '驾驶舱只对财务、主要领导和纪检开放。此次访问已记录。查看本部门的预算执行情况请发送「/报表 预算执行」。',
  BUDGET_IMPORT_INVALID: (d) => `预算表有误，未做任何更改：\n${Array.isArray(d.problems) ? d.problems.map((p) => `  - ${s(p)}`).join('\n') : ''}`,
};

export function errorText(error: AppError): string {
  return refusalText(error.code, error.details);
}

/** A refusal as carried by a notice (the code may come from an older or newer version). */
export function refusalText(code: ErrorCode, details: Details): string {
  return (TEXT[code] ?? (() => INTERNAL_ERROR_TEXT))(details);
}

export const UNKNOWN_ACCOUNT_TEXT = '您尚未在组织架构中登记，无法使用管家。请联系单位管理员（党政办）把您的账号加入组织文件。';

/** For unexpected failures: never the raw message. */
export const INTERNAL_ERROR_TEXT = '管家暂时无法处理这条消息，已记录问题。请稍后重试；如多次失败，请联系管理员。';

// @ts-check
// A card's buttons and the inline form a button opens when it needs input (comment / transferTo /
// meeting / payment / edit): checked in the page, in Chinese, before anything is sent.
import { h, uid } from './dom.js';

/** @typedef {import('../../../card-model.js').Card} Card */
/** @typedef {import('../../../card-model.js').CardAction} CardAction */
/** @typedef {import('../../../card-model.js').CardButton} CardButton */
/**
 * Someone a step may be handed to (转交): the console's people and the workbench's `people` both fit.
 * @typedef {{ id: string, name: string, department?: string | { name: string }, title?: string }} CardPerson
 */
/**
 * A tap as the card sends it: the button's action and refs, with what its form collected. `messageId`
 * is the page's own handle on the card's carrier (the console's message; 0 on the workbench).
 * @typedef {{
 *   messageId: number,
 *   action: CardAction,
 *   requestId: string,
 *   stepId?: string,
 *   parentRef?: string,
 *   comment?: string,
 *   transferTo?: string,
 *   meeting?: { date: string, minutesNo: string },
 *   payment?: { voucherNo: string, date?: string },
 *   edit?: { amount?: string, purpose?: string, subject?: string, project?: string, supplier?: string },
 *   attach?: { heldId?: string, kind?: string, seq?: number },
 *   alertNo?: number,
 * }} CardTap
 */
/** A file chosen or dropped on a card, for its request, filed under a kind (发票 …). */
/** @typedef {{ requestId: string, kind?: string, file: File }} CardUpload */
/**
 * What a card needs from the page: the people (for 转交), who is looking, how to send a tap, and how
 * to upload a file (with its progress). `answerPlace` says where the bot's answer shows up
 * (「会话中」 on the console, the default); `openLink` shows the card's 「在工作台打开」 link.
 * @typedef {{
 *   people: CardPerson[],
 *   meId: string | null,
 *   onAction: (tap: CardTap) => Promise<unknown>,
 *   onUpload: (upload: CardUpload, onProgress?: (sent: number, total: number) => void) => Promise<unknown>,
 *   answerPlace?: string,
 *   openLink?: boolean,
 * }} CardContext
 */
/** A control with a problem, its error line, and what to say; null when the field is fine. */
/** @typedef {{ el: HTMLElement, err: HTMLElement, msg: string } | null} Problem */
/** @typedef {() => Problem} Check */
/** @typedef {Pick<CardTap, 'comment' | 'transferTo' | 'meeting' | 'payment' | 'edit'>} TapExtra */
/** @typedef {NonNullable<CardButton['edit']>} EditValues */
/** @typedef {NonNullable<CardTap['edit']>} EditTap */

const RESUBMIT_AFTER_MS = 15000;

/** @param {CardAction} action */
function commentCopy(action) {
  switch (action) {
    case 'approve':
      return { placeholder: '审批意见（可选）', required: false, hint: '' };
    case 'reject':
      return { placeholder: '驳回理由（必填）', required: true, hint: '驳回时必须填写理由，申请人会看到这条意见。' };
    case 'return':
      return { placeholder: '需要修改的内容（必填）', required: true, hint: '退回修改时必须说明需要修改什么。' };
    case 'transfer':
      return { placeholder: '转交说明（可选）', required: false, hint: '' };
    default:
      return { placeholder: '备注（可选）', required: false, hint: '' };
  }
}

/**
 * Build the people <select> for 转交, grouped by department.
 * @param {string} id
 * @param {CardPerson[]} people
 * @param {string | null} meId
 */
function peopleSelect(id, people, meId) {
  /** @type {Map<string, CardPerson[]>} */
  const byDept = new Map();
  for (const p of people) {
    if (p.id === meId) continue;
    const key = (typeof p.department === 'string' ? p.department : p.department?.name) || '其他';
    const list = byDept.get(key) ?? [];
    list.push(p);
    byDept.set(key, list);
  }
  return h(
    'select',
    { id, name: 'transferTo', class: 'field-control', required: true },
    h('option', { value: '' }, '请选择转交对象'),
    [...byDept.entries()].map(([dept, list]) =>
      h(
        'optgroup',
        { label: dept },
        list.map((p) => h('option', { value: p.id }, p.title ? `${p.name}（${p.title}）` : p.name)),
      ),
    ),
  );
}

// Each field builder appends its field to the form and returns its checks: () => null when fine,
// or { el, err, msg } naming the control, its error line and what to say.

/**
 * @param {HTMLFormElement} form
 * @param {CardContext} ctx
 * @returns {Check[]}
 */
function transferField(form, ctx) {
  const id = uid('transfer');
  const sel = peopleSelect(id, ctx.people, ctx.meId);
  const err = h('div', { class: 'field-error', hidden: true });
  form.append(h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, '转交给'), sel, err));
  return [() => (sel.value ? null : { el: sel, err, msg: '请选择转交给谁。' })];
}

/**
 * @param {HTMLFormElement} form
 * @returns {Check[]}
 */
function meetingFields(form) {
  const dId = uid('meeting-date');
  const nId = uid('minutes-no');
  const date = h('input', { id: dId, name: 'meetingDate', type: 'date', class: 'field-control', required: true });
  const no = h('input', { id: nId, name: 'minutesNo', type: 'text', class: 'field-control', placeholder: '如 党委会〔2025〕12号', required: true, maxlength: 100 });
  const dErr = h('div', { class: 'field-error', hidden: true });
  const nErr = h('div', { class: 'field-error', hidden: true });
  form.append(
    h(
      'div',
      { class: 'field field-row' },
      h('div', { class: 'field-col' }, h('label', { class: 'field-label', for: dId }, '会议日期（必填）'), date, dErr),
      h('div', { class: 'field-col' }, h('label', { class: 'field-label', for: nId }, '纪要编号（必填）'), no, nErr),
    ),
  );
  return [
    () => (/^\d{4}-\d{2}-\d{2}$/.test(date.value) ? null : { el: date, err: dErr, msg: '请填写会议日期。' }),
    () => (no.value.trim() ? null : { el: no, err: nErr, msg: '请填写会议纪要编号。' }),
  ];
}

/** today as YYYY-MM-DD in the browser's time zone (the unit's, for a console on its own machine) */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * 确认付款: the voucher number (required) and the payment date (today unless changed, not later).
 * @param {HTMLFormElement} form
 * @returns {Check[]}
 */
function paymentFields(form) {
  const vId = uid('voucher-no');
  const dId = uid('payment-date');
  const max = today();
  const voucher = h('input', { id: vId, name: 'voucherNo', type: 'text', class: 'field-control', placeholder: '如 记-118', required: true, maxlength: 60, autocomplete: 'off' });
  const date = h('input', { id: dId, name: 'paymentDate', type: 'date', class: 'field-control', required: true, value: max, max });
  const vErr = h('div', { class: 'field-error', hidden: true });
  const dErr = h('div', { class: 'field-error', hidden: true });
  form.append(
    h(
      'div',
      { class: 'field field-row' },
      h('div', { class: 'field-col' }, h('label', { class: 'field-label', for: vId }, '凭证号（必填）'), voucher, vErr),
      h('div', { class: 'field-col' }, h('label', { class: 'field-label', for: dId }, '付款日期'), date, dErr),
    ),
  );
  return [
    () => (voucher.value.trim() ? null : { el: voucher, err: vErr, msg: '请填写记账凭证号。' }),
    () => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value)) return { el: date, err: dErr, msg: '请选择付款日期。' };
      return date.value > today() ? { el: date, err: dErr, msg: '付款日期不能晚于今天。' } : null;
    },
  ];
}

/** 元 as people type it (「1500」「1,500.00」「￥1500元」), like the server's parseYuan */
const YUAN = /^[¥￥]?(\d{1,12}|[1-9]\d{0,2}(?:[,，]\d{3}){1,3})(?:\.(\d{1,2}))?元?$/;

/**
 * An amount in 分, or null when the text is not one (zero is not an amount either).
 * @param {string} text
 */
function fenOf(text) {
  const m = YUAN.exec(text.trim());
  if (!m) return null;
  const fen = Number((m[1] ?? '0').replace(/[,，]/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return fen > 0 ? fen : null;
}

/**
 * 修改: 金额, 事由, 科目, 项目 and 供应商, filled with what the request says now. Only what is changed
 * is sent; a form with nothing changed is not sent at all.
 * @param {HTMLFormElement} form
 * @param {EditValues | undefined} current
 * @returns {{ checks: Check[], changed: () => EditTap }}
 */
function editFields(form, current) {
  const was = {
    amount: current?.amount ?? '',
    purpose: current?.purpose ?? '',
    subject: current?.subject ?? '',
    project: current?.project ?? '',
    supplier: current?.supplier ?? '',
  };
  /**
   * @param {keyof EditValues} name
   * @param {string} label
   * @param {Record<string, unknown>} attrs
   */
  const input = (name, label, attrs) => {
    const id = uid(`edit-${name}`);
    const tag = name === 'purpose' ? 'textarea' : 'input';
    const el = h(tag, { id, name, class: 'field-control', autocomplete: 'off', ...(tag === 'input' ? { type: 'text', value: was[name] } : { rows: 2 }), ...attrs });
    if (el instanceof HTMLTextAreaElement) el.value = was[name];
    const err = h('div', { class: 'field-error', hidden: true });
    return { el, err, box: h('div', { class: 'field-col' }, h('label', { class: 'field-label', for: id }, label), el, err) };
  };
  const amount = input('amount', '金额（元）', { inputmode: 'decimal', maxlength: 40, placeholder: '如 1500 或 1,500.00' });
  const purpose = input('purpose', '事由', { maxlength: 500 });
  const subject = input('subject', '科目', { maxlength: 100, placeholder: '如 办公费' });
  const project = input('project', '项目', { maxlength: 100, placeholder: '科目下有多个项目时填写' });
  const supplier = input('supplier', '供应商', { maxlength: 200, placeholder: '没有可不填' });
  const nothing = h('div', { class: 'field-error', hidden: true });
  form.append(
    h('div', { class: 'edit-note' }, '改好后点「确认修改」；只有改动的项目会提交，卡片上会显示修改前后的内容。'),
    h('div', { class: 'field field-row' }, amount.box, supplier.box),
    h('div', { class: 'field' }, purpose.box),
    h('div', { class: 'field field-row' }, subject.box, project.box),
    nothing,
  );
  const value = (/** @type {{ el: HTMLInputElement | HTMLTextAreaElement }} */ f) => f.el.value.trim();
  const changed = () => {
    /** @type {EditTap} */
    const edit = {};
    const fen = fenOf(value(amount));
    if (fen !== null && fen !== fenOf(was.amount)) edit.amount = value(amount);
    if (value(purpose) !== was.purpose.trim()) edit.purpose = value(purpose);
    // a line is named by its 科目 and, where the 科目 has several, its 项目
    if (value(subject) !== was.subject.trim() || value(project) !== was.project.trim()) {
      if (value(subject)) edit.subject = value(subject);
      if (value(project)) edit.project = value(project);
    }
    if (value(supplier) !== was.supplier.trim()) edit.supplier = value(supplier);
    return edit;
  };
  return {
    checks: [
      () => {
        if (!value(amount)) return { el: amount.el, err: amount.err, msg: '请填写金额。' };
        return fenOf(value(amount)) === null ? { el: amount.el, err: amount.err, msg: '金额应为大于 0 的数字，最多两位小数，如 1500 或 1,500.00。' } : null;
      },
      // an empty field means "unchanged" to the bot, so emptying one would silently do nothing
      ...[
        { f: purpose, name: /** @type {const} */ ('purpose'), label: '事由' },
        { f: subject, name: /** @type {const} */ ('subject'), label: '科目' },
        { f: project, name: /** @type {const} */ ('project'), label: '项目' },
        { f: supplier, name: /** @type {const} */ ('supplier'), label: '供应商' },
      ].map(
        ({ f, name, label }) =>
          () =>
            value(f) || !was[name].trim() ? null : { el: f.el, err: f.err, msg: `${label}不能清空；不需要修改时请保留原内容。` },
      ),
      () => (fenOf(value(amount)) === null || Object.keys(changed()).length > 0 ? null : { el: nothing, err: nothing, msg: '没有改动任何内容；改好要修改的项再点「确认修改」。' }),
    ],
    changed,
  };
}

/**
 * @param {HTMLFormElement} form
 * @param {CardAction} action
 * @param {string} [label] what the card asks for, when it is not an approver's comment (the 化整为零 explanation); then required
 * @returns {Check[]}
 */
function commentField(form, action, label) {
  const id = uid('comment');
  const copy = label ? { placeholder: label, required: true, hint: label } : commentCopy(action);
  const ta = h('textarea', {
    id,
    name: 'comment',
    class: 'field-control',
    rows: 2,
    placeholder: copy.placeholder,
    maxlength: 500,
    required: copy.required,
  });
  const err = h('div', { class: 'field-error', hidden: true });
  form.append(h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label ?? (copy.required ? '审批意见（必填）' : '审批意见')), ta, err));
  return [
    () => {
      const v = ta.value.trim();
      if (copy.required && !v) return { el: ta, err, msg: copy.hint || '请填写意见。' };
      return null;
    },
  ];
}

/**
 * Runs the checks, showing each problem under its field; returns the first bad control or null.
 * @param {HTMLFormElement} form
 * @param {Check[]} checks
 */
function showProblems(form, checks) {
  for (const errEl of form.querySelectorAll('.field-error')) /** @type {HTMLElement} */ (errEl).hidden = true;
  for (const bad of form.querySelectorAll('[aria-invalid]')) bad.removeAttribute('aria-invalid');
  /** @type {HTMLElement | null} */
  let first = null;
  for (const check of checks) {
    const problem = check();
    if (problem) {
      problem.err.textContent = problem.msg;
      problem.err.hidden = false;
      problem.el.setAttribute('aria-invalid', 'true');
      first ??= problem.el;
    }
  }
  return first;
}

/**
 * What the filled-in form adds to the action's payload.
 * @param {HTMLFormElement} form
 * @returns {TapExtra}
 */
function formValues(form) {
  /** @type {TapExtra} */
  const extra = {};
  const field = (/** @type {string} */ name) => {
    const el = form.elements.namedItem(name);
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el : null;
  };
  const comment = field('comment');
  if (comment && comment.value.trim()) extra.comment = comment.value.trim();
  const transferTo = field('transferTo');
  if (transferTo && transferTo.value) extra.transferTo = transferTo.value;
  const meetingDate = field('meetingDate');
  const minutesNo = field('minutesNo');
  if (meetingDate && minutesNo) extra.meeting = { date: meetingDate.value, minutesNo: minutesNo.value.trim() };
  const voucherNo = field('voucherNo');
  const paymentDate = field('paymentDate');
  if (voucherNo) extra.payment = { voucherNo: voucherNo.value.trim(), ...(paymentDate && paymentDate.value ? { date: paymentDate.value } : {}) };
  return extra;
}

/**
 * The card's action footer (buttons, form host, status line), or null when it has no buttons.
 * @param {Card} card
 * @param {number} messageId the id of the message carrying the card
 * @param {CardContext} ctx
 * @param {HTMLElement} root the card's element (busy while an action is sent)
 */
export function renderCardActions(card, messageId, ctx, root) {
  const buttons = Array.isArray(card.buttons) ? card.buttons : [];
  if (buttons.length === 0) return null;
  const formHost = h('div', { class: 'card-form-host' });
  const statusLine = h('div', { class: 'card-action-status', hidden: true, role: 'status' });
  /** @type {CardAction | null} */
  let openAction = null;
  /** @type {HTMLButtonElement[]} */
  const buttonEls = [];

  const setBusy = (/** @type {boolean} */ busy) => {
    root.classList.toggle('busy', busy);
    for (const b of root.querySelectorAll('button, input, select, textarea')) /** @type {HTMLButtonElement} */ (b).disabled = busy;
  };
  const setStatus = (/** @type {string} */ text, kind = 'info') => {
    statusLine.textContent = text || '';
    statusLine.className = `card-action-status ${kind}`;
    statusLine.hidden = !text;
  };
  const closeForm = (/** @type {HTMLFormElement} */ form) => {
    form.remove();
    openAction = null;
    for (const b of buttonEls) b.setAttribute('aria-expanded', 'false');
  };

  /**
   * @param {CardButton} button
   * @param {TapExtra} extra
   * @param {HTMLFormElement | null} formEl
   */
  async function send(button, extra, formEl) {
    /** @type {CardTap} */
    const payload = { messageId, action: button.action, requestId: button.requestId || card.requestId, ...extra };
    if (button.stepId) payload.stepId = button.stepId;
    if (button.parentRef) payload.parentRef = button.parentRef;
    if (button.attach) payload.attach = button.attach;
    if (button.alertNo) payload.alertNo = button.alertNo;
    setBusy(true);
    const btnEl = buttonEls.find((b) => b.dataset.action === button.action && (b.dataset.parentRef ?? '') === (button.parentRef ?? ''));
    btnEl?.classList.add('loading');
    setStatus('正在提交…');
    try {
      await ctx.onAction(payload);
      if (formEl) formEl.remove();
      openAction = null;
      setStatus(`已提交「${button.label}」，等待处理…`, 'ok');
      // The card is re-rendered when the server updates it; if it does not, allow another try.
      setTimeout(() => {
        if (!root.isConnected) return;
        setBusy(false);
        btnEl?.classList.remove('loading');
        setStatus('');
      }, RESUBMIT_AFTER_MS);
    } catch {
      setBusy(false);
      btnEl?.classList.remove('loading');
      setStatus(`操作未成功，原因见${ctx.answerPlace ?? '会话中'}的提示。`, 'error');
    }
  }

  /**
   * Opens the button's form (closing any other); a second tap on the same button closes it.
   * @param {CardButton} button
   */
  function openForm(button) {
    if (formHost.firstChild) formHost.firstChild.remove();
    if (openAction === button.action) {
      openAction = null;
      for (const b of buttonEls) b.setAttribute('aria-expanded', 'false');
      return;
    }
    openAction = button.action;
    for (const b of buttonEls) b.setAttribute('aria-expanded', String(b.dataset.action === button.action));
    const needs = button.needs || [];
    const form = h('form', { class: 'card-action-form', dataset: { action: button.action }, novalidate: true });
    /** @type {Check[]} */
    const checks = [];
    if (needs.includes('meeting')) {
      form.append(h('div', { class: 'meeting-note' }, '三重一大事项：须录入集体决策的会议日期和纪要编号。'));
    }
    if (needs.includes('transferTo')) checks.push(...transferField(form, ctx));
    if (needs.includes('meeting')) checks.push(...meetingFields(form));
    if (needs.includes('payment')) {
      form.append(h('div', { class: 'payment-note' }, '请核对金额和收款方，按记账凭证填写凭证号；付款日期默认为今天。'));
      checks.push(...paymentFields(form));
    }
    const edit = needs.includes('edit') ? editFields(form, button.edit) : null;
    if (edit) checks.push(...edit.checks);
    if (needs.includes('comment')) checks.push(...commentField(form, button.action, button.commentLabel));

    // 「确认付款」 already says 确认
    const confirmLabel = button.label.startsWith('确认') ? button.label : `确认${button.label}`;
    const confirm = h('button', { type: 'submit', class: `btn btn-${button.style || 'default'}`, dataset: { confirm: button.action } }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'btn btn-ghost', dataset: { cancelForm: '' }, onclick: () => closeForm(form) }, '取消');
    form.append(h('div', { class: 'form-actions' }, cancel, confirm));

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const firstBad = showProblems(form, checks);
      if (firstBad) {
        firstBad.focus();
        return;
      }
      send(button, edit ? { ...formValues(form), edit: edit.changed() } : formValues(form), form);
    });
    // Clear a field's error as soon as it is edited.
    form.addEventListener('input', (e) => {
      const t = e.target;
      if (t instanceof HTMLElement && t.getAttribute('aria-invalid') === 'true') {
        t.removeAttribute('aria-invalid');
        const err = t.parentElement && [.../** @type {NodeListOf<HTMLElement>} */ (t.parentElement.querySelectorAll('.field-error'))].find((x) => x.previousElementSibling === t);
        if (err) err.hidden = true;
      }
    });

    formHost.append(form);
    /** @type {HTMLElement | null} */
    const firstInput = form.querySelector('textarea, select, input');
    if (firstInput) firstInput.focus({ preventScroll: true });
    form.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  const row = h('div', { class: 'card-buttons' });
  for (const button of buttons) {
    const needs = button.needs || [];
    const el = h(
      'button',
      {
        type: 'button',
        class: `btn btn-${button.style || 'default'}`,
        dataset: { action: button.action, requestId: button.requestId || card.requestId, stepId: button.stepId, parentRef: button.parentRef, needs: needs.join(' ') || undefined },
        'aria-expanded': needs.length ? 'false' : undefined,
        onclick: () => (needs.length ? openForm(button) : send(button, {}, null)),
      },
      button.label,
    );
    buttonEls.push(el);
    row.append(el);
  }
  return h('footer', { class: 'card-actions' }, row, formHost, statusLine);
}

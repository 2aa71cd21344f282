// Renders the platform-neutral card model (bot/card-model.ts) as a rich message bubble, with the
// inline inputs a button asks for (comment / transferTo / meeting).
import { h, uid } from './dom.js';

const TONES = new Set(['info', 'success', 'danger', 'warning', 'neutral']);
const LIGHTS = { green: '绿灯：正常', yellow: '黄灯：即将超时', red: '红灯：已超时' };
const RESUBMIT_AFTER_MS = 15000;

/** Colour of a step's state text, guessed from the words the bot uses. */
function stateTone(state) {
  const s = String(state || '');
  if (/驳回|拒绝|超时/.test(s)) return 'danger';
  if (/退回|补正/.test(s)) return 'warning';
  if (/同意|通过|完成|已办/.test(s)) return 'success';
  if (/待|审批中|处理中|进行/.test(s)) return 'info';
  return 'neutral';
}

/** "48,800.00" → "48,800.00 元"; "48,800.00（已冻结本笔）" → "48,800.00 元（已冻结本笔）"; "—" stays. */
function withYuan(v) {
  const s = String(v ?? '').trim();
  if (s === '' || !/\d/.test(s) || /元/.test(s)) return s;
  const m = /^([-+]?[\d,]+(?:\.\d+)?)(.*)$/.exec(s);
  return m ? `${m[1]} 元${m[2]}` : s;
}

/** true when the server left an amount out (it sends "—" for "not applicable"). */
const isBlank = (v) => v === undefined || v === null || /^[\s—–-]*$/.test(String(v));

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

function renderHeader(card) {
  const tone = TONES.has(card.status?.tone) ? card.status.tone : 'neutral';
  return h(
    'header',
    { class: 'card-header' },
    // the request's internal id is for machines; people use 编号 No.N (shown in the fields)
    h('div', { class: 'card-title-wrap', title: card.requestId ? `单号 ${card.requestId}` : undefined }, h('div', { class: 'card-title' }, card.title || '审批单')),
    card.status?.label ? h('span', { class: `pill tone-${tone}`, dataset: { tone } }, card.status.label) : null,
  );
}

function renderFields(fields) {
  if (!Array.isArray(fields) || fields.length === 0) return null;
  return h(
    'dl',
    { class: 'card-fields' },
    fields.map((f) => [h('dt', null, f.label ?? ''), h('dd', null, f.value ?? '')]),
  );
}

function renderBudget(b) {
  if (!b) return null;
  return h(
    'section',
    { class: `card-budget ${b.ok ? 'ok' : 'bad'}`, 'aria-label': '预算校验' },
    h(
      'div',
      { class: 'budget-head' },
      h('span', { class: 'budget-caption' }, '预算校验'),
      h('span', { class: `budget-verdict ${b.ok ? 'ok' : 'bad'}` }, b.ok ? '✓ 预算充足' : '✕ 无法通过'),
    ),
    h('div', { class: 'budget-line' }, h('span', { class: 'budget-label' }, '线路'), h('span', { class: 'budget-value' }, b.line || '—')),
    h(
      'div',
      { class: 'budget-line' },
      h('span', { class: 'budget-label' }, '可用'),
      h(
        'span',
        { class: 'budget-value budget-amounts' },
        isBlank(b.before) ? null : h('span', { class: 'amount-before' }, withYuan(b.before)),
        isBlank(b.before) ? null : h('span', { class: 'amount-arrow', 'aria-hidden': 'true' }, '→'),
        h('span', { class: `amount-after ${b.ok ? '' : 'bad'}` }, isBlank(b.after) ? '—' : withYuan(b.after)),
      ),
    ),
    !b.ok && b.problem ? h('div', { class: 'budget-problem', role: 'alert' }, b.problem) : null,
  );
}

function renderRoute(route) {
  if (!Array.isArray(route) || route.length === 0) return null;
  return h(
    'section',
    { class: 'card-route', 'aria-label': '审批流程' },
    h('div', { class: 'section-caption' }, '审批流程'),
    h(
      'ol',
      { class: 'route' },
      route.map((step, i) => {
        const light = LIGHTS[step.light] ? step.light : 'none';
        return h(
          'li',
          { class: `route-step light-${light}${i === route.length - 1 ? ' last' : ''}`, dataset: { light } },
          h('span', {
            class: `light-dot light-${light}`,
            title: LIGHTS[step.light] || '未亮灯',
            role: 'img',
            'aria-label': LIGHTS[step.light] || '未亮灯',
          }),
          h(
            'div',
            { class: 'route-body' },
            h(
              'div',
              { class: 'route-row' },
              h('span', { class: 'route-name' }, step.name || `第 ${i + 1} 步`),
              h(
                'span',
                { class: 'route-status' },
                light === 'yellow' || light === 'red' ? h('span', { class: `light-tag light-${light}` }, light === 'red' ? '红灯·已超时' : '黄灯·将超时') : null,
                step.state ? h('span', { class: `route-state tone-text-${stateTone(step.state)}` }, step.state) : null,
              ),
            ),
            step.who ? h('div', { class: 'route-who' }, step.who) : null,
            step.detail ? h('div', { class: 'route-detail' }, step.detail) : null,
          ),
        );
      }),
    ),
  );
}

function renderFlags(flags) {
  if (!Array.isArray(flags) || flags.length === 0) return null;
  return h(
    'section',
    { class: 'card-flags', 'aria-label': '风险提示' },
    h('span', { class: 'flags-caption' }, '⚠ 风险提示'),
    flags.map((f) => h('span', { class: 'flag-chip' }, f)),
  );
}

/** Build the people <select> for 转交, grouped by department. */
function peopleSelect(id, people, meId) {
  const byDept = new Map();
  for (const p of people) {
    if (p.id === meId) continue;
    const key = p.department?.name || '其他';
    if (!byDept.has(key)) byDept.set(key, []);
    byDept.get(key).push(p);
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

/**
 * @param {object} card the Card
 * @param {number} messageId the id of the message carrying the card
 * @param {{ people: object[], meId: string, onAction: (payload: object) => Promise<unknown> }} ctx
 */
export function renderCard(card, messageId, ctx) {
  const root = h('article', { class: 'card', dataset: { requestId: card.requestId } });
  root.append(renderHeader(card));
  const body = h('div', { class: 'card-body' });
  for (const part of [renderFields(card.fields), renderBudget(card.budget), renderRoute(card.route), renderFlags(card.flags)]) {
    if (part) body.append(part);
  }
  root.append(body);

  const buttons = Array.isArray(card.buttons) ? card.buttons : [];
  let formHost = null;
  let statusLine = null;
  let openAction = null;
  const buttonEls = [];

  const setBusy = (busy) => {
    root.classList.toggle('busy', busy);
    for (const b of root.querySelectorAll('button, input, select, textarea')) b.disabled = busy;
  };
  const setStatus = (text, kind = 'info') => {
    if (!statusLine) return;
    statusLine.textContent = text || '';
    statusLine.className = `card-action-status ${kind}`;
    statusLine.hidden = !text;
  };

  async function send(button, extra, formEl) {
    const payload = { messageId, action: button.action, requestId: button.requestId || card.requestId, ...extra };
    if (button.stepId) payload.stepId = button.stepId;
    setBusy(true);
    const btnEl = buttonEls.find((b) => b.dataset.action === button.action);
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
      setStatus('操作未成功，原因见会话中的提示。', 'error');
    }
  }

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
    const checks = [];
    if (needs.includes('meeting')) {
      form.append(h('div', { class: 'meeting-note' }, '三重一大事项：须录入集体决策的会议日期和纪要编号。'));
    }

    if (needs.includes('transferTo')) {
      const id = uid('transfer');
      const sel = peopleSelect(id, ctx.people, ctx.meId);
      const err = h('div', { class: 'field-error', hidden: true });
      form.append(h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, '转交给'), sel, err));
      checks.push(() => (sel.value ? null : { el: sel, err, msg: '请选择转交给谁。' }));
    }
    if (needs.includes('meeting')) {
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
      checks.push(() => (/^\d{4}-\d{2}-\d{2}$/.test(date.value) ? null : { el: date, err: dErr, msg: '请填写会议日期。' }));
      checks.push(() => (no.value.trim() ? null : { el: no, err: nErr, msg: '请填写会议纪要编号。' }));
    }

    if (needs.includes('comment')) {
      const id = uid('comment');
      const copy = commentCopy(button.action);
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
      form.append(h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, copy.required ? '审批意见（必填）' : '审批意见'), ta, err));
      checks.push(() => {
        const v = ta.value.trim();
        if (copy.required && !v) return { el: ta, err, msg: copy.hint || '请填写意见。' };
        return null;
      });
    }
    const confirm = h(
      'button',
      { type: 'submit', class: `btn btn-${button.style || 'default'}`, dataset: { confirm: button.action } },
      `确认${button.label}`,
    );
    const cancel = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost',
        dataset: { cancelForm: '' },
        onclick: () => {
          form.remove();
          openAction = null;
          for (const b of buttonEls) b.setAttribute('aria-expanded', 'false');
        },
      },
      '取消',
    );
    form.append(h('div', { class: 'form-actions' }, cancel, confirm));

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      for (const errEl of form.querySelectorAll('.field-error')) errEl.hidden = true;
      for (const bad of form.querySelectorAll('[aria-invalid]')) bad.removeAttribute('aria-invalid');
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
      if (first) {
        first.focus();
        return;
      }
      const extra = {};
      const comment = form.elements.namedItem('comment');
      if (comment && comment.value.trim()) extra.comment = comment.value.trim();
      const transferTo = form.elements.namedItem('transferTo');
      if (transferTo && transferTo.value) extra.transferTo = transferTo.value;
      const meetingDate = form.elements.namedItem('meetingDate');
      const minutesNo = form.elements.namedItem('minutesNo');
      if (meetingDate && minutesNo) extra.meeting = { date: meetingDate.value, minutesNo: minutesNo.value.trim() };
      send(button, extra, form);
    });
    // Clear a field's error as soon as it is edited.
    form.addEventListener('input', (e) => {
      const t = e.target;
      if (t.getAttribute && t.getAttribute('aria-invalid') === 'true') {
        t.removeAttribute('aria-invalid');
        const err = t.parentElement && [...t.parentElement.querySelectorAll('.field-error')].find((x) => x.previousElementSibling === t);
        if (err) err.hidden = true;
      }
    });

    formHost.append(form);
    const firstInput = form.querySelector('textarea, select, input');
    if (firstInput) firstInput.focus({ preventScroll: true });
    form.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  if (buttons.length > 0) {
    formHost = h('div', { class: 'card-form-host' });
    statusLine = h('div', { class: 'card-action-status', hidden: true, role: 'status' });
    const row = h('div', { class: 'card-buttons' });
    for (const button of buttons) {
      const needs = button.needs || [];
      const el = h(
        'button',
        {
          type: 'button',
          class: `btn btn-${button.style || 'default'}`,
          dataset: { action: button.action, requestId: button.requestId || card.requestId, stepId: button.stepId, needs: needs.join(' ') || undefined },
          'aria-expanded': needs.length ? 'false' : undefined,
          onclick: () => (needs.length ? openForm(button) : send(button, {}, null)),
        },
        button.label,
      );
      buttonEls.push(el);
      row.append(el);
    }
    root.append(h('footer', { class: 'card-actions' }, row, formHost, statusLine));
  }
  if (card.footer) root.append(h('div', { class: 'card-footer' }, card.footer));
  return root;
}

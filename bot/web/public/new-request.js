// @ts-check
// 新建申请 as a form, like a paper 申请单 (GET /app/api/form): the request type, the budget line as a
// choice with what is left on each, the amount, 事由, supplier, tags as check boxes, the request it is
// linked to (关联) when its type may or must have one, the contract number or 期次 where they apply.
// While it is filled in, the draft's card — budget check and route with the people on it, computed by
// the same core code as in chat — is shown below it (POST /app/api/preview, 400 ms after the last
// change), or why it would be refused. 「提交」 and 「存为草稿」 send it (POST /app/api/requests); the
// page then waits for the bot's answer and opens the new request.
import { api, ApiError, newKey } from './api.js';
import { renderCard } from './card/render-card.js';
import { h } from './card/dom.js';
import { amountProblem, field, focusField, group, mark, runChecks } from './fields.js';
import { money } from './format.js';
import { awaitAnswer, carryOver, hush, say } from './notices.js';
import { W } from './words.js';

/** @typedef {import('./api.js').FormView} FormView */
/** @typedef {import('./api.js').FormType} FormType */
/** @typedef {import('./api.js').DraftBody} DraftBody */
/** @typedef {import('./api.js').MeView} MeView */
/** @typedef {import('./fields.js').Field} Field */
/** @typedef {import('./fields.js').Check} Check */

const PREVIEW_DELAY_MS = 400;
const PURPOSE_MAX = 500;

/**
 * @param {HTMLElement} view
 * @param {MeView} me
 * @param {() => boolean} current false once the person has gone elsewhere
 */
export async function renderNewRequest(view, me, current) {
  view.replaceChildren(h('p', { class: 'page-status', role: 'status' }, W.loading));
  const form = await api.form();
  if (!current()) return;

  // ---- the controls
  const type = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'type', required: true },
      h('option', { value: '' }, W.typePick),
      form.types.map((t) => h('option', { value: t.name }, `${t.name}（${t.kindLabel}）`)),
    )
  );
  const lineInputs = form.lines.map((l) => h('input', { type: 'radio', name: 'line', value: l.id, class: 'choice-input', dataset: { subject: l.subject, project: l.project } }));
  const lineChoices = form.lines.map((l, i) =>
    h('label', { class: 'choice choice-line' }, lineInputs[i], h('span', { class: 'choice-name' }, l.name), h('span', { class: 'choice-extra' }, W.available(money(l.available)))),
  );
  const amount = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'amount', inputmode: 'decimal', autocomplete: 'off', maxlength: 20 }));
  const purpose = /** @type {HTMLTextAreaElement} */ (h('textarea', { name: 'purpose', rows: 3, maxlength: PURPOSE_MAX, required: true }));
  const supplier = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'supplier', autocomplete: 'off', maxlength: 200 }));
  const tagInputs = form.tags.map((t) => h('input', { type: 'checkbox', name: 'tags', value: t, class: 'choice-input' }));
  const parent = /** @type {HTMLSelectElement} */ (h('select', { name: 'parent' }));
  const contractNo = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'contractNo', autocomplete: 'off', maxlength: 60 }));
  const instalment = /** @type {HTMLInputElement} */ (h('input', { type: 'number', name: 'instalment', min: 1, step: 1, inputmode: 'numeric' }));

  const f = {
    type: field(W.type, type, { name: 'type' }),
    line: form.lines.length > 0 ? group(W.line, lineChoices, { hint: W.lineHint, name: 'line' }) : group(W.line, [h('p', { class: 'field-hint' }, W.noLines)], { name: 'line' }),
    amount: field(W.amount, amount, { hint: W.amountHint, name: 'amount' }),
    purpose: field(W.purpose, purpose, { hint: W.purposeHint, name: 'purpose' }),
    supplier: field(W.supplier, supplier, { hint: W.supplierHint, name: 'supplier' }),
    tags: group(
      W.tags,
      form.tags.map((t, i) => h('label', { class: 'choice choice-tag' }, tagInputs[i], h('span', { class: 'choice-name' }, t))),
      { hint: W.tagsHint, name: 'tags' },
    ),
    parent: field(W.parent, parent, { name: 'parent' }),
    contractNo: field(W.contractNo, contractNo, { hint: W.contractNoHint, name: 'contractNo' }),
    instalment: field(W.instalment, instalment, { hint: W.instalmentHint, name: 'instalment' }),
  };
  const fields = Object.values(f);
  if (form.tags.length === 0) f.tags.el.hidden = true;

  /** @returns {FormType | undefined} */
  const chosenType = () => form.types.find((t) => t.name === type.value);
  const chosenLine = () => lineInputs.find((i) => i.checked)?.value ?? '';

  /** what the chosen type asks for: 关联 (and which requests), 合同编号, 期次, whether the amount may be left out */
  function fitToType() {
    const t = chosenType();
    const kinds = t?.parent?.kinds ?? [];
    const keep = parent.value;
    const parents = form.parents.filter((p) => kinds.includes(p.kind));
    parent.replaceChildren(
      h('option', { value: '' }, t?.parent?.required ? W.parentPick : W.parentNone),
      ...parents.map((p) => h('option', { value: String(p.no) }, W.parentOption(p.no, p.type, money(p.remaining), p.purpose))),
    );
    if (parents.some((p) => String(p.no) === keep)) parent.value = keep;
    f.parent.el.hidden = !t?.parent;
    parent.required = Boolean(t?.parent?.required);
    const hint = f.parent.el.querySelector('.field-hint');
    hint?.remove();
    if (t?.parent) {
      const text = parents.length === 0 ? W.noParents : t.parent.required ? `${W.parentRequired}${W.lineFromParent}` : W.lineFromParent;
      f.parent.error.before(h('p', { class: 'field-hint' }, text));
    }
    f.contractNo.el.hidden = t?.kind !== 'contract';
    f.instalment.el.hidden = t?.kind !== 'acceptance' && t?.kind !== 'payment';
    const amountHint = f.amount.el.querySelector('.field-hint');
    if (amountHint) amountHint.textContent = t?.kind === 'acceptance' ? `${W.amountHint}；${W.amountOptional}` : W.amountHint;
  }

  /** @type {Check[]} */
  const checks = [
    () => (type.value ? null : { field: f.type, message: W.pick(W.type) }),
    () => (chosenLine() || (parent.value && !f.parent.el.hidden) ? null : { field: f.line, message: W.pick(W.line) }),
    () => {
      const text = amount.value.trim();
      if (!text) return chosenType()?.kind === 'acceptance' ? null : { field: f.amount, message: W.required(W.amount) };
      const problem = amountProblem(text);
      return problem === 'ok' ? null : { field: f.amount, message: problem === 'zero' ? W.zeroAmount : W.badAmount };
    },
    () => (purpose.value.trim() ? null : { field: f.purpose, message: W.required(W.purpose) }),
    () => (purpose.value.trim().length <= PURPOSE_MAX ? null : { field: f.purpose, message: W.tooLong(W.purpose, PURPOSE_MAX) }),
    () => (f.parent.el.hidden || !parent.required || parent.value ? null : { field: f.parent, message: W.pick(W.parent) }),
    () => (f.instalment.el.hidden || !instalment.value || /^[1-9]\d{0,3}$/.test(instalment.value) ? null : { field: f.instalment, message: W.badInstalment }),
  ];

  /** @returns {DraftBody} */
  function draft() {
    /** @type {DraftBody} */
    const body = { type: type.value, purpose: purpose.value.trim(), tags: tagInputs.filter((i) => i.checked).map((i) => i.value) };
    if (chosenLine()) body.line = chosenLine();
    if (amount.value.trim()) body.amount = amount.value.trim();
    if (supplier.value.trim()) body.supplier = supplier.value.trim();
    if (!f.parent.el.hidden && parent.value) body.parent = parent.value;
    if (!f.contractNo.el.hidden && contractNo.value.trim()) body.contractNo = contractNo.value.trim();
    if (!f.instalment.el.hidden && instalment.value) body.instalment = Number(instalment.value);
    return body;
  }

  // ---- the preview
  const previewHost = h('div', { class: 'preview-host', 'aria-live': 'polite', 'aria-busy': 'false' }, h('p', { class: 'preview-hint' }, W.previewHint));
  let previewSeq = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let previewTimer;
  const schedulePreview = () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(showPreview, PREVIEW_DELAY_MS);
  };
  async function showPreview() {
    const seq = (previewSeq += 1);
    // only a form that would pass its checks is worth asking about; the fields are not marked while typing
    if (checks.some((c) => c() !== null)) {
      previewHost.replaceChildren(h('p', { class: 'preview-hint' }, W.previewHint));
      previewHost.dataset.state = 'incomplete';
      return;
    }
    previewHost.setAttribute('aria-busy', 'true');
    previewHost.dataset.state = 'loading';
    try {
      const { card } = await api.preview(draft());
      if (seq !== previewSeq || !previewHost.isConnected) return;
      const noop = async () => undefined;
      // a preview is not a request yet: nothing to tap, nothing to attach to
      const still = { ...card, buttons: [], attachments: card.attachments && { ...card.attachments, uploadKinds: undefined } };
      previewHost.replaceChildren(renderCard(still, 0, { people: [], meId: me.person.id, onAction: noop, onUpload: noop, answerPlace: W.answerPlace, openLink: false }));
      previewHost.dataset.state = 'shown';
    } catch (err) {
      if (seq !== previewSeq || !previewHost.isConnected) return;
      previewHost.replaceChildren(
        h('div', { class: 'preview-error', role: 'alert' }, h('strong', null, `${W.previewFailed}：`), err instanceof Error ? err.message : W.networkDown),
      );
      previewHost.dataset.state = 'refused';
    } finally {
      if (seq === previewSeq) previewHost.setAttribute('aria-busy', 'false');
    }
  }

  // ---- sending
  const submitBtn = h('button', { type: 'submit', class: 'btn btn-primary btn-big', name: 'submit', value: 'submit' }, W.submit);
  const draftBtn = h('button', { type: 'submit', class: 'btn btn-default btn-big', name: 'draft', value: 'draft' }, W.saveDraft);
  const sendStatus = h('p', { class: 'send-status', role: 'status', hidden: true });
  let sending = false;

  /** @param {boolean} submit */
  async function send(submit) {
    if (sending) return;
    const first = runChecks(fields, checks);
    if (first) {
      sendStatus.textContent = W.fixFirst;
      sendStatus.hidden = false;
      focusField(first);
      return;
    }
    sending = true;
    submitBtn.disabled = true;
    draftBtn.disabled = true;
    sendStatus.textContent = W.sending;
    sendStatus.hidden = false;
    try {
      const before = newest((await api.list('mine')).items);
      const { dedupeKey } = await api.create({ ...draft(), submit }, newKey());
      hush();
      say(submit ? W.submitted : W.savedDraft, 'info');
      sendStatus.textContent = submit ? W.submitted : W.savedDraft;
      let made = 0;
      const { notices } = await awaitAnswer(dedupeKey, async () => {
        made = newest((await api.list('mine')).items);
        return made > before;
      });
      if (made > before && current()) {
        if (notices.length === 0) say(W.made(made), 'ok', { replace: true });
        carryOver();
        // the request in place of the form: going back does not return to a form already sent
        window.location.replace(`#/r/${made}`);
      }
    } catch (err) {
      const message = err instanceof ApiError || err instanceof Error ? err.message : W.networkDown;
      sendStatus.textContent = message;
      say(message, 'error', { replace: true });
    } finally {
      sending = false;
      submitBtn.disabled = false;
      draftBtn.disabled = false;
    }
  }

  const formEl = h(
    'form',
    { class: 'request-form', novalidate: true, 'aria-labelledby': 'new-title' },
    fields.map((x) => x.el),
    h('section', { class: 'preview', 'aria-labelledby': 'preview-title' }, h('h3', { id: 'preview-title', class: 'section-title' }, W.preview), previewHost),
    h('div', { class: 'form-submit' }, draftBtn, submitBtn),
    sendStatus,
  );
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    const submitter = /** @type {SubmitEvent} */ (e).submitter;
    send(submitter !== draftBtn);
  });
  formEl.addEventListener('input', (e) => {
    const target = e.target;
    // a field being corrected loses its error at once
    const changed = fields.find((x) => target instanceof Node && x.el.contains(target));
    if (changed && !changed.error.hidden) mark(changed, null);
    schedulePreview();
  });
  formEl.addEventListener('change', (e) => {
    if (e.target === type) fitToType();
    schedulePreview();
  });
  fitToType();

  view.replaceChildren(
    h(
      'section',
      { class: 'page', 'aria-labelledby': 'new-title' },
      h('h2', { id: 'new-title', class: 'page-title', tabindex: '-1' }, W.newTitle),
      h('p', { class: 'page-sub' }, W.formIntro(form.unitName, form.fiscalYear)),
      formEl,
    ),
  );
}

/**
 * The newest request number in a list (0 when empty).
 * @param {{ no: number }[]} items
 */
function newest(items) {
  return items.reduce((max, i) => Math.max(max, i.no), 0);
}

// @ts-check
// 新建申请 as a form, like a paper 申请单 (GET /app/api/form): the request type, the budget line as a
// choice with what is left on each, the amount, 事由, supplier, tags as check boxes, the request it is
// linked to (关联) when its type may or must have one, the contract number or 期次 where they apply.
// While it is filled in, the draft's card — budget check and route with the people on it, computed by
// the same core code as in chat — is shown below it (POST /app/api/preview, 400 ms after the last
// change), or why it would be refused. 附件: a file picker for each kind the type must carry (发票 …)
// and one for anything else (其他), the files chosen listed with their size and 移除; an empty file or
// one over the server's limit is turned away at once, and 提交 waits until every required kind has a
// file. 「提交」 and 「存为草稿」 send it (POST /app/api/requests); the page then waits for the bot's
// answer and opens the new request (its number comes with the answer). With files it goes in steps,
// each shown in words: the draft, each file onto it (POST /app/api/upload, waiting until the bot has
// filed it), then 提交 as the draft card's button does. Once the draft exists, whatever happens the
// person ends on its page, where the bot's answers say what went wrong and 提交 is at hand.
import { api, ApiError, newKey } from './api.js';
import { ACCEPT } from './card/card-attachments.js';
import { renderCard } from './card/render-card.js';
import { h, uid } from './card/dom.js';
import { amountProblem, field, focusField, group, mark, runChecks } from './fields.js';
import { fileSize, money } from './format.js';
import { awaitAnswer, carryOver, hush, say } from './notices.js';
import { W } from './words.js';

/** @typedef {import('./api.js').FormView} FormView */
/** @typedef {import('./api.js').FormType} FormType */
/** @typedef {import('./api.js').DraftBody} DraftBody */
/** @typedef {import('./api.js').MeView} MeView */
/** @typedef {import('./fields.js').Field} Field */
/** @typedef {import('./fields.js').Check} Check */
/** @typedef {import('../../card-model.js').CardAttachments} CardAttachments */
/** @typedef {{ kind: string, required: boolean, field: Field, input: HTMLInputElement, list: HTMLElement }} Picker */
/** @typedef {{ kind: string, file: File }} Chosen */
/** @typedef {{ text: string, tone: 'ok' | 'info' | 'error' }} Outcome */

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

  // ---- 附件: the files chosen, by the kind they are to be filed under
  /** @type {Map<string, File[]>} */
  const chosenFiles = new Map();
  /** @type {Picker[]} */
  let pickers = [];
  const limitText = form.maxFileBytes > 0 ? fileSize(form.maxFileBytes) : '';
  const pickerHost = h('div', { class: 'file-fields' });
  const attachGroup = h(
    'fieldset',
    { class: 'field field-group attach-group', dataset: { field: 'attachments' }, hidden: true },
    h('legend', { class: 'field-label' }, W.attachments),
    h('p', { class: 'field-hint' }, W.attachIntro),
    pickerHost,
  );
  const allFields = () => [...fields, ...pickers.map((p) => p.field)];
  /** @returns {Chosen[]} the files to send, in the pickers' order */
  const chosenList = () => pickers.flatMap((p) => (chosenFiles.get(p.kind) ?? []).map((file) => ({ kind: p.kind, file })));
  /** whether a kind has a file chosen for it */
  const hasFiles = (/** @type {string} */ kind) => (chosenFiles.get(kind) ?? []).length > 0;

  /**
   * A file picker for one kind: its label, the native input (hidden to the eye, reached by the keyboard
   * and screen readers) with a 选择文件 that opens it, the files chosen with 移除, the formats and the limit.
   * @param {string} kind
   * @param {boolean} required
   * @returns {Picker}
   */
  function makePicker(kind, required) {
    const id = uid('wa');
    const label = required ? W.attachRequired(kind) : W.attachOther;
    const input = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'file',
        id,
        name: 'attachment',
        class: 'file-input sr-only',
        accept: ACCEPT,
        multiple: true,
        'aria-describedby': `${id}-hint ${id}-error`,
        dataset: { kind },
      })
    );
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const list = h('ul', { class: 'file-list', 'aria-label': W.chosenFiles(label), hidden: true });
    const el = h(
      'div',
      { class: 'field field-file', dataset: { field: 'attachment', kind } },
      h('label', { class: 'field-label', for: id }, label),
      h('div', { class: 'file-pick-row' }, input, h('span', { class: 'btn btn-default file-pick', 'aria-hidden': 'true', onclick: () => input.click() }, W.chooseFile)),
      list,
      h('p', { class: 'field-hint', id: `${id}-hint` }, `${required ? W.attachRequiredHint(kind) : W.attachOtherHint}${W.attachLimits(W.attachTypes, limitText)}`),
      error,
    );
    /** @type {Picker} */
    const picker = { kind, required, field: { el, control: input, error }, input, list };
    input.addEventListener('change', () => take(picker));
    drawFiles(picker);
    return picker;
  }

  /**
   * The files just picked join those chosen for the kind; an empty one, or one over the limit, is turned away and said so.
   * @param {Picker} p
   */
  function take(p) {
    const picked = [...(p.input.files ?? [])];
    p.input.value = '';
    const have = chosenFiles.get(p.kind) ?? [];
    /** @type {string[]} */
    const problems = [];
    for (const file of picked) {
      if (file.size === 0) problems.push(W.emptyFile(file.name));
      else if (form.maxFileBytes > 0 && file.size > form.maxFileBytes) problems.push(W.fileTooLarge(file.name, fileSize(file.size), limitText));
      else if (!have.some((f) => f.name === file.name && f.size === file.size && f.lastModified === file.lastModified)) have.push(file);
    }
    chosenFiles.set(p.kind, have);
    drawFiles(p);
    mark(p.field, problems.length > 0 ? problems.join('') : null);
  }

  /**
   * @param {Picker} p
   * @param {File} file
   */
  function dropFile(p, file) {
    if (sending) return;
    chosenFiles.set(
      p.kind,
      (chosenFiles.get(p.kind) ?? []).filter((f) => f !== file),
    );
    drawFiles(p);
    mark(p.field, null);
    // the button tapped is gone: the keyboard goes on from the kind's picker
    p.input.focus({ preventScroll: true });
    schedulePreview();
  }

  /** @param {Picker} p */
  function drawFiles(p) {
    const files = chosenFiles.get(p.kind) ?? [];
    p.input.required = p.required && files.length === 0;
    p.list.hidden = files.length === 0;
    p.list.replaceChildren(
      ...files.map((file) =>
        h(
          'li',
          { class: 'file-item' },
          h('span', { class: 'file-name' }, W.fileLine(file.name, fileSize(file.size))),
          h('button', { type: 'button', class: 'btn btn-default file-remove', 'aria-label': W.removeFile(file.name), onclick: () => dropFile(p, file) }, W.remove),
        ),
      ),
    );
  }

  /** the pickers the chosen type asks for: its required kinds, then 其他; files of kinds it does not take are let go */
  function fitAttachments() {
    const t = chosenType();
    const required = t?.requiredAttachments ?? [];
    const kinds = [...new Set([...required, W.otherKind])];
    for (const kind of [...chosenFiles.keys()]) if (!kinds.includes(kind)) chosenFiles.delete(kind);
    const same = pickers.length === kinds.length && pickers.every((p, i) => p.kind === kinds[i] && p.required === required.includes(p.kind));
    if (!same) {
      pickers = kinds.map((kind) => makePicker(kind, required.includes(kind)));
      pickerHost.replaceChildren(...pickers.map((p) => p.field.el));
    }
    attachGroup.hidden = !t;
  }

  /** @returns {Check[]} before 提交 (not before 存为草稿): a file for every required kind */
  const fileChecks = () => pickers.filter((p) => p.required).map((p) => () => (hasFiles(p.kind) ? null : { field: p.field, message: W.attachNeeded(p.kind) }));

  /**
   * The preview's 附件 line counts the files chosen here (the draft it was computed from has none yet).
   * @param {CardAttachments} a
   * @returns {CardAttachments}
   */
  function withChosen(a) {
    const missing = Array.isArray(a.missing) ? a.missing : [];
    const still = missing.filter((k) => !hasFiles(k));
    const present = [...(Array.isArray(a.present) ? a.present : []), ...missing.filter(hasFiles).map(W.attachPresent)];
    return { ...a, uploadKinds: undefined, missing: still, present, missingText: still.length > 0 ? W.attachMissing(still) : undefined };
  }

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
    fitAttachments();
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
  // data-pending: a change is waiting for its preview (what is shown is about to be replaced)
  const schedulePreview = () => {
    clearTimeout(previewTimer);
    previewHost.dataset.pending = 'true';
    previewTimer = setTimeout(showPreview, PREVIEW_DELAY_MS);
  };
  async function showPreview() {
    const seq = (previewSeq += 1);
    // only a form that would pass its checks is worth asking about; the fields are not marked while typing
    if (checks.some((c) => c() !== null)) {
      previewHost.replaceChildren(h('p', { class: 'preview-hint' }, W.previewHint));
      previewHost.dataset.state = 'incomplete';
      delete previewHost.dataset.pending;
      return;
    }
    previewHost.setAttribute('aria-busy', 'true');
    previewHost.dataset.state = 'loading';
    try {
      const { card } = await api.preview(draft());
      if (seq !== previewSeq || !previewHost.isConnected) return;
      const noop = async () => undefined;
      // a preview is not a request yet: nothing to tap, nothing to attach to
      const still = { ...card, buttons: [], attachments: card.attachments && withChosen(card.attachments) };
      previewHost.replaceChildren(renderCard(still, 0, { people: [], meId: me.person.id, onAction: noop, onUpload: noop, answerPlace: W.answerPlace, openLink: false }));
      previewHost.dataset.state = 'shown';
    } catch (err) {
      if (seq !== previewSeq || !previewHost.isConnected) return;
      previewHost.replaceChildren(
        h('div', { class: 'preview-error', role: 'alert' }, h('strong', null, `${W.previewFailed}：`), err instanceof Error ? err.message : W.networkDown),
      );
      previewHost.dataset.state = 'refused';
    } finally {
      if (seq === previewSeq) {
        previewHost.setAttribute('aria-busy', 'false');
        delete previewHost.dataset.pending;
      }
    }
  }

  // ---- sending
  const submitBtn = h('button', { type: 'submit', class: 'btn btn-primary btn-big', name: 'submit', value: 'submit' }, W.submit);
  const draftBtn = h('button', { type: 'submit', class: 'btn btn-default btn-big', name: 'draft', value: 'draft' }, W.saveDraft);
  const sendStatus = h('p', { class: 'send-status', role: 'status', hidden: true });
  let sending = false;

  /** @param {string} text what the page is doing now, in words */
  const progress = (text) => {
    sendStatus.textContent = text;
    sendStatus.hidden = false;
  };
  /** @param {unknown} err */
  const messageOf = (err) => (err instanceof ApiError || err instanceof Error ? err.message : W.networkDown);

  /** @param {boolean} on */
  function setBusy(on) {
    sending = on;
    submitBtn.disabled = on;
    draftBtn.disabled = on;
    for (const p of pickers) p.input.disabled = on;
    for (const b of pickerHost.querySelectorAll('button')) b.disabled = on;
  }

  /**
   * the new request in place of the form: going back does not return to a form already sent
   * @param {number} no
   */
  function openRequest(no) {
    carryOver();
    window.location.replace(`#/r/${no}`);
  }

  /** @param {boolean} submit */
  async function send(submit) {
    if (sending) return;
    const first = runChecks(allFields(), submit ? [...checks, ...fileChecks()] : checks);
    if (first) {
      progress(W.fixFirst);
      focusField(first);
      return;
    }
    setBusy(true);
    progress(W.sending);
    const files = chosenList();
    try {
      if (files.length === 0) await sendForm(submit);
      else await sendWithFiles(submit, files);
    } catch (err) {
      const message = messageOf(err);
      progress(message);
      say(message, 'error', { replace: true });
    } finally {
      setBusy(false);
    }
  }

  /**
   * No files: one step, the draft and (for 提交) its submit together; the answer names the request.
   * @param {boolean} submit
   */
  async function sendForm(submit) {
    const { dedupeKey } = await api.create({ ...draft(), submit }, newKey());
    hush();
    say(submit ? W.submitted : W.savedDraft, 'info');
    progress(submit ? W.submitted : W.savedDraft);
    const { done, notices, requestNo } = await awaitAnswer(dedupeKey);
    if (!requestNo) {
      progress(done ? W.notMade : W.noAnswerYet);
      return;
    }
    if (!current()) return;
    // a refused submit leaves the draft: its page says why and has 提交
    if (notices.length === 0) say(W.made(requestNo), 'ok', { replace: true });
    openRequest(requestNo);
  }

  /**
   * With files: the draft first (kept as a draft), then each file onto it, then 提交.
   * @param {boolean} submit
   * @param {Chosen[]} files
   */
  async function sendWithFiles(submit, files) {
    hush();
    progress(W.stepDraft);
    const made = await api.create({ ...draft(), submit: false }, newKey());
    const drafted = await awaitAnswer(made.dedupeKey, undefined, { lookLater: false });
    const no = drafted.requestNo;
    if (!no) {
      progress(drafted.done ? W.notMade : W.noAnswerYet);
      return;
    }
    // the draft exists: from here on the person ends on its page, whatever happens
    /** @type {Outcome} */
    let outcome;
    try {
      outcome = await fileAndSubmit(no, submit, files);
    } catch (err) {
      say(messageOf(err), 'error');
      outcome = { text: submit ? W.filesNotAll(no) : W.filesNotAllDraft(no), tone: 'error' };
    }
    progress(outcome.text);
    say(outcome.text, outcome.tone);
    if (current()) openRequest(no);
  }

  /**
   * Each file onto the draft, waiting until the bot has filed it (or said why not); then, when every
   * file is on it and its card offers 提交 with nothing to ask, 提交 as that button does.
   * @param {number} no
   * @param {boolean} submit
   * @param {Chosen[]} files
   * @returns {Promise<Outcome>}
   */
  async function fileAndSubmit(no, submit, files) {
    const { card } = await api.request(no);
    for (const [i, { kind, file }] of files.entries()) {
      const step = (/** @type {number | undefined} */ percent) => progress(W.stepUpload(i + 1, files.length, file.name, percent));
      step(0);
      const { dedupeKey } = await api.upload({ requestId: card.requestId, kind, name: file.name }, file, (sent, total) =>
        step(total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : undefined),
      );
      await awaitAnswer(dedupeKey, undefined, { lookLater: false });
    }
    const filed = await api.request(no);
    const attached = (filed.card.attachments?.files ?? []).filter((f) => !f.removed).length;
    if (attached < files.length) return { text: submit ? W.filesNotAll(no) : W.filesNotAllDraft(no), tone: 'error' };
    if (!submit) return { text: W.savedWithFiles(no, files.length), tone: 'ok' };
    const button = filed.card.buttons.find((b) => b.action === 'submit');
    if (!button) return { text: W.notSubmitted(no), tone: 'error' };
    // 化整为零: the submit needs a written explanation, which the card's 提交 asks for
    if (button.needs?.includes('comment')) return { text: W.needsExplanation(no), tone: 'info' };
    // every file is on it: the bot's answers to them (「要件已齐，可以…提交」) give way to the submit's
    hush();
    progress(W.stepSubmit);
    const sent = await api.act(no, { action: 'submit' }, newKey());
    await awaitAnswer(sent.dedupeKey, undefined, { lookLater: false });
    const after = await api.request(no);
    return after.card.status.code === 'draft' ? { text: W.submitRefused(no), tone: 'error' } : { text: W.madeWithFiles(no, files.length), tone: 'ok' };
  }

  const formEl = h(
    'form',
    { class: 'request-form', novalidate: true, 'aria-labelledby': 'new-title' },
    fields.map((x) => x.el),
    attachGroup,
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
    const changed = allFields().find((x) => target instanceof Node && x.el.contains(target));
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

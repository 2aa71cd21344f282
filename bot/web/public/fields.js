// @ts-check
// Form fields as the workbench builds them: a label tied to its control, a hint tied by
// aria-describedby, and an error line shown under the control when a check fails.
import { h, uid } from './card/dom.js';

/**
 * A field: what it shows and what a check marks.
 * @typedef {{ el: HTMLElement, control: HTMLElement, error: HTMLElement }} Field
 */
/** A check: null when fine, else the field and what to say. */
/** @typedef {() => { field: Field, message: string } | null} Check */

/**
 * @param {string} label
 * @param {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} control
 * @param {{ hint?: string, name?: string }} [options]
 * @returns {Field}
 */
export function field(label, control, options = {}) {
  const id = control.id || uid('wf');
  control.id = id;
  control.classList.add('field-control');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const hint = options.hint ? h('p', { class: 'field-hint', id: hintId }, options.hint) : null;
  control.setAttribute('aria-describedby', [hint ? hintId : '', errorId].filter(Boolean).join(' '));
  const el = h(
    'div',
    { class: 'field', dataset: { field: options.name ?? control.getAttribute('name') ?? undefined } },
    h('label', { class: 'field-label', for: id }, label),
    control,
    hint,
    error,
  );
  return { el, control, error };
}

/**
 * A group of radio buttons or check boxes under a legend.
 * @param {string} legend
 * @param {HTMLElement[]} options each a label wrapping its input
 * @param {{ hint?: string, name?: string }} [extra]
 * @returns {Field}
 */
export function group(legend, options, extra = {}) {
  const id = uid('wg');
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hint = extra.hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, extra.hint) : null;
  const control = h(
    'fieldset',
    { class: 'field field-group', dataset: { field: extra.name }, 'aria-describedby': [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ') },
    h('legend', { class: 'field-label' }, legend),
    hint,
    h('div', { class: 'choices' }, options),
    error,
  );
  return { el: control, control, error };
}

/**
 * @param {Field} f
 * @param {string | null} message null clears it
 */
export function mark(f, message) {
  f.error.textContent = message ?? '';
  f.error.hidden = !message;
  if (message) f.control.setAttribute('aria-invalid', 'true');
  else f.control.removeAttribute('aria-invalid');
}

/**
 * Runs the checks, marks every field with a problem (clearing the rest) and returns the first, or null.
 * @param {Field[]} fields
 * @param {Check[]} checks
 */
export function runChecks(fields, checks) {
  for (const f of fields) mark(f, null);
  /** @type {Field | null} */
  let first = null;
  for (const check of checks) {
    const problem = check();
    if (!problem) continue;
    if (problem.field.error.hidden) mark(problem.field, problem.message);
    first ??= problem.field;
  }
  return first;
}

/**
 * Focuses a field's control (the first input of a group).
 * @param {Field} f
 */
export function focusField(f) {
  const target = f.control.tagName === 'FIELDSET' ? f.control.querySelector('input') : f.control;
  if (target instanceof HTMLElement) {
    target.focus();
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }
}

/** 元 as people type them: 56000, 1,200.50 (at most two decimals), as the server reads them (workflows/domain/money.ts) */
const AMOUNT = /^(\d{1,12}|[1-9]\d{0,2}(?:[,，]\d{3}){1,3})(?:\.(\d{1,2}))?$/;

/**
 * Whether a typed amount is well formed and above zero: 'ok', 'bad' or 'zero'.
 * @param {string} text
 */
export function amountProblem(text) {
  const t = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (!AMOUNT.test(t)) return 'bad';
  return Number(t.replace(/[,，]/g, '')) > 0 ? 'ok' : 'zero';
}

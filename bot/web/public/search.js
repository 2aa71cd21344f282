// @ts-check
// 查询与报表 (#/search): the oversight search as a form (POST /app/api/search, the /查询 of chat: over
// the unit for 财务, 主要领导 and 纪检, over one's own requests otherwise) with the requests found,
// each a link to its page; and the reports (POST /app/api/reports, the /报表 of chat), whose workbook
// arrives as the bot's answer with a 下载 link.
import { api, newKey } from './api.js';
import { h } from './card/dom.js';
import { amountProblem, field, focusField, group, runChecks } from './fields.js';
import { money, when } from './format.js';
import { safeUrl } from './card/card-attachments.js';
import { awaitAnswer, awaitNotice, hush } from './notices.js';
import { W } from './words.js';

/** @typedef {import('./api.js').MeView} MeView */
/** @typedef {import('./api.js').SearchBody} SearchBody */
/** @typedef {import('./api.js').SearchView} SearchView */
/** @typedef {import('./api.js').ReportBody} ReportBody */
/** @typedef {import('./fields.js').Check} Check */
/** @typedef {import('../../../workflows/domain/types.js').RequestStatus} RequestStatus */

/** @type {ReportBody['kind'][]} */
const REPORT_KINDS = ['预算执行', '绩效', '三公', '合同'];

/**
 * @param {HTMLElement} view
 * @param {MeView} _me
 * @param {() => boolean} current false once the person has gone elsewhere
 */
export async function renderSearch(view, _me, current) {
  view.replaceChildren(h('p', { class: 'page-status', role: 'status' }, W.loading));
  const form = await api.form();
  if (!current()) return;
  view.replaceChildren(
    h(
      'section',
      { class: 'page', 'aria-labelledby': 'search-title' },
      h('h2', { id: 'search-title', class: 'page-title', tabindex: '-1' }, W.searchTitle),
      searchSection(
        form.types.map((t) => t.name),
        form.tags,
      ),
      reportSection(),
    ),
  );
}

/**
 * @param {string[]} types
 * @param {string[]} tags
 */
function searchSection(types, tags) {
  const input = (/** @type {string} */ name, /** @type {Record<string, unknown>} */ attrs = {}) =>
    /** @type {HTMLInputElement} */ (h('input', { type: 'text', name, autocomplete: 'off', ...attrs }));
  const department = input('department', { maxlength: 100 });
  const requester = input('requester', { maxlength: 100 });
  const type = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'type' },
      h('option', { value: '' }, W.anyType),
      types.map((t) => h('option', { value: t }, t)),
    )
  );
  const status = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'status' },
      h('option', { value: '' }, W.anyStatus),
      Object.entries(W.statuses).map(([code, label]) => h('option', { value: code }, label)),
    )
  );
  const supplier = input('supplier', { maxlength: 200 });
  const minAmount = input('minAmount', { inputmode: 'decimal', maxlength: 20 });
  const maxAmount = input('maxAmount', { inputmode: 'decimal', maxlength: 20 });
  const from = input('from', { type: 'date' });
  const to = input('to', { type: 'date' });
  const light = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'light' },
      h('option', { value: '' }, W.anyLight),
      Object.entries(W.lightOptions).map(([code, label]) => h('option', { value: code }, label)),
    )
  );
  const tagInputs = tags.map((t) => h('input', { type: 'checkbox', name: 'tags', value: t, class: 'choice-input' }));
  const f = {
    department: field(W.department, department),
    requester: field(W.requester, requester),
    type: field(W.type, type),
    status: field(W.status, status),
    supplier: field(W.supplier, supplier),
    minAmount: field(W.minAmount, minAmount),
    maxAmount: field(W.maxAmount, maxAmount),
    from: field(W.from, from),
    to: field(W.to, to),
    light: field(W.light, light),
    tags: group(
      W.tags,
      tags.map((t, i) => h('label', { class: 'choice choice-tag' }, tagInputs[i], h('span', { class: 'choice-name' }, t))),
    ),
  };
  if (tags.length === 0) f.tags.el.hidden = true;
  // the pairs side by side, even on a phone
  for (const pair of [f.minAmount, f.maxAmount, f.from, f.to]) pair.el.classList.add('field-half');
  f.supplier.el.classList.add('field-wide');
  const fields = Object.values(f);
  const yuan = (/** @type {string} */ text) =>
    Number(
      text
        .trim()
        .replace(/^[¥￥]/, '')
        .replace(/元$/, '')
        .replace(/[,，]/g, ''),
    );
  /** @type {Check[]} */
  const checks = [
    () => (!minAmount.value.trim() || amountProblem(minAmount.value) === 'ok' ? null : { field: f.minAmount, message: W.badAmount }),
    () => (!maxAmount.value.trim() || amountProblem(maxAmount.value) === 'ok' ? null : { field: f.maxAmount, message: W.badAmount }),
    () =>
      minAmount.value.trim() &&
      maxAmount.value.trim() &&
      amountProblem(minAmount.value) === 'ok' &&
      amountProblem(maxAmount.value) === 'ok' &&
      yuan(minAmount.value) > yuan(maxAmount.value)
        ? { field: f.maxAmount, message: W.amountOrder }
        : null,
    () => (from.value && to.value && from.value > to.value ? { field: f.to, message: W.dateOrder } : null),
  ];

  /** @returns {SearchBody} */
  function body() {
    /** @type {SearchBody} */
    const b = {};
    const text = (/** @type {HTMLInputElement | HTMLSelectElement} */ el) => el.value.trim() || undefined;
    b.department = text(department);
    b.requester = text(requester);
    b.type = text(type);
    b.status = /** @type {RequestStatus | undefined} */ (text(status));
    b.supplier = text(supplier);
    b.minAmount = text(minAmount);
    b.maxAmount = text(maxAmount);
    b.from = text(from);
    b.to = text(to);
    b.light = light.value === 'yellow' || light.value === 'red' ? light.value : undefined;
    const chosen = tagInputs.filter((i) => i.checked).map((i) => i.value);
    if (chosen.length > 0) b.tags = chosen;
    return /** @type {SearchBody} */ (Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
  }

  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-big' }, W.search);
  const formEl = h(
    'form',
    { class: 'search-form', novalidate: true },
    h(
      'div',
      { class: 'field-grid' },
      fields.map((x) => x.el),
    ),
    h('div', { class: 'form-submit' }, button),
  );
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    const first = runChecks(fields, checks);
    if (first) return focusField(first);
    button.disabled = true;
    results.replaceChildren(h('p', { class: 'page-status' }, W.searching));
    try {
      const found = await api.search(body());
      results.replaceChildren(renderResults(found));
    } catch (err) {
      results.replaceChildren(h('p', { class: 'preview-error', role: 'alert' }, err instanceof Error ? err.message : W.networkDown));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'search-section' }, h('h3', { id: 'search-section', class: 'section-title' }, W.searchSection), formEl, results);
}

/** @param {SearchView} found */
function renderResults(found) {
  const head = h('p', { class: 'results-head' }, found.scope === 'unit' ? W.searchScopeUnit : W.searchScopeOwn, ' · ', W.found(found.count, money(found.total)));
  if (found.rows.length === 0) return h('div', null, head, h('p', { class: 'empty' }, W.nothingFound));
  return h(
    'div',
    null,
    head,
    h(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': W.searchSection },
      h(
        'table',
        { class: 'results-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            [W.colNo, W.colDate, W.colRequester, W.colType, W.colAmount, W.colStatus].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          null,
          found.rows.map((r) =>
            h(
              'tr',
              { dataset: { no: r.no } },
              h('td', null, h('a', { href: `#/r/${r.no}` }, W.requestNo(r.no))),
              h('td', null, when(r.at)),
              h('td', null, `${r.requester}（${r.department}）`),
              h('td', null, r.type),
              h('td', { class: 'num' }, money(r.amount)),
              h(
                'td',
                null,
                r.status.label,
                r.light === 'yellow' || r.light === 'red' ? h('span', { class: `light-chip light-${r.light}` }, W.lights[r.light]) : null,
                r.step ? h('div', { class: 'cell-sub' }, r.step) : null,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function reportSection() {
  const kind = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'kind' },
      REPORT_KINDS.map((k) => h('option', { value: k }, W.reportKinds[k])),
    )
  );
  const scope = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'scope', maxlength: 40, autocomplete: 'off' }));
  const asOf = /** @type {HTMLInputElement} */ (h('input', { type: 'date', name: 'asOf' }));
  const month = /** @type {HTMLInputElement} */ (h('input', { type: 'month', name: 'month', placeholder: 'YYYY-MM' }));
  const f = {
    kind: field(W.reportKind, kind),
    scope: field(W.scope, scope, { hint: W.scopeHint }),
    asOf: field(W.asOf, asOf, { hint: W.asOfHint }),
    month: field(W.month, month, { hint: W.monthHint }),
  };
  const fields = Object.values(f);
  // /报表 as typed: 范围 for 预算执行, 月份 for 绩效 (which must have one), 截至 for the others
  const fit = () => {
    f.scope.el.hidden = kind.value !== '预算执行';
    f.month.el.hidden = kind.value !== '绩效';
    f.asOf.el.hidden = kind.value === '绩效';
  };
  /** @type {Check[]} */
  const checks = [
    () => (f.scope.el.hidden || !scope.value.trim() || /^[^\s/]{1,40}$/.test(scope.value.trim()) ? null : { field: f.scope, message: W.scopeWord }),
    () => (f.month.el.hidden || /^\d{4}-(0[1-9]|1[0-2])$/.test(month.value) ? null : { field: f.month, message: W.required(W.month) }),
  ];
  const result = h('div', { class: 'report-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-big' }, W.makeReport);
  const formEl = h(
    'form',
    { class: 'report-form', novalidate: true },
    h(
      'div',
      { class: 'field-grid' },
      fields.map((x) => x.el),
    ),
    h('div', { class: 'form-submit' }, button),
  );
  kind.addEventListener('change', fit);
  fit();
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    const first = runChecks(fields, checks);
    if (first) return focusField(first);
    /** @type {ReportBody} */
    const body = { kind: /** @type {ReportBody['kind']} */ (kind.value) };
    if (!f.scope.el.hidden && scope.value.trim()) body.scope = scope.value.trim();
    if (!f.asOf.el.hidden && asOf.value) body.asOf = asOf.value;
    if (!f.month.el.hidden && month.value) body.month = month.value;
    button.disabled = true;
    hush();
    result.replaceChildren(h('p', { class: 'page-status' }, W.reportAsked));
    try {
      const { dedupeKey } = await api.report(body, newKey());
      // the summary and the workbook may come in either order, after the request was handled: wait until the file is there
      const { notices } = await awaitAnswer(dedupeKey, undefined, { lookLater: false });
      const notice = notices.find((n) => n.file) ?? (await awaitNotice((n) => Boolean(n.file)));
      const href = notice?.file ? safeUrl(notice.file.url) : null;
      result.replaceChildren(
        notice?.file && href
          ? h(
              'p',
              { class: 'report-ready' },
              `${W.reportReady}${notice.file.name} `,
              h('a', { class: 'btn btn-default btn-small report-download', href, download: notice.file.name, target: '_blank', rel: 'noopener noreferrer' }, W.download),
            )
          : h('p', { class: 'page-status' }, W.reportNotYet),
      );
    } catch (err) {
      result.replaceChildren(h('p', { class: 'preview-error', role: 'alert' }, err instanceof Error ? err.message : W.networkDown));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'report-section' }, h('h3', { id: 'report-section', class: 'section-title' }, W.reportSection), formEl, result);
}

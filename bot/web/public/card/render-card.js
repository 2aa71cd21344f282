// @ts-check
// Renders the platform-neutral card model (bot/card-model.ts) as a rich message bubble: header and
// status pill, fields, budget check, the 关联 sentence and chain, approval route, what changed since the
// last round and the earlier rounds (collapsed), state and risk flags, footer, and the 「在工作台打开」
// link when the page asks for it (the console does; the workbench's own request page does not). The
// buttons and the inline inputs they ask for are in card-actions.js; 附件 (files, what is missing,
// upload and 移除) in card-attachments.js. Shared by the console (served at /card/) and the workbench.
import { renderCardActions } from './card-actions.js';
import { renderAttachments, safeUrl } from './card-attachments.js';
import { h } from './dom.js';

/** @typedef {import('../../../card-model.js').Card} Card */
/** @typedef {import('../../../card-model.js').CardTone} CardTone */
/** @typedef {import('../../../card-model.js').CardField} CardField */
/** @typedef {import('../../../card-model.js').CardBudgetEffect} CardBudgetEffect */
/** @typedef {import('../../../card-model.js').CardRouteStep} CardRouteStep */
/** @typedef {import('../../../card-model.js').CardFlag} CardFlag */
/** @typedef {import('../../../card-model.js').CardChain} CardChain */
/** @typedef {import('../../../card-model.js').CardChange} CardChange */
/** @typedef {import('../../../card-model.js').CardRound} CardRound */
/** @typedef {import('./card-actions.js').CardContext} CardContext */

/** @type {ReadonlySet<string>} */
const TONES = new Set(['info', 'success', 'danger', 'warning', 'neutral']);
/** @type {ReadonlySet<string>} */
const LIGHTS = new Set(['green', 'yellow', 'red']);
/** flags that say where the request stands (not a risk): shown as chips of their own, without 风险提示 */
/** @type {ReadonlySet<string>} */
const STATE_FLAGS = new Set(['payment_due', 'settled']);

/**
 * The tone as a class name; anything unknown (a card stored by an older version) is neutral.
 * @param {unknown} tone
 * @returns {CardTone}
 */
const toneOf = (tone) => (typeof tone === 'string' && TONES.has(tone) ? /** @type {CardTone} */ (tone) : 'neutral');

/** @param {Card} card */
function renderHeader(card) {
  const tone = toneOf(card.status?.tone);
  return h(
    'header',
    { class: 'card-header' },
    // the request's internal id is for machines; people use 编号 No.N (shown in the fields)
    h('div', { class: 'card-title-wrap', title: card.requestId ? `单号 ${card.requestId}` : undefined }, h('div', { class: 'card-title' }, card.title || '审批单')),
    card.status?.label ? h('span', { class: `pill tone-${tone}`, dataset: { tone, status: card.status.code } }, card.status.label) : null,
  );
}

/** @param {CardField[] | undefined} fields */
function renderFields(fields) {
  if (!Array.isArray(fields) || fields.length === 0) return null;
  return h(
    'dl',
    { class: 'card-fields' },
    fields.map((f) => [h('dt', null, f.label ?? ''), h('dd', null, f.value ?? '')]),
  );
}

/** @param {CardBudgetEffect | undefined} b */
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
    h('div', { class: 'budget-line' }, h('span', { class: 'budget-label' }, '预算指标'), h('span', { class: 'budget-value' }, b.line || '—')),
    h(
      'div',
      { class: 'budget-line' },
      h('span', { class: 'budget-label' }, '可用'),
      h(
        'span',
        { class: 'budget-value budget-amounts' },
        b.before ? h('span', { class: 'amount-before' }, b.before) : null,
        b.before ? h('span', { class: 'amount-arrow', 'aria-hidden': 'true' }, '→') : null,
        h('span', { class: `amount-after ${b.ok ? '' : 'bad'}` }, b.after || '—'),
        b.note ? h('span', { class: 'budget-note' }, `（${b.note}）`) : null,
      ),
    ),
    !b.ok && b.problem ? h('div', { class: 'budget-problem', role: 'alert' }, b.problem) : null,
  );
}

/** @param {string | undefined} link */
function renderLink(link) {
  if (typeof link !== 'string' || !link) return null;
  return h('section', { class: 'card-link', 'aria-label': '关联' }, link);
}

/**
 * The whole chain, one row per request, indented by depth; the card's own request highlighted.
 * @param {CardChain | undefined} chain
 */
function renderChain(chain) {
  if (!chain || !Array.isArray(chain.rows) || chain.rows.length === 0) return null;
  return h(
    'section',
    { class: 'card-chain', 'aria-label': '关联链' },
    h('div', { class: 'section-caption' }, '关联链'),
    h(
      'ol',
      { class: 'chain' },
      chain.rows.map((row) => {
        const depth = Number.isInteger(row.depth) && row.depth > 0 ? Math.min(row.depth, 6) : 0;
        return h(
          'li',
          {
            class: `chain-row${row.current ? ' current' : ''}`,
            style: { marginInlineStart: `${depth * 1.25}em` },
            dataset: { no: String(row.no), depth: String(depth) },
            'aria-current': row.current ? 'true' : undefined,
          },
          row.text ?? '',
        );
      }),
    ),
    chain.summary ? h('div', { class: 'chain-summary' }, chain.summary) : null,
  );
}

/**
 * One step: its light (titled with the light's words), name, due time, state and who.
 * @param {CardRouteStep} step
 * @param {number} i
 * @param {boolean} last
 */
function renderStep(step, i, last) {
  const light = step.light && LIGHTS.has(step.light) ? step.light : null;
  const lightText = light ? (step.lightLabel ?? '') : '';
  const lightClass = light ?? 'none';
  return h(
    'li',
    { class: `route-step light-${lightClass}${last ? ' last' : ''}`, dataset: { light: lightClass, state: step.state } },
    light
      ? h('span', { class: `light-dot light-${light}`, title: lightText, role: 'img', 'aria-label': lightText })
      : h('span', { class: 'light-dot light-none', 'aria-hidden': 'true' }),
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
          step.due ? h('span', { class: `route-due light-${lightClass}` }, step.due) : null,
          light === 'yellow' || light === 'red' ? h('span', { class: `light-tag light-${light}` }, lightText) : null,
          step.stateLabel ? h('span', { class: `route-state tone-text-${toneOf(step.tone)}` }, step.stateLabel) : null,
        ),
      ),
      step.who ? h('div', { class: 'route-who' }, step.who) : null,
      step.detail ? h('div', { class: 'route-detail' }, step.detail) : null,
    ),
  );
}

/** @param {CardRouteStep[] | undefined} route */
function renderRoute(route) {
  if (!Array.isArray(route) || route.length === 0) return null;
  return h(
    'section',
    { class: 'card-route', 'aria-label': '审批流程' },
    h('div', { class: 'section-caption' }, '审批流程'),
    h(
      'ol',
      { class: 'route' },
      route.map((step, i) => renderStep(step, i, i === route.length - 1)),
    ),
  );
}

/**
 * 「金额：1,200.00 元 → 1,500.00 元」, one item per changed field.
 * @param {CardChange[]} changes
 */
function changeList(changes) {
  return h(
    'ul',
    { class: 'changes' },
    changes.map((c) =>
      h(
        'li',
        { class: 'change' },
        h('span', { class: 'change-label' }, `${c.label ?? ''}：`),
        h('span', { class: 'change-from' }, c.from ?? ''),
        h('span', { class: 'change-arrow', 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'change-to' }, c.to ?? ''),
      ),
    ),
  );
}

/**
 * 本轮修改: what the requester changed since the last round.
 * @param {CardChange[] | undefined} changes
 */
function renderChanges(changes) {
  if (!Array.isArray(changes) || changes.length === 0) return null;
  return h('section', { class: 'card-changes', 'aria-label': '本轮修改' }, h('div', { class: 'section-caption' }, '本轮修改'), changeList(changes));
}

/**
 * The earlier rounds, oldest first, each collapsed under its title: the decisions, then what was
 * changed before the next round.
 * @param {CardRound[] | undefined} history
 */
function renderHistory(history) {
  if (!Array.isArray(history) || history.length === 0) return null;
  return h(
    'section',
    { class: 'card-history', 'aria-label': '之前各轮' },
    history.map((r) =>
      h(
        'details',
        { class: 'card-round', dataset: { round: String(r.round) } },
        h('summary', { class: 'round-title' }, r.title ?? ''),
        Array.isArray(r.lines) && r.lines.length > 0
          ? h(
              'ul',
              { class: 'round-lines' },
              r.lines.map((line) => h('li', null, line)),
            )
          : null,
        Array.isArray(r.changes) && r.changes.length > 0 ? h('div', { class: 'round-changes' }, h('div', { class: 'round-changes-caption' }, '修改'), changeList(r.changes)) : null,
      ),
    ),
  );
}

/** @param {CardFlag} f */
const flagChip = (f) => h('span', { class: `flag-chip tone-${toneOf(f.tone)}`, dataset: { code: f.code } }, f.text);

/** @param {CardFlag[] | undefined} flags */
function renderStateFlags(flags) {
  const states = Array.isArray(flags) ? flags.filter((f) => STATE_FLAGS.has(f.code)) : [];
  if (states.length === 0) return null;
  return h('section', { class: 'card-states', 'aria-label': '办理状态' }, states.map(flagChip));
}

/** @param {CardFlag[] | undefined} flags */
function renderFlags(flags) {
  const risks = Array.isArray(flags) ? flags.filter((f) => !STATE_FLAGS.has(f.code)) : [];
  if (risks.length === 0) return null;
  return h('section', { class: 'card-flags', 'aria-label': '风险提示' }, h('span', { class: 'flags-caption' }, '⚠ 风险提示'), risks.map(flagChip));
}

/**
 * @param {Card} card
 * @param {number} messageId the id of the message carrying the card
 * @param {CardContext} ctx
 */
export function renderCard(card, messageId, ctx) {
  const root = h('article', { class: 'card', dataset: { requestId: card.requestId } });
  root.append(renderHeader(card));
  const body = h('div', { class: 'card-body' });
  const parts = [
    renderStateFlags(card.flags),
    renderFields(card.fields),
    renderBudget(card.budget),
    renderLink(card.link),
    renderChain(card.chain),
    renderAttachments(card, messageId, ctx, root),
    renderRoute(card.route),
    renderChanges(card.changes),
    renderHistory(card.history),
    renderFlags(card.flags),
  ];
  for (const part of parts) {
    if (part) body.append(part);
  }
  root.append(body);

  const actions = renderCardActions(card, messageId, ctx, root);
  if (actions) root.append(actions);
  if (card.footer) root.append(h('div', { class: 'card-footer' }, card.footer));
  const open = ctx.openLink && typeof card.open === 'string' ? safeUrl(card.open) : null;
  if (open) root.append(h('div', { class: 'card-open' }, h('a', { class: 'card-open-link', href: open, target: '_blank', rel: 'noopener' }, '在工作台打开')));
  return root;
}

// Renders the platform-neutral card model (bot/card-model.ts) as a rich message bubble: header and
// status pill, fields, budget check, approval route, risk flags, footer. The buttons and the inline
// inputs they ask for are in card-actions.js.
import { renderCardActions } from './card-actions.js';
import { h } from './dom.js';

const TONES = new Set(['info', 'success', 'danger', 'warning', 'neutral']);
const LIGHTS = { green: '绿灯：正常', yellow: '黄灯：即将超时', red: '红灯：已超时' };

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

  const actions = renderCardActions(card, messageId, ctx, root);
  if (actions) root.append(actions);
  if (card.footer) root.append(h('div', { class: 'card-footer' }, card.footer));
  return root;
}

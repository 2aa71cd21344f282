// @ts-check
// Who the page is acting as: the #as= link, the remembered choice (localStorage), the 当前身份 card
// and the 切换身份 person picker in the sidebar — the picker only in the development mode; otherwise
// the person is whoever signed in through the workbench, and the picker is taken off the page.
import { h, clear, avatar } from './card/dom.js';
import { els, state, personSubtitle } from './state.js';

/** @typedef {import('./api.js').PersonView} PersonView */

const STORAGE_KEY = 'guanjia.console.as';

export function readHashAs() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return params.get('as');
}

/** @param {string} id */
export function writeHashAs(id) {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.set('as', id);
  const hash = `#${params.toString()}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

/** The person to start as: the one the link names, else the one last chosen, else the first. */
export function pickInitialPerson() {
  const fromHash = readHashAs();
  if (fromHash && state.byId.has(fromHash)) return fromHash;
  let stored;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  if (stored && state.byId.has(stored)) return stored;
  return state.people[0]?.id ?? null;
}

/**
 * Keep the chosen person in localStorage and in the link.
 * @param {string} id
 */
export function rememberPerson(id) {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    /* private mode: the hash still carries it */
  }
  writeHashAs(id);
}

/**
 * What to say when the link names someone who is not in the organisation.
 * @param {string} id
 */
export function unknownPersonText(id) {
  const me = state.me ? state.byId.get(state.me) : undefined;
  return `「${id}」不在组织架构中${me ? `，当前身份是 ${me.name}` : ''}。请从左侧选择一位在册人员。`;
}

export function renderMe() {
  const p = state.me ? state.byId.get(state.me) : undefined;
  clear(els.meCard);
  if (!p) return;
  els.meCard.dataset.personId = p.id;
  els.meCard.append(
    avatar(p.name, p.id, 'avatar-lg'),
    h(
      'div',
      { class: 'me-text' },
      h('div', { class: 'me-name' }, p.name),
      h('div', { class: 'me-sub' }, personSubtitle(p) || '—'),
      state.signedIn ? h('div', { class: 'me-signed-in' }, '已通过工作台登录') : null,
      p.roles?.length
        ? h(
            'div',
            { class: 'role-chips' },
            p.roles.map((r) => h('span', { class: 'role-chip' }, r)),
          )
        : null,
      // 驾驶舱: the unit's charts, for 财务, 主要领导 and 纪检 (the server says who), in a tab of its own
      p.dashboard ? h('a', { class: 'me-dashboard', href: `dashboard.html#as=${encodeURIComponent(p.id)}`, target: '_blank', rel: 'noopener' }, '驾驶舱 ↗') : null,
    ),
  );
}

/** The people list, grouped by department and filtered by the search box. */
export function renderPeople() {
  const q = els.peopleSearch.value.trim().toLowerCase();
  /** @type {Map<string, { name: string, people: PersonView[] }>} */
  const groups = new Map();
  for (const p of state.people) {
    const hay = [p.name, p.id, p.title, p.department?.name, ...(p.roles || [])].filter(Boolean).join(' ').toLowerCase();
    if (q && !hay.includes(q)) continue;
    const key = p.department?.id || '_';
    const group = groups.get(key) ?? { name: p.department?.name || '未分配部门', people: [] };
    group.people.push(p);
    groups.set(key, group);
  }
  clear(els.peopleList);
  els.peopleCount.textContent = `${state.people.length} 人`;
  if (groups.size === 0) {
    els.peopleList.append(h('div', { class: 'people-empty' }, '没有匹配的人员'));
    return;
  }
  for (const [deptId, g] of groups) {
    els.peopleList.append(
      h(
        'div',
        { class: 'dept-group', dataset: { departmentId: deptId } },
        h('div', { class: 'dept-name' }, g.name, h('span', { class: 'dept-count' }, String(g.people.length))),
        g.people.map((p) => personButton(p)),
      ),
    );
  }
}

/** @param {PersonView} p */
function personButton(p) {
  return h(
    'button',
    {
      type: 'button',
      class: `person${p.id === state.me ? ' selected' : ''}`,
      dataset: { personId: p.id },
      'aria-pressed': String(p.id === state.me),
      title: `切换为 ${p.name}`,
    },
    avatar(p.name, p.id),
    h(
      'span',
      { class: 'person-text' },
      h('span', { class: 'person-line' }, h('span', { class: 'person-name' }, p.name), p.title ? h('span', { class: 'person-title' }, p.title) : null),
      p.roles?.length ? h('span', { class: 'person-roles' }, p.roles.join(' · ')) : null,
    ),
  );
}

/**
 * Search filters the list; a click on a person calls onPick with their id.
 * @param {(personId: string) => void} onPick
 */
export function wirePeoplePicker(onPick) {
  els.peopleSearch.addEventListener('input', renderPeople);
  els.peopleList.addEventListener('click', (e) => {
    const btn = e.target instanceof Element ? e.target.closest('button[data-person-id]') : null;
    if (btn instanceof HTMLElement && btn.dataset.personId) onPick(btn.dataset.personId);
  });
}

/** Outside the development mode there is no one to pick: the picker leaves the page. */
export function removePeoplePicker() {
  els.people.remove();
}

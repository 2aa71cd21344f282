// @ts-check
// Tiny DOM helpers. Everything that comes from the server is put in the page as text
// (textContent / createTextNode) — never as HTML.

/** A child for h() and append(): nothing (skipped), text, or a node; or lists of them. */
/** @typedef {Node | string | number | null | undefined | false} Leaf */
/** @typedef {Leaf | Leaf[] | Leaf[][]} Child */

/**
 * h('div', { class: 'x', dataset: { id: 1 }, onclick: fn }, 'text', child, [more])
 * Attributes: class, dataset, style (object), on* (listeners), boolean props (disabled, hidden…),
 * anything else goes through setAttribute. Children: strings/numbers become text nodes; null,
 * undefined and false are skipped; arrays are flattened.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} attrs
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = String(value);
      else if (key === 'dataset' && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[k] = String(v);
      } else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @template {Node} T
 * @param {T} el
 * @param {Child[]} children
 * @returns {T}
 */
export function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, /** @type {Child[]} */ (child));
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

/**
 * @template {Node} T
 * @param {T} el
 * @returns {T}
 */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A unique id for label/input pairs. */
let seq = 0;
export function uid(prefix = 'f') {
  seq += 1;
  return `${prefix}-${seq}`;
}

/**
 * HH:mm in local time.
 * @param {string} iso
 */
export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * 今天 / 昨天 / 3月8日 星期五 / 2024年3月8日 for date dividers.
 * @param {string} iso
 */
export function formatDay(iso, now = new Date()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const startOf = (/** @type {Date} */ x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const diffDays = Math.round((startOf(now) - startOf(d)) / 86400000);
  const week = ['日', '一', '二', '三', '四', '五', '六'][d.getDay()];
  if (diffDays === 0) return '今天';
  if (diffDays === 1) return '昨天';
  const md = `${d.getMonth() + 1}月${d.getDate()}日`;
  if (d.getFullYear() === now.getFullYear()) return `${md} 星期${week}`;
  return `${d.getFullYear()}年${md}`;
}

/** @param {string} iso */
export function dayKey(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** A stable pleasant colour for an avatar. */
const AVATAR_COLORS = ['#3370ff', '#13a8a8', '#f5871f', '#7b61ff', '#00a870', '#e37318', '#0594fa', '#d54941', '#2ba471', '#8e56dd'];
/** @param {string} key */
export function avatarColor(key) {
  let n = 0;
  for (const ch of String(key)) n = (n * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return AVATAR_COLORS[n % AVATAR_COLORS.length] ?? '#3370ff';
}

/** The last two characters of a Chinese name (how chat apps draw avatars), or initials. */
/** @param {string | undefined} name */
export function avatarText(name) {
  const s = String(name || '?').trim();
  if (/^[\u4e00-\u9fff]+$/.test(s)) return s.length > 2 ? s.slice(-2) : s;
  const [first, second] = s.split(/\s+/).filter(Boolean);
  if (first && second) return (first.charAt(0) + second.charAt(0)).toUpperCase();
  return s.slice(0, 2).toUpperCase();
}

/**
 * A round avatar with the person's name in it, coloured by key.
 * @param {string} name
 * @param {string} key
 */
export function avatar(name, key, cls = '') {
  return h('span', { class: `avatar ${cls}`, style: { background: avatarColor(key) }, 'aria-hidden': 'true' }, avatarText(name));
}

/**
 * Small line icons drawn as SVG through the DOM (no emoji fonts needed, no innerHTML).
 * @type {Record<'chat' | 'shield' | 'lock', string[]>}
 */
const ICONS = {
  chat: ['M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z', 'M8 10h8', 'M8 13h5'],
  shield: ['M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6l8-3z', 'M8.5 12l2.5 2.5 4.5-5'],
  lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
};
/** @param {keyof typeof ICONS} name */
export function icon(name, cls = 'icon') {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.6');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  for (const d of ICONS[name] || []) {
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  return svg;
}

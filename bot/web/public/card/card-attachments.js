// @ts-check
// 附件 on a card: each file as a link that opens it in a new tab (signed for this viewer), a note in
// grey (its round, 已撤下), files taken off struck through; the required kinds that are there
// (「✓ 发票」, green) and those missing (「缺：发票」, red). While the viewer may still add files: a
// kind to file under, 上传附件 (a file picker), and files dropped anywhere on the card; each file the
// viewer may take off has 移除 (the card action 'detach'). The bot answers every upload in the
// conversation; the card shows the progress, and the refusal when the server turns a file away.
import { ApiError } from './api-error.js';
import { h } from './dom.js';

/** @typedef {import('../../../card-model.js').Card} Card */
/** @typedef {import('../../../card-model.js').CardAttachment} CardAttachment */
/** @typedef {import('./card-actions.js').CardContext} CardContext */

/** the types the server takes (it checks the content, not the name); the picker offers these */
export const ACCEPT = '.pdf,.ofd,.jpg,.jpeg,.png,.docx,.xlsx';

/**
 * Only a link the page can open as a page: http(s), never javascript: or data:.
 * @param {string} url
 */
export function safeUrl(url) {
  if (typeof url !== 'string' || !url) return null;
  try {
    const parsed = new window.URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Whether a drag carries files (not text or a link dragged from the page).
 * @param {DragEvent} e
 */
const carriesFiles = (e) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

/**
 * 「上传中… invoice.pdf 45%」
 * @param {string} name
 * @param {number} sent
 * @param {number} total
 */
const progressText = (name, sent, total) => `上传中… ${name}${total > 0 ? ` ${Math.min(100, Math.round((sent / total) * 100))}%` : ''}`;

/**
 * The card's 附件 section, or null when the card has none.
 * @param {Card} card
 * @param {number} messageId the id of the message carrying the card
 * @param {CardContext} ctx
 * @param {HTMLElement} root the card's element: files dropped on it are uploaded
 */
export function renderAttachments(card, messageId, ctx, root) {
  const a = card.attachments;
  if (!a || typeof a !== 'object') return null;
  const files = Array.isArray(a.files) ? a.files : [];
  const present = Array.isArray(a.present) ? a.present : [];
  const kinds = Array.isArray(a.uploadKinds) ? a.uploadKinds.filter((k) => typeof k === 'string' && k) : [];

  const status = h('div', { class: 'attach-status', role: 'status', 'aria-live': 'polite', hidden: true });
  const setStatus = (/** @type {string} */ text, kind = 'info') => {
    status.textContent = text;
    status.className = `attach-status ${kind}`;
    status.hidden = !text;
  };
  let busy = false;
  const setBusy = (/** @type {boolean} */ on) => {
    busy = on;
    section.classList.toggle('busy', on);
    for (const el of section.querySelectorAll('button, select')) /** @type {HTMLButtonElement} */ (el).disabled = on;
  };
  const failure = (/** @type {unknown} */ err, /** @type {string} */ fallback) => (err instanceof ApiError && err.message ? err.message : fallback);

  /** @param {CardAttachment} f */
  async function remove(f) {
    if (busy) return;
    setBusy(true);
    setStatus(`正在移除附件 ${f.seq}…`);
    try {
      await ctx.onAction({ messageId, action: 'detach', requestId: card.requestId, attach: { seq: f.seq } });
      setStatus(`已请求移除附件 ${f.seq}，结果见${ctx.answerPlace ?? '会话中'}管家的答复。`, 'ok');
    } catch (err) {
      setBusy(false);
      setStatus(failure(err, `操作未成功，原因见${ctx.answerPlace ?? '会话中'}的提示。`), 'error');
    }
  }

  /** @param {CardAttachment} f */
  const fileRow = (f) => {
    const label = `附件 ${f.seq} · ${f.kind} · ${f.text}`;
    const href = safeUrl(f.url);
    return h(
      'li',
      { class: `attach-file${f.removed ? ' removed' : ''}`, dataset: { seq: f.seq, kind: f.kind } },
      href ? h('a', { class: 'attach-link', href, target: '_blank', rel: 'noopener noreferrer' }, label) : h('span', { class: 'attach-link' }, label),
      f.note ? h('span', { class: 'attach-note' }, f.note) : null,
      f.removable && !f.removed ? h('button', { type: 'button', class: 'btn btn-small attach-remove', 'aria-label': `移除附件 ${f.seq}`, onclick: () => remove(f) }, '移除') : null,
    );
  };

  const section = h(
    'section',
    { class: 'card-attachments', 'aria-label': '附件' },
    h(
      'div',
      { class: 'attach-head' },
      h('span', { class: 'section-caption' }, '附件'),
      present.map((p) => h('span', { class: 'attach-present' }, p)),
      a.missingText ? h('span', { class: 'attach-missing' }, a.missingText) : null,
    ),
    files.length > 0 ? h('ol', { class: 'attach-files' }, files.map(fileRow)) : null,
  );

  if (kinds.length > 0) {
    const missing = Array.isArray(a.missing) ? a.missing : [];
    const first = kinds.find((k) => missing.includes(k)) ?? kinds[0];
    const select = h(
      'select',
      { class: 'field-control attach-kind', name: 'attachKind', 'aria-label': '附件类别' },
      kinds.map((k) => h('option', { value: k, selected: k === first }, k)),
    );
    const input = h('input', { type: 'file', class: 'attach-input', accept: ACCEPT, multiple: true, hidden: true, 'aria-label': '选择要上传的附件' });
    const pick = h('button', { type: 'button', class: 'btn btn-primary attach-upload', onclick: () => input.click() }, '上传附件');

    /** @param {File[]} chosen */
    const uploadAll = async (chosen) => {
      if (busy || chosen.length === 0) return;
      setBusy(true);
      const kind = select.value || undefined;
      for (const file of chosen) {
        setStatus(progressText(file.name, 0, file.size));
        try {
          await ctx.onUpload({ requestId: card.requestId, kind, file }, (sent, total) => setStatus(progressText(file.name, sent, total)));
          setStatus(`已上传「${file.name}」，结果见${ctx.answerPlace ?? '会话中'}管家的答复。`, 'ok');
        } catch (err) {
          setStatus(failure(err, '上传未成功，请稍后重试。'), 'error');
          break;
        }
      }
      setBusy(false);
    };
    input.addEventListener('change', () => {
      const chosen = [...(input.files ?? [])];
      input.value = '';
      uploadAll(chosen);
    });
    section.append(h('div', { class: 'attach-upload-row' }, select, pick, h('span', { class: 'attach-drop-hint' }, '或把文件拖到卡片上'), input));

    // dropping files on the card: highlighted while files are dragged over it
    let depth = 0;
    const unlight = () => {
      depth = 0;
      root.classList.remove('drop-target');
    };
    root.addEventListener('dragenter', (e) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth += 1;
      root.classList.add('drop-target');
    });
    root.addEventListener('dragover', (e) => {
      if (!carriesFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    });
    root.addEventListener('dragleave', (e) => {
      if (!carriesFiles(e)) return;
      depth -= 1;
      if (depth <= 0) unlight();
    });
    root.addEventListener('drop', (e) => {
      if (!carriesFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      e.stopPropagation();
      unlight();
      uploadAll([...e.dataTransfer.files]);
    });
  }
  section.append(status);
  return section;
}

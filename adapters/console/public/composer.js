// @ts-check
// What the person sends: typed messages from the composer (Enter sends, Shift+Enter is a new line,
// the help chips fill the box) shown at once as pending copies, taps on a card's buttons, and files
// uploaded onto a card (附件).
import { api } from './api.js';
import { addNotice, PENDING_TTL_MS, renderMessages } from './conversation.js';
import { refresh } from './live.js';
import { els, state, userMessage } from './state.js';

let pendingSeq = 0;

/**
 * A card button (with whatever its form asked for); a refusal becomes a red notice and rejects.
 * @param {import('./card/card-actions.js').CardTap} payload
 */
export async function sendCardAction(payload) {
  const conv = state.active;
  let res;
  try {
    res = await api.action({ as: state.me ?? '', ...payload });
  } catch (err) {
    addNotice(conv, userMessage(err, '操作失败，请稍后重试。'));
    throw err;
  }
  refresh(conv);
  return res;
}

/**
 * A file onto a card's request; the bot answers in the conversation. A refusal (too large, empty)
 * rejects with the server's words for the card to show.
 * @param {import('./card/card-actions.js').CardUpload} upload
 * @param {(sent: number, total: number) => void} [onProgress]
 */
export async function sendUpload(upload, onProgress) {
  const res = await api.upload({ as: state.me ?? '', requestId: upload.requestId, kind: upload.kind, name: upload.file.name }, upload.file, onProgress);
  refresh('bot');
  return res;
}

async function sendMessage() {
  const text = els.input.value;
  if (!text.trim() || !state.me) {
    els.input.focus();
    return;
  }
  const msgs = state.convs.bot?.messages || [];
  pendingSeq += 1;
  /** @type {import('./state.js').Pending} */
  const pending = { seq: pendingSeq, text, sinceId: msgs.at(-1)?.id ?? 0, accepted: false, acceptedAt: 0 };
  state.pending.push(pending);
  els.input.value = '';
  autoGrow();
  renderMessages({ scroll: 'bottom' });
  const gen = state.generation;
  try {
    await api.sendMessage(state.me, text);
  } catch (err) {
    if (gen !== state.generation) return;
    state.pending = state.pending.filter((p) => p !== pending);
    if (!els.input.value) {
      els.input.value = text;
      autoGrow();
    }
    addNotice('bot', userMessage(err, '发送失败，请稍后重试。'));
    return;
  }
  if (gen !== state.generation) return;
  pending.accepted = true;
  pending.acceptedAt = Date.now();
  if (state.active === 'bot') renderMessages();
  refresh('bot');
  // the accepted copy expires after PENDING_TTL_MS: render once more then, so it goes
  setTimeout(() => state.active === 'bot' && gen === state.generation && renderMessages(), PENDING_TTL_MS + 100);
}

/** The box grows with its text, up to 160px. */
function autoGrow() {
  const ta = els.input;
  ta.style.height = 'auto';
  ta.style.height = `${Math.min(ta.scrollHeight, 160)}px`;
}

export function wireComposer() {
  for (const chip of document.querySelectorAll('.help-chip')) {
    if (!(chip instanceof HTMLElement)) continue;
    chip.addEventListener('click', () => {
      els.input.value = chip.dataset.command ?? '';
      autoGrow();
      els.input.focus();
      const end = els.input.value.length;
      els.input.setSelectionRange(end, end);
    });
  }
  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
  });
  els.input.addEventListener('keydown', (e) => {
    // not while an input method is composing (Chinese input confirms its text with Enter)
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendMessage();
    }
  });
  els.input.addEventListener('input', autoGrow);
}

// @ts-check
// Money, time and file sizes as the page shows them. Money comes from the server in 分 as decimal strings.

/**
 * 分 → 「56,000.00」 (no unit).
 * @param {string | undefined} fen
 */
export function money(fen) {
  if (typeof fen !== 'string' || !/^-?\d+$/.test(fen)) return '—';
  const negative = fen.startsWith('-');
  const digits = (negative ? fen.slice(1) : fen).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/^0+(?=\d)/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${digits.slice(-2)}`;
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * ISO → 「12-01 10:30」 this year, 「2025-12-01 10:30」 otherwise (the browser's time zone).
 * @param {string | undefined} iso
 */
export function when(iso, now = new Date()) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === now.getFullYear() ? `${day} ${time}` : `${d.getFullYear()}-${day} ${time}`;
}

/**
 * A file's size as the bot names it (bot/replies/attachment-words.ts sizeText): 「213 KB」, 「1.5 MB」.
 * @param {number} bytes
 */
export function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

// Text messages may carry at most 2048 bytes (发送应用消息 · 文本消息, document/path/90236; the
// group robot and 应用群聊 say the same), longer ones are cut off by WeCom: split them at line
// breaks, or inside a line when one line alone is too long. Card fields have limits in characters:
// clip cuts to those.
const MAX_BYTES = 2048;

export function splitText(text: string, maxBytes = MAX_BYTES): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = () => {
    if (current) chunks.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (bytes(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    push();
    let rest = line;
    while (bytes(rest) > maxBytes) {
      let piece = '';
      for (const ch of rest) {
        if (bytes(piece + ch) > maxBytes) break;
        piece += ch;
      }
      chunks.push(piece);
      rest = rest.slice(piece.length);
    }
    current = rest;
  }
  push();
  return chunks.length > 0 ? chunks : [''];
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** cuts to `max` characters (not UTF-16 units), marking the cut */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** a file name in at most 300 UTF-16 units (a FileEvent's limit), keeping the extension and whole characters */
export function clipName(name: string): string {
  if (name.length <= 300) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = '';
  for (const ch of name.slice(0, name.length - ext.length)) {
    if (stem.length + ch.length + 1 + ext.length > 300) break;
    stem += ch;
  }
  return `${stem}…${ext}`;
}

/** cuts to at most `maxBytes` of UTF-8 (a textcard's title and description), whole characters, marking the cut */
export function clipBytes(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (bytes(`${out}${ch}…`) > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

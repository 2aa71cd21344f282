// Text from any platform, made safe to keep: PostgreSQL's text and jsonb refuse NUL (\u0000), and a
// lone UTF-16 surrogate cannot be written as UTF-8. The one rule, applied at the inbound seam
// (bot/inbound-event.ts) and the HTTP APIs' schemas.

/** C0 control characters except tab, line feed and carriage return, and DEL */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;
/** a high surrogate not followed by a low one, or a low one not preceded by a high one */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** free text (a message, a comment, a name): lone surrogates become U+FFFD, control characters other than \t \n \r are removed */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, '');
}

/** an id, an account or a person named by one: no control character at all (\t \n \r included) and no lone surrogate; such an id is refused, not repaired */
export function isCleanId(text: string): boolean {
  return !HAS_CONTROL.test(text) && !new RegExp(LONE_SURROGATE.source).test(text);
}

/** every string in a JSON-like value cleaned (cleanText), keys included: for a platform's opaque handles */
export function cleanDeep(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanDeep(v)]));
  }
  return value;
}

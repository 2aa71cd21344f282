// What an HTTP caller reads when its request could not be taken: the body did not parse, was too
// large, in a charset or encoding we do not read, or the path does not exist. Never a stack trace.

export const HTTP_ERROR_TEXT = {
  BAD_JSON: '请求体不是合法的 JSON，没有受理。',
  BAD_BODY: '请求体无法读取，没有受理。',
  TOO_LARGE: '请求体太大，没有受理。',
  UNSUPPORTED_CHARSET: '不支持这种字符集，请以 UTF-8 发送。',
  UNSUPPORTED_ENCODING: '不支持这种内容编码（Content-Encoding），请以 gzip、deflate 或不压缩发送。',
  ABORTED: '请求未发送完整，没有受理。',
  NOT_FOUND: '没有这个地址。',
  INTERNAL: '管家暂时无法处理这个请求，已记录问题。请稍后重试；如多次失败，请联系管理员。',
  UNAVAILABLE: '管家的数据库或队列暂时不可用，这个请求没有受理。请稍后重试；如持续不可用，请联系管理员。',
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_TEXT;

/** a schema's word for an id, account or person with a control character or a broken character in it */
export const ID_INVALID_TEXT = '含有无效字符';

// Which files may be attached: what the content is (detected from the bytes, never the name), and
// how big. PDF and OFD (the national standard for e-invoices, 电子发票), JPEG and PNG (photos and
// scans), DOCX and XLSX (documents and tables); nothing executable, nothing a reader cannot open.
import { appError } from '../errors.js';

export const ALLOWED_FILE_TYPES = ['pdf', 'ofd', 'jpg', 'png', 'docx', 'xlsx'] as const;
export type AllowedFileType = (typeof ALLOWED_FILE_TYPES)[number];

/** what the content turned out to be: an extension and a MIME type, or null when it is not recognised */
export interface DetectedType {
  ext: string;
  mime: string;
}

/** ATTACHMENT_EMPTY, ATTACHMENT_TOO_LARGE or ATTACHMENT_TYPE, each with what the user needs to hear; the type when it is allowed */
export function checkFile(detected: DetectedType | null, size: number, maxBytes: number, name: string): AllowedFileType {
  if (size === 0) throw appError('ATTACHMENT_EMPTY', `${name} is empty`, { name });
  if (size > maxBytes) throw appError('ATTACHMENT_TOO_LARGE', `${name}: ${size} > ${maxBytes}`, { name, size, maxBytes });
  const ext = detected?.ext;
  if (!ext || !isAllowed(ext)) throw appError('ATTACHMENT_TYPE', `${name} is ${ext ?? 'unknown'}`, { name, detected: ext ?? null, allowed: [...ALLOWED_FILE_TYPES] });
  return ext;
}

function isAllowed(ext: string): ext is AllowedFileType {
  return (ALLOWED_FILE_TYPES as readonly string[]).includes(ext);
}

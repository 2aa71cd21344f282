// Signed, expiring links to attachments. A link names one file and the one person it was drawn for,
// and when it stops working; an HMAC-SHA256 over those makes it unforgeable. Expiry is rounded up to
// the end of a UTC day, so a card drawn twice on one day carries the same links (the console then
// sees an unchanged card). Whether that person may see the request is checked again on every open.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FileLinks } from '../deps.js';

const DAY_S = 86_400;

export interface LinkClaims {
  attachmentId: string;
  personId: string;
  /** seconds since the epoch */
  expires: number;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export class SignedFileLinks implements FileLinks {
  /** where the server is reached, without a trailing slash; set once the server listens */
  base = '';

  constructor(
    private readonly secret: string,
    private readonly days: number,
    private readonly clock: () => Date,
  ) {}

  url(attachmentId: string, personId: string): string {
    return `${this.base}/files/${this.token({ attachmentId, personId, expires: this.expiry() })}`;
  }

  token(claims: LinkClaims): string {
    const payload = Buffer.from(JSON.stringify([claims.attachmentId, claims.personId, claims.expires])).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  check(token: string): LinkCheck {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!Array.isArray(claims) || claims.length !== 3) return { ok: false, reason: 'malformed' };
    const [attachmentId, personId, expires] = claims as unknown[];
    if (typeof attachmentId !== 'string' || typeof personId !== 'string' || typeof expires !== 'number') return { ok: false, reason: 'malformed' };
    if (expires * 1000 <= this.clock().getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { attachmentId, personId, expires } };
  }

  private expiry(): number {
    const now = Math.floor(this.clock().getTime() / 1000);
    return Math.ceil((now + this.days * DAY_S) / DAY_S) * DAY_S;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`guanjia-file-link:${payload}`).digest('base64url');
  }
}

/** A report's workbook shares the links of attachments: its id in a link carries this prefix. */
const REPORT_PREFIX = 'report:';

export function reportLinkId(reportId: string): string {
  return `${REPORT_PREFIX}${reportId}`;
}

/** the report id a link names, or undefined when it names an attachment */
export function reportIdOf(linkId: string): string | undefined {
  return linkId.startsWith(REPORT_PREFIX) ? linkId.slice(REPORT_PREFIX.length) : undefined;
}

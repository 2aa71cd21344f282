// 要件: the kinds of file a request type must carry before it may be submitted (requiredAttachments in
// the organisation file). The kinds offered when attaching are those, then 其他 for anything else.
import { appError } from '../errors.js';

export const OTHER_KIND = '其他';

/** the required kinds with no file that counts now, in the policy's order */
export function missingKinds(required: readonly string[], files: readonly { kind: string; removedRound: number | null }[]): string[] {
  const present = new Set(files.filter((f) => f.removedRound === null).map((f) => f.kind));
  return required.filter((kind) => !present.has(kind));
}

/** the kinds a file may be filed under for this type */
export function kindsOffered(required: readonly string[]): string[] {
  return [...new Set([...required, OTHER_KIND])];
}

/** ATTACHMENT_KIND unless `kind` is one the type takes; when absent, the first missing required kind, else 其他 */
export function kindFor(required: readonly string[], missing: readonly string[], kind: string | undefined, no: number): string {
  if (kind === undefined) return missing[0] ?? OTHER_KIND;
  const offered = kindsOffered(required);
  if (!offered.includes(kind)) throw appError('ATTACHMENT_KIND', `${kind} is not a kind of ${no}`, { no, kind, offered });
  return kind;
}

/** ATTACHMENTS_MISSING (with the type and the kinds) while a required kind is missing: submit waits for the files */
export function assertComplete(type: string, required: readonly string[], files: readonly { kind: string; removedRound: number | null }[], no: number): void {
  const missing = missingKinds(required, files);
  if (missing.length > 0) throw appError('ATTACHMENTS_MISSING', `${no} lacks ${missing.join(', ')}`, { no, type, missing });
}

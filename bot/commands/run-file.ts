// A picture or file sent to the bot (附件): fetched from the platform by the worker (never by the
// receiver, which must ack in seconds), then handed to the core, which checks, stores and attaches it
// and answers the sender. A file over the size limit is refused without being fetched whole. A
// platform failure is thrown, so the queue fetches again later.
import { appError } from '../../workflows/domain/errors.js';
import type { Actor } from '../../workflows/service/workflow-service.js';
import type { BotDeps } from '../deps.js';
import type { FileEvent } from '../inbound-event.js';

export async function runFile(deps: Pick<BotDeps, 'service' | 'ports' | 'maxFileBytes'>, actor: Actor, event: FileEvent): Promise<void> {
  const port = deps.ports.get(event.platform);
  if (!port) throw new Error(`no ${event.platform} port to fetch a file from`);
  const name = event.file.name;
  if (event.file.size !== undefined && event.file.size > deps.maxFileBytes)
    throw appError('ATTACHMENT_TOO_LARGE', `announced ${event.file.size}`, { name: name ?? '', size: event.file.size, maxBytes: deps.maxFileBytes });
  const fetched = await port.fetchFile(event.file.ref, deps.maxFileBytes);
  const shownName = name ?? fetched.name;
  if ('tooLarge' in fetched) throw appError('ATTACHMENT_TOO_LARGE', `fetched ${fetched.tooLarge}`, { name: shownName ?? '', size: fetched.tooLarge, maxBytes: deps.maxFileBytes });
  await deps.service.attachments.receive(actor, { name: shownName, bytes: fetched.bytes, requestId: event.target?.requestId, kind: event.target?.kind });
}

// The callback URL, /wecom/callback (接收消息与事件 · 概述, document/path/90238):
//   GET  — URL verification: check msg_signature over echostr, decrypt it, answer the bare plaintext
//          (no quotes, no newline) within 1 second.
//   POST — encrypted XML messages and events: check msg_signature over Encrypt, decrypt, check the
//          receive id is our corp id, then enqueue and answer an empty 200 within 5 seconds (otherwise
//          WeCom drops the connection and retries, three times in all).
// Both also refuse a timestamp more than 5 minutes from our clock (below). Nothing is parsed beyond
// the envelope, and nothing is processed, before these checks pass.
import express, { type NextFunction, type Request, type Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../../bot/deps.js';
import type { EnqueueInbound } from '../../bot/enqueue-inbound.js';
import { clientRefusalOf } from '../../bot/http-errors.js';
import { isCleanId } from '../../workflows/domain/clean-text.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';
import type { CardCodes } from './wecom-card-codes.js';
import { WecomCryptoError, decrypt, isValidSignature, signature, type WecomKey } from './wecom-crypto.js';
import { toInbound } from './wecom-inbound.js';
import type { WecomSettings } from './wecom-settings.js';
import { EnvelopeSchema, WecomXmlError, parseFlatXml } from './wecom-xml.js';

export interface WecomRouterDeps {
  settings: WecomSettings;
  key: WecomKey;
  enqueue: EnqueueInbound;
  codes: CardCodes;
  /** WeCom user ids are case-insensitive (通讯录 · 成员): the service gives the organisation file's spelling */
  accounts: Pick<WorkflowService['accounts'], 'canonical'>;
  log: Logger;
  clock: () => Date;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function wecomRouter(deps: WecomRouterDeps): express.Router {
  const router = express.Router();

  router.get('/wecom/callback', (req, res) => {
    try {
      const { msg_signature, timestamp, nonce, echostr } = queryOf(req, ['msg_signature', 'timestamp', 'nonce', 'echostr']);
      checkFresh(timestamp, deps.clock());
      verify(deps.settings.token, msg_signature, timestamp, nonce, echostr);
      const plain = open(deps, echostr);
      res.status(200).type('text/plain').send(plain);
    } catch (error) {
      refuse(deps.log, res, error, 'url verification');
    }
  });

  router.post('/wecom/callback', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    try {
      const { msg_signature, timestamp, nonce } = queryOf(req, ['msg_signature', 'timestamp', 'nonce']);
      checkFresh(timestamp, deps.clock());
      const body = typeof req.body === 'string' ? req.body : '';
      const envelope = EnvelopeSchema.safeParse(parseFlatXml(body));
      if (!envelope.success) throw new Refusal(400, 'no Encrypt in the envelope');
      verify(deps.settings.token, msg_signature, timestamp, nonce, envelope.data.Encrypt);
      const message = parseFlatXml(open(deps, envelope.data.Encrypt));
      if (message.AgentID && message.AgentID !== String(deps.settings.agentId)) {
        deps.log.warn('wecom callback for another app ignored', { agentId: message.AgentID });
        res.status(200).send('');
        return;
      }
      await accept(deps, message);
      res.status(200).send(''); // an empty answer: no passive reply (被动回复消息格式, document/path/90241)
    } catch (error) {
      refuse(deps.log, res, error, 'callback');
    }
  });

  // the body could not be read (charset, Content-Encoding, size, aborted): a plain refusal, never express's page with the stack
  router.use('/wecom/callback', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const refusal = clientRefusalOf(error);
    if (!refusal || res.headersSent) return next(error);
    deps.log.warn('wecom callback refused', { status: refusal.status, reason: refusal.code });
    res.status(refusal.status).type('text/plain').send('bad request');
  });

  return router;
}

async function accept(deps: WecomRouterDeps, message: Record<string, string>): Promise<void> {
  const inbound = toInbound(message, deps.clock());
  if (inbound.kind === 'ignore') {
    deps.log.info('wecom callback ignored', { reason: inbound.reason });
    return;
  }
  // The tap's code is stored before the tap is queued, so the card update it causes can use it. With
  // Redis down it cannot be, and WeCom's 5 s must still be met: the tap is taken without it (the
  // update then sends a fresh card instead).
  const { code } = inbound;
  if (code) {
    const stored = rememberCode(deps, code.taskId, code.code);
    if ((await Promise.race([stored, later(CODE_WAIT_MS)])) === 'late') {
      stored.catch(() => undefined);
      deps.log.warn('wecom response code not stored in time (Redis slow or down); taken without it', { taskId: code.taskId });
    }
  }
  if (inbound.kind === 'code') return;
  const event = inbound.event;
  // an id with a control character is no one's, and PostgreSQL would refuse a NUL in the look-up
  if (!isCleanId(event.account)) throw new Refusal(400, 'sender id with a control character');
  event.account = await deps.accounts.canonical('wecom', event.account);
  if (event.kind === 'command' || event.kind === 'file') event.conversation.id = event.account;
  await deps.enqueue(event);
}

/** how long a callback waits for Redis to keep a tap's response code */
const CODE_WAIT_MS = 1_000;

async function rememberCode(deps: WecomRouterDeps, taskId: string, code: string): Promise<'stored'> {
  if (await deps.codes.remember(taskId, code)) await deps.codes.forgetShown(taskId);
  return 'stored';
}

function later(ms: number): Promise<'late'> {
  return new Promise((resolve) => setTimeout(() => resolve('late'), ms).unref());
}

function queryOf<K extends string>(req: Request, names: K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const name of names) {
    const value = req.query[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > 4096) throw new Refusal(400, `missing ${name}`);
    out[name] = value;
  }
  return out;
}

// The signed timestamp must be near our clock, as bolt-js refuses requests older than 5 minutes
// (src/receivers/verify-request.ts): a captured callback cannot be replayed once its dedupe key is gone.
const MAX_SKEW_SECONDS = 5 * 60;

function checkFresh(timestamp: string, now: Date): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new Refusal(400, 'timestamp is not a number of seconds');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) throw new Refusal(403, 'timestamp too far from our clock (stale or replayed)');
}

function verify(token: string, received: string, timestamp: string, nonce: string, encrypted: string): void {
  if (!isValidSignature(signature(token, timestamp, nonce, encrypted), received)) throw new Refusal(403, 'bad msg_signature');
}

/** Decrypts and checks the receive id: for an app's callbacks it is the corp id (加解密方案说明 · 附注). */
function open(deps: WecomRouterDeps, encrypted: string): string {
  const { message, receiveId } = decrypt(deps.key, encrypted);
  if (receiveId !== deps.settings.corpId) throw new Refusal(403, 'receive id is not our corp id');
  return message;
}

function refuse(log: Logger, res: Response, error: unknown, what: string): void {
  if (error instanceof Refusal) {
    log.warn(`wecom ${what} refused`, { status: error.status, reason: error.reason });
    res
      .status(error.status)
      .type('text/plain')
      .send(error.status === 403 ? 'forbidden' : 'bad request');
  } else if (error instanceof WecomCryptoError || error instanceof WecomXmlError || error instanceof ZodError) {
    // a ZodError: the event does not fit the inbound seam (an id with a control character …); WeCom sending it again changes nothing
    log.warn(`wecom ${what} refused`, { status: 400, reason: error.message });
    res.status(400).type('text/plain').send('bad request');
  } else {
    // e.g. Redis unreachable while queueing: a 500 makes WeCom deliver it again
    log.error(`wecom ${what} failed`, { err: error });
    res.status(500).type('text/plain').send('error');
  }
}

// The inbound seam with the core replaced by an in-memory fake of its service API: dedupe, unknown
// accounts, refusals turned into replies, crashes handed back to the queue, answers where the
// command came from.
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../bot/deps.js';
import { handleInbound, replyGaveUp, type InboundDeps } from '../../bot/handle-inbound.js';
import type { InboundEvent } from '../../bot/inbound-event.js';
import { appError } from '../../workflows/domain/errors.js';
import { FakeWorkflowService, type Call } from '../helpers/fake-workflow-service.js';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

function setup(onCall?: (call: Call) => void) {
  const fake = new FakeWorkflowService({
    accounts: new Map([
      ['console:fenglei', { personId: 'fenglei', active: true }],
      ['dingtalk:staff-007', { personId: 'fenglei', active: true }],
      ['console:gone', { personId: 'gone', active: false }],
    ]),
    requests: new Map([[12, 'req-12']]),
    onCall,
  });
  let dispatched = 0;
  const deps: InboundDeps = {
    service: fake.api,
    log: silent,
    staleClaimMs: 60_000,
    tz: 'Asia/Shanghai',
    dispatch: async () => dispatched++,
    ports: new Map(),
    maxFileBytes: 20 << 20,
  };
  return { fake, deps, dispatched: () => dispatched };
}

const command = (text: string, over: Partial<Extract<InboundEvent, { kind: 'command' }>> = {}): InboundEvent => ({
  kind: 'command',
  platform: 'console',
  account: 'fenglei',
  dedupeKey: `console:${text}`,
  at: '2026-11-30T01:00:00Z',
  conversation: { kind: 'direct', id: 'fenglei' },
  text,
  ...over,
});

const tap = (action: 'approve' | 'submit', over: Partial<Extract<InboundEvent, { kind: 'button' }>> = {}): InboundEvent => ({
  kind: 'button',
  platform: 'console',
  account: 'fenglei',
  dedupeKey: `console:tap-${action}`,
  at: '2026-11-30T01:00:00Z',
  action,
  requestId: 'req-12',
  comment: '',
  ...over,
});

describe('handleInbound', () => {
  it('handles a delivery once: a replayed one changes nothing and answers nothing', async () => {
    const { fake, deps, dispatched } = setup();
    await handleInbound(deps, tap('submit'));
    await handleInbound(deps, tap('submit'));
    expect(fake.calls).toEqual([{ op: 'submit', actor: expect.objectContaining({ personId: 'fenglei', delivery: 'console:tap-submit' }), requestId: 'req-12' }]);
    expect(fake.deliveries.get('console:tap-submit')).toBe(true);
    expect(dispatched()).toBe(1);
  });

  it('tells an account that is not in the organisation (or no longer active) so, and audits it', async () => {
    const { fake, deps } = setup();
    await handleInbound(deps, command('/帮助', { account: 'stranger', dedupeKey: 'console:a' }));
    await handleInbound(deps, command('/帮助', { account: 'gone', dedupeKey: 'console:b' }));
    expect(fake.replies().map((r) => r.notice)).toEqual([{ kind: 'account.unknown' }, { kind: 'account.unknown' }]);
    expect(fake.audit.map((a) => [a.action, a.subject])).toEqual([
      ['security.unknown_account', 'account:console:stranger'],
      ['security.unknown_account', 'account:console:gone'],
    ]);
    expect(fake.calls).toEqual([]);
  });

  it('turns a refusal into a reply, refreshes a tapped card, and marks the delivery handled', async () => {
    const { fake, deps } = setup((call) => {
      if (call.op === 'decide') throw appError('NOT_ASSIGNEE', 'not yours', { no: 12 });
    });
    await handleInbound(deps, tap('approve', { stepId: 'req-12.1.0' }));
    expect(fake.replies()).toEqual([
      { kind: 'reply', to: { platform: 'console', account: 'fenglei', personId: 'fenglei' }, notice: { kind: 'refused', code: 'NOT_ASSIGNEE', details: { no: 12 } } },
    ]);
    expect(fake.outbox).toContainEqual({ kind: 'card.refresh', requestId: 'req-12' });
    expect(fake.deliveries.get('console:tap-approve')).toBe(true);
  });

  it('hands an unexpected failure back to the queue with the delivery released, so the retry runs it', async () => {
    let crashes = 1;
    const { fake, deps } = setup((call) => {
      if (call.op === 'submit' && crashes-- > 0) throw new Error('connection reset');
    });
    await expect(handleInbound(deps, tap('submit'))).rejects.toThrow('connection reset');
    expect(fake.deliveries.has('console:tap-submit')).toBe(false);
    expect(fake.replies()).toEqual([]);
    await handleInbound(deps, tap('submit'));
    expect(fake.calls.filter((c) => c.op === 'submit')).toHaveLength(2);
    expect(fake.deliveries.get('console:tap-submit')).toBe(true);
  });

  it('answers in the group a command was written in, and gives the service the sender as actor', async () => {
    const { fake, deps } = setup();
    await handleInbound(deps, command('@管家 /进度 12', { platform: 'dingtalk', account: 'staff-007', dedupeKey: 'dingtalk:m1', conversation: { kind: 'group', id: 'cid-1' } }));
    expect(fake.calls).toEqual([
      {
        op: 'show',
        no: 12,
        actor: {
          personId: 'fenglei',
          platform: 'dingtalk',
          account: 'staff-007',
          delivery: 'dingtalk:m1',
          replyTo: { platform: 'dingtalk', account: 'staff-007', personId: 'fenglei', group: 'cid-1' },
        },
      },
    ]);
    await handleInbound(deps, command('/帮助', { platform: 'dingtalk', account: 'staff-007', dedupeKey: 'dingtalk:m2', conversation: { kind: 'group', id: 'cid-1' } }));
    expect(fake.replies().at(-1)).toEqual({ kind: 'reply', to: { platform: 'dingtalk', account: 'staff-007', personId: 'fenglei', group: 'cid-1' }, notice: { kind: 'help' } });
  });

  it('tells the sender when the queue gave up on their message, and ignores a payload it cannot read', async () => {
    const { fake, deps } = setup();
    await replyGaveUp(deps, command('/预算'));
    await replyGaveUp(deps, { kind: 'nonsense' });
    expect(fake.replies().map((r) => r.notice)).toEqual([{ kind: 'failed' }]);
  });
});

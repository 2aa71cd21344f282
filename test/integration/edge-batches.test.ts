// Small writes go to PostgreSQL in batches under load (workflows/infra/write-batch.ts): many events
// accepted at once are each kept once, a delivery id twice in the same moment is fresh for one caller
// only, console messages posted at once each get their own id, in the order posted, and deliveries
// closed at once are each closed as their job ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';

let app: TestGuanjia;

beforeAll(async () => {
  app = await startTestGuanjia({ workers: false });
});
afterAll(() => app?.cleanup());

describe('the edge keeps accepted events in batches', () => {
  it('keeps each of 300 events accepted at once, once, with its event, and a repeated delivery id is fresh for one caller only', async () => {
    const { service } = app.deps;
    const keys = Array.from({ length: 300 }, (_, i) => `batch-test:${i}`);
    // every tenth key arrives twice in the same moment
    const calls = [...keys, ...keys.filter((_, i) => i % 10 === 0)];
    const fresh = await Promise.all(calls.map((key) => service.deliveries.accept(key, { key, text: `事件 ${key}` })));
    const freshByKey = new Map<string, number>();
    calls.forEach((key, i) => freshByKey.set(key, (freshByKey.get(key) ?? 0) + (fresh[i] ? 1 : 0)));
    expect([...freshByKey.values()].every((n) => n === 1)).toBe(true);
    expect(freshByKey.size).toBe(300);

    const rows = await app.database.db.inboundKey.findMany({ where: { key: { startsWith: 'batch-test:' } } });
    expect(rows).toHaveLength(300);
    for (const row of rows) expect(row.event).toEqual({ key: row.key, text: `事件 ${row.key}` });

    // accepted before: not fresh again
    expect(await service.deliveries.accept('batch-test:7', { key: 'again' })).toBe(false);
  });

  it('gives each of 200 console messages posted at once its own id, in the order they were posted', async () => {
    const { service } = app.deps;
    const texts = Array.from({ length: 200 }, (_, i) => `消息 ${i}`);
    const ids = await Promise.all(texts.map((text) => service.consoleMessages.post('fenglei', { direction: 'in', authorId: 'fenglei', text })));
    expect(new Set(ids).size).toBe(200);
    for (const [i, id] of ids.entries()) expect((await service.consoleMessages.find(id))?.text).toBe(texts[i]);
  });

  it('posts a message with a send key once, however often and however concurrently it is posted', async () => {
    const { service } = app.deps;
    const post = () => service.consoleMessages.post('fenglei', { direction: 'out', text: '答复一次', sendKey: 'edge-batches:once' });
    const ids = [...(await Promise.all([post(), post(), post()])), await post()];
    expect(new Set(ids).size).toBe(1);
    expect(await app.database.db.consoleMessage.count({ where: { sendKey: 'edge-batches:once' } })).toBe(1);
    expect((await service.consoleMessages.find(ids[0]!))?.text).toBe('答复一次');
  });

  it('refuses only the message that cannot be stored when it arrives with others', async () => {
    const { service } = app.deps;
    const posts = ['甲', '丙', '乙'].map((text, i) =>
      // a conversation that cannot be stored (NUL) fails its own post, not the others in its batch
      service.consoleMessages.post(i === 1 ? 'bad\u0000conversation' : 'fenglei', { direction: 'in', authorId: 'fenglei', text }),
    );
    const settled = await Promise.allSettled(posts);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('closes 100 deliveries at once, each as its job ended, one closed twice in the same moment ending as the last said', async () => {
    const { service } = app.deps;
    const db = app.database.db;
    const rows = await db.outbox.createManyAndReturn({ data: Array.from({ length: 50 }, (_, i) => ({ kind: 'notice', payload: { i } })), select: { id: true } });
    const closes = rows.flatMap((row, i) => [
      { outboxId: row.id.toString(), platform: 'console' as const, failed: i % 7 === 0 },
      { outboxId: row.id.toString(), platform: 'wecom' as const, failed: false },
    ]);
    // the first row's console delivery twice at once: first failed, then done
    await Promise.all([...closes.map((c) => service.outbox.delivered(c.outboxId, c.platform, c.failed)), service.outbox.delivered(rows[0]!.id.toString(), 'console', false)]);
    const closed = await db.outboxDelivery.findMany({ where: { outboxId: { in: rows.map((r) => r.id) } } });
    expect(closed).toHaveLength(100);
    expect(closed.every((d) => d.doneAt !== null)).toBe(true);
    const failed = new Set(closed.filter((d) => d.failed).map((d) => `${d.outboxId}/${d.platform}`));
    expect(failed).toEqual(new Set(rows.filter((_, i) => i % 7 === 0 && i > 0).map((r) => `${r.id}/console`)));
  });
});

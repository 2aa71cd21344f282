// End to end on WeCom: a member who gets more than 30 replies in a minute gets 30 at once, and the
// rest are held back — not failed, not retried in a burst — until the member's first message is a
// minute old (WeCom drops the 31st message to one member within a minute).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/test-guanjia.js';
import { startWecomTestbed, type WecomTestbed } from '../helpers/wecom-guanjia.js';

let bed: WecomTestbed;

beforeAll(async () => {
  bed = await startWecomTestbed();
});
afterAll(() => bed?.stop());

describe('WeCom per-member limit through delivery', () => {
  it('sends 30 of 36 replies to one member, and holds the other 6 until a slot frees', async () => {
    const user = bed.userOf('fenglei');
    const textsTo = () => bed.wecom.texts.filter((t) => t.userId === user);
    const started = Date.now();
    for (let i = 0; i < 36; i++) expect(await bed.client.say(user, '/待办')).toBe(200);
    await waitFor(() => textsTo().length >= 30 || undefined, '30 replies to the member');
    const notify = bed.app.deps.queues.queue('notify');
    const held = await waitFor(async () => {
      const jobs = (await notify.getDelayed()).filter((j) => JSON.stringify(j.data).includes(user));
      return jobs.length >= 6 ? jobs : undefined;
    }, 'six replies held back');
    expect(held).toHaveLength(6);
    expect(textsTo()).toHaveLength(30);
    for (const job of held) {
      // put back once, for as long as it takes the member's first reply to be a minute old
      expect(job.attemptsMade).toBe(0);
      const due = job.timestamp + (job.opts.delay ?? job.delay);
      expect(due).toBeGreaterThan(started + 55_000);
      expect(due).toBeLessThanOrEqual(Date.now() + 61_000);
    }
  });
});

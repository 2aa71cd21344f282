// Waits until a Guanjia's inbound and notify queues have nothing waiting or running, so a test may
// then assert that something did NOT happen (a duplicate acted on, a second reply sent).
import type { Guanjia } from '../../bot/app.js';
import { waitFor } from './test-guanjia.js';

export async function queuesIdle(app: Guanjia): Promise<void> {
  await waitFor(async () => {
    for (const name of ['inbound', 'notify'] as const) {
      const counts = await app.deps.queues.queue(name).getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(counts).some((n) => n > 0)) return false;
    }
    return true;
  }, 'inbound and notify queues to be idle');
}

import { defineConfig } from 'vitest/config';

// Hang detectors, not speed budgets: tests wait on conditions, so only a test that is stuck reaches
// these (a loaded CI machine runs the suite several times slower). TEST_TIME_SCALE stretches them,
// like every limit in test/helpers/time-limits.ts.
const scale = Number(process.env.TEST_TIME_SCALE);
const HANG_MS = 300_000 * (Number.isFinite(scale) && scale > 0 ? scale : 1);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // integration files each start their own Guanjia (own schema, own queue prefix)
    pool: 'forks',
    // three on two cores: a file spends most of its time waiting on PostgreSQL, Redis, a child
    // process or a browser (the whole suite: 748 s with two, 382 s with three on this machine)
    maxWorkers: 3,
    testTimeout: HANG_MS,
    hookTimeout: HANG_MS,
    reporters: ['default'],
  },
});

// Time limits in the tests are hang detectors, not speed budgets: a test waits on conditions (poll,
// events), and only something that never happens runs into a limit. On a machine slower than any
// seen so far, TEST_TIME_SCALE=<n> stretches every limit (vitest.config.ts reads it too).
const scale = Number(process.env.TEST_TIME_SCALE);

export const TIME_SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;

/** How long a condition may take before the test takes it as never coming (waitFor's default). */
export const HANG_MS = 120_000 * TIME_SCALE;

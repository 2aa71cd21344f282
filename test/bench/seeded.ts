// One Guanjia seeded with the volume of issue 10 (scale-seed.ts: requests and ten ledger rows each),
// shared by the figures that need it (scale, balance) and seeded once per bench run.
import { performance } from 'node:perf_hooks';
import { loadPolicy } from '../../workflows/infra/org-snapshot.js';
import { startTestGuanjia, type TestGuanjia } from '../helpers/test-guanjia.js';
import { seedScale, type ScaleSeed } from './scale-seed.js';

export interface Seeded {
  app: TestGuanjia;
  seed: ScaleSeed;
  seedSeconds: number;
  analyzeSeconds: number;
}

export interface SeedVolume {
  requests: number;
  ledgerRows: number;
  /** statements run on the seeded schema before timing: an index under consideration, tried before its migration */
  trySql?: readonly string[];
}

let shared: { volume: SeedVolume; seeded: Promise<Seeded> } | undefined;

/** The seeded Guanjia (workers off), seeded on the first call; later calls with the same volume share it. */
export function seededGuanjia(volume: SeedVolume): Promise<Seeded> {
  if (shared && shared.volume.requests === volume.requests && shared.volume.ledgerRows === volume.ledgerRows) return shared.seeded;
  const seeded = (async () => {
    const app = await startTestGuanjia({ workers: false });
    try {
      const { db } = app.database;
      const policy = await loadPolicy(db);
      const seedStart = performance.now();
      const seed = await seedScale(db, volume, policy.fiscalYear, new Date());
      const seedSeconds = (performance.now() - seedStart) / 1000;
      for (const sql of volume.trySql ?? []) await db.$executeRawUnsafe(sql);
      const analyzeStart = performance.now();
      for (const table of ['Request', 'Step', 'LedgerEntry', 'Contract', 'Decision', 'Alert']) await db.$executeRawUnsafe(`VACUUM ANALYZE "${table}"`);
      const analyzeSeconds = (performance.now() - analyzeStart) / 1000;
      console.log(
        `seeded ${seed.requests.toLocaleString('en')} requests, ${seed.ledgerRows.toLocaleString('en')} ledger rows, ${seed.steps.toLocaleString('en')} steps ` +
          `(${seed.firstDay} … ${seed.lastDay}) in ${seedSeconds.toFixed(1)} s, VACUUM ANALYZE ${analyzeSeconds.toFixed(1)} s`,
      );
      return { app, seed, seedSeconds, analyzeSeconds };
    } catch (error) {
      await app.cleanup();
      throw error;
    }
  })();
  shared = { volume, seeded };
  return seeded;
}

/** Drops the seeded schema, if one was made. */
export async function releaseSeeded(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current.seeded.catch(() => undefined))?.app.cleanup();
}

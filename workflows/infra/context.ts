// What every service call needs: the database, the time of the call, the unit's time zone.
import type { Db } from './db.js';

export interface Ctx {
  db: Db;
  now: Date;
  tz: string;
}

/** Who did something, on which platform account — recorded in the audit trail. */
export interface Actor {
  personId: string;
  platform: string;
  account: string;
}

// What every service call needs: the database, the time of the call, the unit's time zone.
import type { Db } from './db.js';

export type { Actor } from '../service/views.js';

export interface Ctx {
  db: Db;
  now: Date;
  tz: string;
}

/** What every use case receives: the database and the clock. Nothing else is global. */
import type { CheckpointStore } from '../domain/audit-checkpoint.ts';
import type { Clock } from '../domain/clock.ts';
import type { Db } from '../store/db.ts';

export interface Deps {
  db: Db;
  clock: Clock;
  /** Signed audit checkpoints outside the database (absent in tests that do not need them). */
  checkpoints?: CheckpointStore;
}

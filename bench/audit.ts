/**
 * Audit benchmarks (issue 7): what auditing adds to a create, and how fast `audit verify` runs
 * compared with raw SHA-256 over the same bytes, both in one run on in-memory PGlite.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { createTrainingClass } from '../src/app/officers/create-training-class.ts';
import { operator } from '../src/domain/actor.ts';
import { appendAudit, canonicalJson, rowContent, verifyAuditChain } from '../src/store/audit.ts';
import { openStore } from '../src/store/db.ts';
import * as officers from '../src/store/officers.ts';
import { median, ms, type Row, time } from './table.ts';

const ACTOR = operator('bench');
const CHAIN = 10_000;

export async function auditBench(): Promise<Row[]> {
  const store = await openStore({ dataDir: 'memory://' });
  const deps = { db: store.db, clock: { now: () => new Date() } };
  const rows: Row[] = [];

  // 1. A create with its audit event vs the same insert in a transaction without one.
  const withAudit: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < 5; round++) {
    withAudit.push(
      await time(async () => {
        for (let i = 0; i < 200; i++) {
          const r = await createTrainingClass(deps, ACTOR, {
            model: 'JEM',
            startsOn: '2026-01-05',
            endsOn: '2026-01-30',
          });
          if (!r.ok) throw new Error(r.error.userMessage);
        }
      }),
    );
    without.push(
      await time(async () => {
        for (let i = 0; i < 200; i++) {
          await store.db.transaction().execute((tx) =>
            officers.insertClass(
              tx,
              {
                classId: uuidv7(),
                model: 'JEM',
                course: 'x',
                hours: 160,
                startsOn: '2026-01-05',
                endsOn: '2026-01-30',
              },
              new Date(),
            ),
          );
        }
      }),
    );
  }
  const a = median(withAudit) / 200;
  const b = median(without) / 200;
  rows.push({
    name: 'create use case (authorize, validate, audit) vs its bare insert: an upper bound on audit cost',
    measured: ms(a),
    baseline: `unaudited ${ms(b)}`,
    ratio: a / b,
    target: 'overhead ≤ 15 %',
    met: a / b <= 1.15,
  });

  // 2. audit verify over a 10,000-row chain vs raw SHA-256 over the same bytes.
  const have = (await verifyAuditChain(store.db)).rows;
  for (let i = have; i < CHAIN; i += 500) {
    await store.db.transaction().execute(async (tx) => {
      for (let j = i; j < Math.min(CHAIN, i + 500); j++) {
        await appendAudit(tx, ACTOR, new Date(), {
          type: 'facility.added',
          resource: { type: 'facility', id: `f${j}` },
          data: { agencyId: 'bench', code: `F${j}` },
        });
      }
    });
  }
  const verifyTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    verifyTimes.push(
      await time(async () => {
        const check = await verifyAuditChain(store.db);
        if (!check.ok) throw new Error('chain does not verify');
      }),
    );
  }
  const stored = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  const bytes = stored.map((r) => canonicalJson(rowContent(r)));
  const rawTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    rawTimes.push(
      await time(async () => {
        let prev = '0'.repeat(64);
        for (const b of bytes) prev = createHash('sha256').update(prev).update(b).digest('hex');
      }),
    );
  }
  const v = median(verifyTimes);
  const raw = median(rawTimes);
  rows.push({
    name: `audit verify, ${stored.length} rows (PGlite), throughput vs raw SHA-256 of the same bytes`,
    measured: `${Math.round(stored.length / (v / 1000))} rows/s`,
    baseline: `raw ${Math.round(stored.length / (raw / 1000))} rows/s`,
    ratio: raw / v,
    target: '≥ 50 % of raw',
    met: raw / v >= 0.5,
  });
  await store.close();
  return rows;
}

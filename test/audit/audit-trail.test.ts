/**
 * The audit trail proves itself (security.md R17, R18): every single mutation of the chain is
 * found at the right row, a truncated tail is found through the head, a chain rewritten with
 * recomputed hashes is found through the signed checkpoints kept outside the database, and
 * concurrent writers leave one linear chain.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/app/audit/verify-audit.ts';
import { writeAuditCheckpoint } from '../../src/app/audit/write-audit-checkpoint.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import { fileCheckpointStore } from '../../src/integrations/audit/file-checkpoint-store.ts';
import {
  type AuditRowContent,
  appendAudit,
  chainHash,
  GENESIS_HASH,
  rowContent,
  verifyAuditChain,
} from '../../src/store/audit.ts';
import type { Db, Tx } from '../../src/store/db.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const ROWS = 1500;
const OPERATOR: Actor = operator('test');

class Rollback extends Error {}

/**
 * What a DBA who owns the table could do: switch the append-only trigger off (R19), inside a
 * transaction that is rolled back, so the verifier can be shown every kind of tampering.
 */
const bypassAppendOnly = (tx: Tx) => sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(tx);

/** Applies a mutation and verifies inside one transaction, then rolls it back. */
async function verifyMutated(db: Db, mutate: (tx: Tx) => Promise<unknown>) {
  let check: Awaited<ReturnType<typeof verifyAuditChain>> | undefined;
  await db
    .transaction()
    .execute(async (tx) => {
      await bypassAppendOnly(tx);
      await mutate(tx);
      check = await verifyAuditChain(tx);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return check!;
}

describe.each(backends())('audit trail on %s', (backend) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshDb(backend);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-audit-'));
    t.deps.checkpoints = fileCheckpointStore(path.join(dir, 'checkpoints'), path.join(dir, 'key.pem'));
    for (let i = 0; i < ROWS; i += 100) {
      await t.store.db.transaction().execute(async (tx) => {
        for (let j = i; j < i + 100; j++) {
          await appendAudit(tx, OPERATOR, t.clock.now(), {
            type: 'training.class_created',
            resource: { type: 'training_class', id: `class-${j}` },
            data: { model: 'JEM', hours: j },
          });
        }
      });
    }
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an intact chain', async () => {
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true, rows: ROWS, firstBadSeq: null });
  });

  it.each([
    [
      'one changed byte of one payload',
      700,
      (tx: Tx) =>
        sql`UPDATE audit_events SET data = '{"model":"JEM","hours":7000}' WHERE seq = 700`.execute(tx),
    ],
    [
      'a changed actor',
      12,
      (tx: Tx) => sql`UPDATE audit_events SET actor_id = 'operator:someone-else' WHERE seq = 12`.execute(tx),
    ],
    ['a deleted row', 900, (tx: Tx) => sql`DELETE FROM audit_events WHERE seq = 900`.execute(tx)],
    [
      'two swapped rows',
      400,
      async (tx: Tx) => {
        await sql`UPDATE audit_events SET seq = -1 WHERE seq = 400`.execute(tx);
        await sql`UPDATE audit_events SET seq = 400 WHERE seq = 401`.execute(tx);
        await sql`UPDATE audit_events SET seq = 401 WHERE seq = -1`.execute(tx);
      },
    ],
    [
      'the tail truncated',
      ROWS - 9,
      (tx: Tx) => sql`DELETE FROM audit_events WHERE seq > ${ROWS - 10}`.execute(tx),
    ],
  ])('names the first bad row after %s', async (_what, firstBad, mutate) => {
    const check = await verifyMutated(t.store.db, mutate);
    expect(check.ok).toBe(false);
    expect(check.firstBadSeq).toBe(firstBad);
  });

  it.each([
    ['UPDATE', sql`UPDATE audit_events SET actor_id = 'operator:someone-else' WHERE seq = 12`],
    ['UPDATE of no row', sql`UPDATE audit_events SET data = '{}' WHERE seq < 0`],
    ['DELETE', sql`DELETE FROM audit_events WHERE seq = 900`],
    ['TRUNCATE', sql`TRUNCATE audit_events`],
  ])('refuses a plain %s of audit rows (R19)', async (_what, statement) => {
    await expect(t.store.db.transaction().execute((tx) => statement.execute(tx))).rejects.toThrow(
      /append-only/,
    );
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true, rows: ROWS });
  });

  it('catches a forged row appended after the head', async () => {
    const check = await verifyMutated(t.store.db, async (tx) => {
      const last = await tx
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '=', ROWS)
        .executeTakeFirstOrThrow();
      const forged: AuditRowContent = {
        seq: ROWS + 1,
        eventId: '01900000-0000-7000-8000-000000000000',
        occurredAt: new Date().toISOString(),
        type: 'officer.approved',
        actorId: 'operator:forger',
        actorRole: 'program_office',
        agencyId: null,
        outcome: 'succeeded',
        resourceType: 'officer',
        resourceId: 'x',
        data: {},
      };
      await tx
        .insertInto('audit_events')
        .values({
          seq: forged.seq,
          event_id: forged.eventId,
          occurred_at: forged.occurredAt,
          type: forged.type,
          actor_id: forged.actorId,
          actor_role: forged.actorRole,
          agency_id: null,
          outcome: 'succeeded',
          resource_type: forged.resourceType,
          resource_id: forged.resourceId,
          data: '{}',
          prev_hash: last.hash,
          hash: chainHash(last.hash, forged),
        })
        .execute();
    });
    expect(check).toMatchObject({ ok: false, firstBadSeq: ROWS + 1 });
  });

  it('catches a whole chain rewritten with recomputed hashes, thanks to the signed checkpoint', async () => {
    const cp = await writeAuditCheckpoint(t.deps, OPERATOR);
    expect(cp.ok).toBe(true);
    const intact = await verifyAudit(t.deps, OPERATOR);
    expect(intact.ok && intact.value).toMatchObject({ ok: true, checkpoints: 1, badCheckpoint: null });

    await t.store.db
      .transaction()
      .execute(async (tx) => {
        // Rewrite row 3's content and recompute every hash after it, and the head: the chain alone verifies.
        await bypassAppendOnly(tx);
        const rows = await tx.selectFrom('audit_events').selectAll().orderBy('seq').execute();
        let prev = GENESIS_HASH;
        for (const r of rows) {
          const data = Number(r.seq) === 3 ? { model: 'TFM', hours: 1 } : r.data;
          const content: AuditRowContent = { ...rowContent(r), data };
          const hash = chainHash(prev, content);
          await sql`UPDATE audit_events SET data = ${JSON.stringify(data)}::jsonb, prev_hash = ${prev}, hash = ${hash} WHERE seq = ${r.seq}`.execute(
            tx,
          );
          prev = hash;
        }
        await sql`UPDATE audit_head SET hash = ${prev}`.execute(tx);
        expect((await verifyAuditChain(tx)).ok).toBe(true);
        const withCheckpoints = await verifyAudit({ ...t.deps, db: tx }, OPERATOR);
        expect(withCheckpoints.ok && withCheckpoints.value).toMatchObject({
          ok: false,
          badCheckpoint: { length: ROWS, reason: `row ${ROWS} no longer has the hash the checkpoint signed` },
        });
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
  });

  it('refuses a checkpoint whose signature was forged', async () => {
    const [cp] = await t.deps.checkpoints!.list();
    expect(t.deps.checkpoints!.verify(cp!)).toBe(true);
    expect(t.deps.checkpoints!.verify({ ...cp!, length: cp!.length + 1 })).toBe(false);
    const otherKey = fileCheckpointStore(path.join(dir, 'other'), path.join(dir, 'other-key.pem'));
    expect(t.deps.checkpoints!.verify(otherKey.sign({ length: 1, headHash: cp!.headHash, at: cp!.at }))).toBe(
      false,
    );
  });

  it('keeps one linear chain under 32 concurrent writers', async () => {
    const before = (await verifyAuditChain(t.store.db)).rows;
    await Promise.all(
      Array.from({ length: 32 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) {
            await t.store.db.transaction().execute((tx) =>
              appendAudit(tx, OPERATOR, t.clock.now(), {
                type: 'facility.added',
                resource: { type: 'facility', id: `w${w}-${i}` },
                data: { agencyId: 'x', code: `W${w}` },
              }),
            );
          }
        })(),
      ),
    );
    const check = await verifyAuditChain(t.store.db);
    expect(check).toMatchObject({ ok: true, rows: before + 320 });
    const shared = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM (SELECT prev_hash FROM audit_events GROUP BY prev_hash HAVING count(*) > 1) d`.execute(
      t.store.db,
    );
    expect(shared.rows[0]!.n).toBe(0);
  });
});

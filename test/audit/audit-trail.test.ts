/**
 * The audit trail proves itself (security.md R17, R18) on a chain of 10,000 rows: every single
 * mutation of the chain is found at the right row, a truncated tail is found through the head,
 * a chain rewritten with recomputed hashes is found only through the signed checkpoints kept
 * outside the database, any one random mutation is found (fast-check), and 32 concurrent
 * writers leave one linear chain. The chain is built with bulk inserts in format 2, then
 * extended through the real appender.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/app/audit/verify-audit.ts';
import { writeAuditCheckpoint } from '../../src/app/audit/write-audit-checkpoint.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import { fileCheckpointStore } from '../../src/integrations/audit/file-checkpoint-store.ts';
import {
  type AuditRowContent,
  appendAudit,
  type ChainCheck,
  canonicalV2,
  chainHashV2,
  GENESIS_HASH,
  verifyAuditChain,
} from '../../src/store/audit.ts';
import type { Db, Tx } from '../../src/store/db.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const BULK = 9_990;
/** The last rows go through the real appender, so the chain mixes both writers. */
const APPENDED = 10;
const ROWS = BULK + APPENDED;
const OPERATOR: Actor = operator('test');
const T0 = Date.parse('2026-11-01T00:00:00Z');

class Rollback extends Error {}

/** Content of bulk row `seq`; `data` is `{"n": seq}`, which PostgreSQL renders exactly so. */
const bulkContent = (seq: number, n = seq): Omit<AuditRowContent, 'data'> & { dataText: string } => ({
  seq,
  eventId: `01900000-0000-7000-8000-${seq.toString(16).padStart(12, '0')}`,
  occurredAt: new Date(T0 + seq * 1000).toISOString(),
  type: 'training.class_created',
  actorId: OPERATOR.id,
  actorRole: OPERATOR.role,
  agencyId: null,
  outcome: 'succeeded',
  resourceType: 'training_class',
  resourceId: `class-${seq}`,
  dataText: `{"n": ${n}}`,
});

type BulkRow = ReturnType<typeof bulkContent> & { prevHash: string; hash: string };

/** Rows `from..to` chained from `prev`, with `n` in the data of each (or a changed one at `changedSeq`). */
function chainRows(from: number, to: number, prev: string, changedSeq = -1): BulkRow[] {
  const rows: BulkRow[] = [];
  for (let seq = from; seq <= to; seq++) {
    const c = bulkContent(seq, seq === changedSeq ? seq + 1 : seq);
    const hash = chainHashV2(prev, canonicalV2(c, c.dataText));
    rows.push({ ...c, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

async function bulkInsert(db: Db | Tx, rows: BulkRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map(
        (r) =>
          sql`(${r.seq}, ${r.eventId}, ${r.occurredAt}, ${r.type}, ${r.actorId}, ${r.actorRole}, ${r.agencyId}, ${r.outcome}, ${r.resourceType}, ${r.resourceId}, ${r.dataText}::jsonb, ${r.prevHash}, ${r.hash}, 2)`,
      );
    await sql`INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id, outcome,
                resource_type, resource_id, data, prev_hash, hash, chain_version)
              VALUES ${sql.join(values)}`.execute(db);
  }
}

/**
 * What a DBA who owns the table could do: switch the append-only trigger off (R19), inside a
 * transaction that is rolled back, so the verifier can be shown every kind of tampering.
 */
const bypassAppendOnly = (tx: Tx) => sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(tx);

/** Applies a mutation and verifies inside one transaction, then rolls it back. */
async function inRolledBack<T>(db: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction()
    .execute(async (tx) => {
      await bypassAppendOnly(tx);
      out = await body(tx);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return out!;
}

const verifyMutated = (db: Db, mutate: (tx: Tx) => Promise<unknown>): Promise<ChainCheck> =>
  inRolledBack(db, async (tx) => {
    await mutate(tx);
    return verifyAuditChain(tx);
  });

const swap = async (tx: Tx, a: number, b: number) => {
  await sql`UPDATE audit_events SET seq = -1 WHERE seq = ${a}`.execute(tx);
  await sql`UPDATE audit_events SET seq = ${a} WHERE seq = ${b}`.execute(tx);
  await sql`UPDATE audit_events SET seq = ${b} WHERE seq = -1`.execute(tx);
};

/** A forged row inserted after row `after`: the rows behind it move up one, its hash is valid for its place. */
async function insertForged(tx: Tx, after: number): Promise<void> {
  await sql`UPDATE audit_events SET seq = seq + 1000000 WHERE seq > ${after}`.execute(tx);
  await sql`UPDATE audit_events SET seq = seq - 999999 WHERE seq > 1000000`.execute(tx);
  const prev = await sql<{ hash: string }>`SELECT hash FROM audit_events WHERE seq = ${after}`.execute(tx);
  const c = { ...bulkContent(after + 1), eventId: '01900000-0000-7000-8000-ffffffffffff' };
  const prevHash = prev.rows[0]!.hash;
  await bulkInsert(tx, [{ ...c, prevHash, hash: chainHashV2(prevHash, canonicalV2(c, c.dataText)) }]);
}

/** One changed byte in a column of row `seq`. */
const changeByte = (
  tx: Tx,
  seq: number,
  column: 'actor_id' | 'resource_id' | 'prev_hash' | 'hash' | 'type',
) =>
  sql`UPDATE audit_events SET ${sql.ref(column)} = overlay(${sql.ref(column)} placing
        (CASE WHEN substr(${sql.ref(column)}, 3, 1) = 'a' THEN 'b' ELSE 'a' END) from 3 for 1)
      WHERE seq = ${seq}`.execute(tx);

describe.each(backends())('audit trail on %s', (backend) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshDb(backend);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-audit-'));
    t.deps.checkpoints = fileCheckpointStore(path.join(dir, 'checkpoints'), path.join(dir, 'key.pem'));
    const head = await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_head`.execute(
      t.store.db,
    );
    expect(head.rows[0]).toMatchObject({ seq: 0, hash: GENESIS_HASH });
    const rows = chainRows(1, BULK, GENESIS_HASH);
    await t.store.db.transaction().execute(async (tx) => {
      await bulkInsert(tx, rows);
      await sql`UPDATE audit_head SET seq = ${BULK}, hash = ${rows.at(-1)!.hash}`.execute(tx);
    });
    await t.store.db.transaction().execute(async (tx) => {
      for (let j = 0; j < APPENDED; j++) {
        // Text the record format must carry: a tab, quotes, a backslash, non-ASCII letters.
        await appendAudit(tx, OPERATOR, t.clock.now(), {
          type: 'facility.added',
          resource: { type: 'facility', id: `facility-${j}` },
          data: { agencyId: 'x', code: `tab\there "q" \\ ünï ${j}` },
        });
      }
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the intact chain of 10,000 rows, bulk-written and appended', async () => {
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true, rows: ROWS, firstBadSeq: null });
  });

  it.each([
    [
      'one changed byte of one payload',
      7000,
      (tx: Tx) => sql`UPDATE audit_events SET data = '{"n": 7009}' WHERE seq = 7000`.execute(tx),
    ],
    ['one changed byte of the actor', 12, (tx: Tx) => changeByte(tx, 12, 'actor_id')],
    ['one changed byte of an appended row', ROWS - 3, (tx: Tx) => changeByte(tx, ROWS - 3, 'resource_id')],
    [
      'a changed time',
      5555,
      (tx: Tx) =>
        sql`UPDATE audit_events SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = 5555`.execute(
          tx,
        ),
    ],
    [
      'a time changed below a millisecond',
      5556,
      (tx: Tx) =>
        sql`UPDATE audit_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = 5556`.execute(
          tx,
        ),
    ],
    ['a deleted row', 9000, (tx: Tx) => sql`DELETE FROM audit_events WHERE seq = 9000`.execute(tx)],
    ['two swapped rows', 4000, (tx: Tx) => swap(tx, 4000, 4001)],
    [
      'a forged row inserted after row 5000 (the row after it no longer follows)',
      5002,
      (tx: Tx) => insertForged(tx, 5000),
    ],
    [
      'the tail truncated',
      ROWS - 9,
      (tx: Tx) => sql`DELETE FROM audit_events WHERE seq > ${ROWS - 10}`.execute(tx),
    ],
    [
      'a column changed to hold control characters',
      302,
      (tx: Tx) => sql`UPDATE audit_events SET resource_id = E'class-302\x1e\x1f' WHERE seq = 302`.execute(tx),
    ],
    [
      'a row moved to format 1',
      300,
      (tx: Tx) => sql`UPDATE audit_events SET chain_version = 1 WHERE seq = 300`.execute(tx),
    ],
    [
      'a separator smuggled into a column',
      301,
      (tx: Tx) => sql`UPDATE audit_events SET actor_id = actor_id || E'\\x1f' WHERE seq = 301`.execute(tx),
    ],
    // The verifier reads a page as one text value cut at fixed widths: a hash that is not 64
    // plain characters must not shift what it checks.
    [
      'a record separator in a hash',
      303,
      (tx: Tx) =>
        sql`UPDATE audit_events SET hash = overlay(hash placing E'\\x1e' from 3 for 1) WHERE seq = 303`.execute(
          tx,
        ),
    ],
    [
      'a two-byte character in a hash, still 64 bytes',
      304,
      (tx: Tx) =>
        sql`UPDATE audit_events SET hash = overlay(hash placing 'é' from 3 for 2) WHERE seq = 304`.execute(
          tx,
        ),
    ],
    [
      'a two-byte character in a previous hash, still 64 bytes',
      305,
      (tx: Tx) =>
        sql`UPDATE audit_events SET prev_hash = overlay(prev_hash placing 'é' from 3 for 2) WHERE seq = 305`.execute(
          tx,
        ),
    ],
    [
      'a previous hash one character longer',
      306,
      (tx: Tx) => sql`UPDATE audit_events SET prev_hash = prev_hash || '0' WHERE seq = 306`.execute(tx),
    ],
  ])('names the first bad row after %s', async (_what, firstBad, mutate) => {
    const check = await verifyMutated(t.store.db, mutate);
    expect(check.ok).toBe(false);
    expect(check.firstBadSeq).toBe(firstBad);
  });

  it('names a forged row appended after the head', async () => {
    const check = await verifyMutated(t.store.db, async (tx) => {
      const last = await sql<{ hash: string }>`SELECT hash FROM audit_events WHERE seq = ${ROWS}`.execute(tx);
      await bulkInsert(tx, chainRows(ROWS + 1, ROWS + 1, last.rows[0]!.hash));
    });
    expect(check).toMatchObject({ ok: false, firstBadSeq: ROWS + 1 });
  });

  it.each([
    [
      'the canonical column made a plain one (its bytes could then disagree with the columns)',
      'the canonical column is no longer generated',
      (tx: Tx) => sql`ALTER TABLE audit_events ALTER COLUMN canonical DROP EXPRESSION`.execute(tx),
    ],
    [
      'the function that renders canonical rows replaced',
      'the function that renders canonical rows was replaced',
      (tx: Tx) =>
        sql`CREATE OR REPLACE FUNCTION audit_canonical_v2(
              seq bigint, event_id uuid, occurred_at timestamptz, type text, actor_id text, actor_role text,
              agency_id uuid, outcome text, resource_type text, resource_id text, data jsonb
            ) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'forged' $$`.execute(tx),
    ],
  ])('fails when %s', async (_what, reason, mutate) => {
    expect(await verifyMutated(t.store.db, mutate)).toMatchObject({ ok: false, firstBadSeq: 1, reason });
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
  });

  it('detects any single random mutation at its row (fast-check)', async () => {
    const seqArb = fc.integer({ min: 2, max: BULK - 2 });
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('byte' as const),
        seq: seqArb,
        column: fc.constantFrom('actor_id', 'resource_id', 'prev_hash', 'hash', 'type') as fc.Arbitrary<
          'actor_id' | 'resource_id' | 'prev_hash' | 'hash' | 'type'
        >,
      }),
      fc.record({ kind: fc.constant('delete' as const), seq: seqArb }),
      fc.record({ kind: fc.constant('swap' as const), seq: seqArb }),
      fc.record({ kind: fc.constant('insert' as const), seq: seqArb }),
      fc.record({ kind: fc.constant('truncate' as const), seq: seqArb }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const check = await verifyMutated(t.store.db, async (tx) => {
          if (m.kind === 'byte') await changeByte(tx, m.seq, m.column);
          if (m.kind === 'delete') await sql`DELETE FROM audit_events WHERE seq = ${m.seq}`.execute(tx);
          if (m.kind === 'swap') await swap(tx, m.seq, m.seq + 1);
          if (m.kind === 'insert') await insertForged(tx, m.seq);
          if (m.kind === 'truncate') await sql`DELETE FROM audit_events WHERE seq > ${m.seq}`.execute(tx);
        });
        const expected = m.kind === 'insert' ? m.seq + 2 : m.kind === 'truncate' ? m.seq + 1 : m.seq;
        expect(check).toMatchObject({ ok: false, firstBadSeq: expected });
      }),
      { numRuns: 12, seed: 7 },
    );
  }, 120_000);

  it('finds a whole chain rewritten with recomputed hashes only through the signed checkpoint', async () => {
    const cp = await writeAuditCheckpoint(t.deps, OPERATOR);
    expect(cp.ok).toBe(true);
    const intact = await verifyAudit(t.deps, OPERATOR);
    expect(intact.ok && intact.value).toMatchObject({ ok: true, checkpoints: 1, badCheckpoint: null });
    const length = cp.ok ? cp.value.length : 0;

    const [chainAlone, withCheckpoints] = await inRolledBack(t.store.db, async (tx) => {
      // Row 3 now says something else; every hash after it and the head are recomputed.
      await sql`DELETE FROM audit_events`.execute(tx);
      const forged = chainRows(1, length, GENESIS_HASH, 3);
      await bulkInsert(tx, forged);
      await sql`UPDATE audit_head SET seq = ${length}, hash = ${forged.at(-1)!.hash}`.execute(tx);
      return [await verifyAuditChain(tx), await verifyAudit({ ...t.deps, db: tx }, OPERATOR)] as const;
    });
    expect(chainAlone).toMatchObject({ ok: true, rows: length });
    expect(withCheckpoints.ok && withCheckpoints.value).toMatchObject({
      ok: false,
      badCheckpoint: { length, reason: `row ${length} no longer has the hash the checkpoint signed` },
    });
  }, 60_000);

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

  it('recovers when its guess of the head is stale (a rolled-back append)', async () => {
    await t.store.db
      .transaction()
      .execute(async (tx) => {
        await appendAudit(tx, OPERATOR, t.clock.now(), {
          type: 'facility.added',
          resource: { type: 'facility', id: 'rolled-back' },
          data: { agencyId: 'x', code: 'R' },
        });
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    const before = (await verifyAuditChain(t.store.db)).rows;
    await t.store.db.transaction().execute((tx) =>
      appendAudit(tx, OPERATOR, t.clock.now(), {
        type: 'facility.added',
        resource: { type: 'facility', id: 'after' },
        data: { agencyId: 'x', code: 'A' },
      }),
    );
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true, rows: before + 1 });
  });
});

/**
 * Chain format 2's canonical bytes: where the appender predicts PostgreSQL's rendering of a
 * row (`jsonbText`), the prediction is exactly what the database renders (fast-check against
 * the real server); where it cannot, the database renders and hashes the row itself; either
 * way the chain verifies.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/domain/actor.ts';
import {
  type AuditRowContent,
  appendAudit,
  chainHash,
  GENESIS_HASH,
  jsonbText,
  verifyAuditChain,
} from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const json = fc.jsonValue({ maxDepth: 3 });

describe.each(backends())('a chain begun in format 1 and continued in format 2 on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(backend);
    // Three rows as the appender wrote them before migration 0020 (format 1, no canonical bytes).
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const c: AuditRowContent = {
        seq,
        eventId: `01900000-0000-7000-8000-00000000000${seq}`,
        occurredAt: `2026-01-0${seq}T00:00:00.000Z`,
        type: 'facility.added',
        actorId: 'operator:legacy',
        actorRole: 'program_office',
        agencyId: null,
        outcome: 'succeeded',
        resourceType: 'facility',
        resourceId: `legacy-${seq}`,
        data: { agencyId: 'x', code: `L${seq}`, ratio: 0.5 },
      };
      const hash = chainHash(prev, c);
      await sql`INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id, outcome,
                  resource_type, resource_id, data, prev_hash, hash)
                VALUES (${seq}, ${c.eventId}, ${c.occurredAt}, ${c.type}, ${c.actorId}, ${c.actorRole}, null,
                  ${c.outcome}, ${c.resourceType}, ${c.resourceId}, ${JSON.stringify(c.data)}::jsonb, ${prev}, ${hash})`.execute(
        t.store.db,
      );
      prev = hash;
    }
    await sql`UPDATE audit_head SET seq = 3, hash = ${prev}`.execute(t.store.db);
    for (let i = 0; i < 3; i++)
      await t.store.db.transaction().execute((tx) =>
        appendAudit(tx, operator('current'), t.clock.now(), {
          type: 'facility.added',
          resource: { type: 'facility', id: `current-${i}` },
          data: { agencyId: 'x', code: `C${i}` },
        }),
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('verifies across the change of format', async () => {
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true, rows: 6 });
    const versions = await sql<{
      v: number;
    }>`SELECT chain_version AS v FROM audit_events ORDER BY seq`.execute(t.store.db);
    expect(versions.rows.map((r) => r.v)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('still names an altered format-1 row', async () => {
    await t.store.db
      .transaction()
      .execute(async (tx) => {
        await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(tx);
        await sql`UPDATE audit_events SET resource_id = 'legacy-x' WHERE seq = 2`.execute(tx);
        expect(await verifyAuditChain(tx)).toMatchObject({ ok: false, firstBadSeq: 2 });
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
  });
});

describe.each(backends())('canonical audit rows on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('predicts jsonb text exactly whenever it predicts at all', async () => {
    let predicted = 0;
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        const mine = jsonbText(value);
        if (mine === null) return;
        predicted++;
        const r = await sql<{ text: string }>`SELECT ${JSON.stringify(value)}::jsonb::text AS text`.execute(
          t.store.db,
        );
        expect(mine).toBe(r.rows[0]!.text);
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(predicted).toBeGreaterThan(100);
  });

  it('orders keys as jsonb does: by length in bytes, then bytewise', () => {
    expect(jsonbText({ bb: 1, a: 2, é: 3, z: [true, null, 'x\ty"'] })).toBe(
      '{"a": 2, "z": [true, null, "x\\ty\\""], "bb": 1, "é": 3}',
    );
    expect(jsonbText({ n: 1.5 })).toBeNull();
    expect(jsonbText({ n: 2 ** 60 })).toBeNull();
    expect(jsonbText('\ud800')).toBeNull();
  });

  it('appends rows it cannot predict through the database, and the chain verifies', async () => {
    await fc.assert(
      fc.asyncProperty(json, fc.string({ maxLength: 20 }), async (data, resourceId) => {
        const clean = JSON.parse(JSON.stringify(data ?? null).replaceAll('\\u0000', ''));
        await t.store.db.transaction().execute((tx) =>
          appendAudit(tx, operator('canonical-test'), t.clock.now(), {
            type: 'facility.added',
            resource: { type: 'facility', id: resourceId.replaceAll('\0', '') },
            data: { agencyId: 'x', code: 'c', extra: clean } as never,
          }),
        );
      }),
      { numRuns: 60, seed: 3 },
    );
    await t.store.db.transaction().execute((tx) =>
      appendAudit(tx, operator('canonical-test'), t.clock.now(), {
        type: 'facility.added',
        resource: { type: 'facility', id: 'fractions' },
        data: { agencyId: 'x', code: 'c', ratio: 0.1, big: 1e21, small: 1e-7 } as never,
      }),
    );
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true, rows: 61 });
  });

  it('writes quotes and backslashes as they are, whatever standard_conforming_strings says', async () => {
    const tricky = ["x'); DROP TABLE audit_events; --", 'back\\slash\\', "\\'", '\\\\x27'];
    for (const conforming of ['on', 'off']) {
      for (const id of tricky) {
        const eventId = await t.store.db.transaction().execute(async (tx) => {
          await sql.raw(`SET LOCAL standard_conforming_strings = ${conforming}`).execute(tx);
          return appendAudit(tx, operator(`op'\\${conforming}`), t.clock.now(), {
            type: 'facility.added',
            resource: { type: 'facility', id },
            data: { agencyId: id, code: 'c' },
          });
        });
        const row = await sql<{ resource_id: string; actor_id: string; data: { agencyId: string } }>`
          SELECT resource_id, actor_id, data FROM audit_events WHERE event_id = ${eventId}`.execute(
          t.store.db,
        );
        expect(row.rows[0]).toMatchObject({
          resource_id: id,
          actor_id: `operator:op'\\${conforming}`,
          data: { agencyId: id },
        });
      }
    }
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true });
  });
});

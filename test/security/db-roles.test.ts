/**
 * R19 on native PostgreSQL: the application role (src/store/roles.ts) cannot UPDATE, DELETE or
 * TRUNCATE audit rows, nor run DDL, yet every ordinary use case works. PGlite has one role and
 * no logins, so this runs only when DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdempotent } from '../../src/app/idempotent.ts';
import { createTrainingClass } from '../../src/app/officers/create-training-class.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { recordAudit, verifyAuditChain } from '../../src/store/audit.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { appRoleGrantsSql } from '../../src/store/roles.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const PROGRAM: Actor = { kind: 'user', id: 'u-program', role: 'program_office', agencyId: null };

describe.skipIf(!backends().includes('postgres'))('separate database roles on postgres', () => {
  let t: TestDb;
  let app: Store;
  let admin: pg.Client;
  const role = `delegate_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    t = await freshDb('postgres');
    const dbUrl = new URL(t.store.location);
    const database = dbUrl.pathname.slice(1);
    const adminUrl = new URL(process.env.DATABASE_URL!);
    adminUrl.pathname = `/${database}`;
    admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(appRoleGrantsSql({ appRole: role, database }));
    const appUrl = new URL(process.env.DATABASE_URL!);
    appUrl.username = role;
    appUrl.password = password;
    appUrl.pathname = `/${database}`;
    app = await openStore({ databaseUrl: appUrl.toString() }); // nothing pending: no DDL
  });
  afterAll(async () => {
    await app?.close();
    await admin?.end();
    await t?.close(); // drops the database, and with it the role's privileges
    const cluster = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await cluster.connect();
    await cluster.query(`DROP ROLE IF EXISTS ${role}`);
    await cluster.end();
  });

  it('runs ordinary use cases as the application role', async () => {
    const deps = { db: app.db, clock: t.clock };
    const created = await createTrainingClass(deps, PROGRAM, {
      model: 'JEM',
      startsOn: '2026-12-01',
      endsOn: '2026-12-05',
    });
    expect(created.ok).toBe(true);
    const keyed = await runIdempotent(deps, PROGRAM, { key: 'k1', route: 'test', request: { a: 1 } }, (d) =>
      createTrainingClass(d, PROGRAM, { model: 'TFM', startsOn: '2026-12-01', endsOn: '2026-12-05' }),
    );
    expect(keyed.ok).toBe(true);
    await recordAudit(app.db, PROGRAM, t.clock.now(), {
      type: 'facility.added',
      resource: { type: 'facility', id: 'f' },
      data: { agencyId: 'x', code: 'F' },
    });
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
  });

  it.each([
    ['UPDATE of audit rows', `UPDATE audit_events SET actor_id = 'x'`],
    ['DELETE of audit rows', 'DELETE FROM audit_events'],
    ['TRUNCATE of audit rows', 'TRUNCATE audit_events'],
    ['switching the append-only trigger off', 'ALTER TABLE audit_events DISABLE TRIGGER USER'],
    ['CREATE TABLE', 'CREATE TABLE intruder (id int)'],
    ['DROP TABLE', 'DROP TABLE officers'],
    ['a forged migration record', `INSERT INTO schema_migrations (name) VALUES ('9999_x.sql')`],
  ])('refuses %s by privilege', async (_what, statement) => {
    const c: unknown = await sql
      .raw(statement)
      .execute(app.db)
      .catch((e: unknown) => e);
    expect(c).toBeInstanceOf(Error);
    expect((c as { code?: string }).code).toBe('42501'); // insufficient_privilege (no trigger involved)
    expect(String((c as Error).message)).not.toMatch(/append-only/);
  });
});

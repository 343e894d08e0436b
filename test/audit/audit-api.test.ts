/**
 * The auditor's search and export of the audit trail over HTTP (issue 7): only auditors (and
 * the console operator) may; each filter narrows what comes back; pages follow the sequence
 * cursor; CSV cells that a spreadsheet would evaluate are neutralised; and every search and
 * export is itself an audit event, as is every refusal.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { exportAuditTrail } from '../../src/app/audit/export-audit-events.ts';
import { searchAuditTrail } from '../../src/app/audit/search-audit-events.ts';
import { type Actor, operator } from '../../src/domain/actor.ts';
import type { AuditEvent } from '../../src/domain/audit.ts';
import { buildServer } from '../../src/http/server.ts';
import { appendAudit, verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';

const OP = operator('audit-api-test');
const WRITER = operator('filter-writer');
const PASSWORD = 'a long synthetic test passphrase';
const CASE_ID = '0190aaaa-0000-7000-8000-000000000001';
const SUBJECT_ID = '0190aaaa-0000-7000-8000-000000000002';
const FORMULA = '=HYPERLINK("http://example.test","x")';

interface Page {
  events: Array<{
    seq: number;
    type: string;
    actorId: string;
    resourceId: string | null;
    occurredAt: string;
  }>;
  nextCursor: string | null;
}

describe.each(backends())('audit trail search and export on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  let auditor: string;
  let program: string;

  const get = (url: string, cookie?: string) =>
    app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const countOf = async (type: string, role?: string) =>
    Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM audit_events WHERE type = ${type} AND (${role ?? null}::text IS NULL OR actor_role = ${role ?? null})`.execute(
          t.store.db,
        )
      ).rows[0]!.n,
    );
  const write = (at: string, event: AuditEvent, actor: Actor = WRITER) =>
    t.store.db.transaction().execute((tx) => appendAudit(tx, actor, new Date(at), event));

  beforeAll(async () => {
    t = await freshDb(backend, '2026-11-29T12:00:00Z');
    for (const [email, role] of [
      ['auditor@audit-api.test', 'auditor'],
      ['program@audit-api.test', 'program_office'],
    ] as const) {
      const r = await createUser(t.deps, OP, {
        email,
        displayName: role,
        role,
        agencyId: null,
        password: PASSWORD,
      });
      if (!r.ok) throw new Error(r.error.userMessage);
    }
    await write('2026-10-01T10:00:00Z', {
      type: 'case.opened',
      resource: { type: 'case', id: CASE_ID },
      data: { facility: 'MAIN' },
    });
    await write('2026-10-02T10:00:00Z', {
      type: 'system_query.requested',
      resource: { type: 'system_query', id: 'q-1' },
      data: { system: 'ncic', purpose: 'screening', caseId: CASE_ID, summary: 'requested', attempt: 1 },
    });
    await write('2026-10-03T10:00:00Z', {
      type: 'subject.created',
      resource: { type: 'subject', id: SUBJECT_ID },
      data: { source: 'booking' },
    });
    await write('2026-10-04T10:00:00Z', {
      type: 'facility.added',
      resource: { type: 'facility', id: FORMULA },
      data: { agencyId: 'x', code: '+SUM(1,1)' },
    });
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    await app.ready();
    auditor = await signInOverHttp(app, 'auditor@audit-api.test', { password: PASSWORD });
    program = await signInOverHttp(app, 'program@audit-api.test', { password: PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('refuses everyone but auditors, and audits each refusal', async () => {
    const before = await countOf('authorization.denied');
    expect((await get('/api/v1/audit/events')).statusCode).toBe(401);
    expect((await get('/api/v1/audit/events/export?format=csv')).statusCode).toBe(401);
    const asProgram = await get('/api/v1/audit/events', program);
    expect(asProgram.statusCode).toBe(403);
    expect(asProgram.json()).toMatchObject({ ruleId: expect.any(String) });
    expect((await get('/api/v1/audit/events/export?format=csv', program)).statusCode).toBe(403);
    expect(await countOf('authorization.denied')).toBe(before + 4);
    const denied = await sql<{ action: string }>`
      SELECT data ->> 'action' AS action FROM audit_events WHERE type = 'authorization.denied' ORDER BY seq DESC LIMIT 2`.execute(
      t.store.db,
    );
    expect(denied.rows.map((r) => r.action).sort()).toEqual(['audit.export', 'audit.search']);
  });

  it.each([
    ['an unknown parameter', '/api/v1/audit/events?actor=x'],
    ['a malformed time', '/api/v1/audit/events?from=yesterday'],
    ['an inverted range', '/api/v1/audit/events?from=2026-10-05&to=2026-10-01'],
    ['a malformed type', '/api/v1/audit/events?type=DROP%20TABLE'],
    ['a forged cursor', '/api/v1/audit/events?cursor=-5'],
    ['a limit too large', '/api/v1/audit/events?limit=100000'],
    ['an unknown format', '/api/v1/audit/events/export?format=pdf'],
  ])('answers 400 to %s and records no search', async (_what, url) => {
    const before = await countOf('audit.searched');
    const r = await get(url, auditor);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(await countOf('audit.searched')).toBe(before);
  });

  it('filters by user, type, case, subject and time', async () => {
    const search = async (q: string) => {
      const r = await get(`/api/v1/audit/events?${q}`, auditor);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as Page).events;
    };
    expect((await search(`user=${WRITER.id}`)).map((e) => e.type)).toEqual([
      'facility.added',
      'subject.created',
      'system_query.requested',
      'case.opened',
    ]);
    expect((await search('type=subject.created')).map((e) => e.resourceId)).toEqual([SUBJECT_ID]);
    // A case: its own events and the system queries made for it.
    expect((await search(`case=${CASE_ID}`)).map((e) => e.type)).toEqual([
      'system_query.requested',
      'case.opened',
    ]);
    expect((await search(`subject=${SUBJECT_ID}`)).map((e) => e.type)).toEqual(['subject.created']);
    expect(
      (await search(`user=${WRITER.id}&from=2026-10-02&to=2026-10-03`)).map((e) => e.occurredAt),
    ).toEqual(['2026-10-03T10:00:00.000Z', '2026-10-02T10:00:00.000Z']);
    expect(await search('from=2026-10-02T10:00:01Z&to=2026-10-03T09:00:00Z')).toEqual([]);
    expect(await search(`user=nobody`)).toEqual([]);
  });

  it('pages newest first by sequence cursor, without gaps or repeats', async () => {
    const first = (await get(`/api/v1/audit/events?user=${WRITER.id}&limit=3`, auditor)).json() as Page;
    expect(first.events).toHaveLength(3);
    expect(first.nextCursor).toBe(String(first.events[2]!.seq));
    const second = (
      await get(`/api/v1/audit/events?user=${WRITER.id}&limit=3&cursor=${first.nextCursor}`, auditor)
    ).json() as Page;
    expect(second).toMatchObject({ nextCursor: null, events: [{ type: 'case.opened' }] });
    const seqs = [...first.events, ...second.events].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('records each search as an audit event before answering', async () => {
    const before = await countOf('audit.searched', 'auditor');
    const r = await get(`/api/v1/audit/events?type=case.opened`, auditor);
    expect(r.statusCode).toBe(200);
    expect(await countOf('audit.searched', 'auditor')).toBe(before + 1);
    const last = await sql<{ actor_role: string; data: { filters: string; returned: number } }>`
      SELECT actor_role, data FROM audit_events WHERE type = 'audit.searched' ORDER BY seq DESC LIMIT 1`.execute(
      t.store.db,
    );
    expect(last.rows[0]).toMatchObject({
      actor_role: 'auditor',
      data: { filters: 'type=case.opened', returned: 1 },
    });
    // The latest search is itself searchable.
    const own = (await get('/api/v1/audit/events?type=audit.searched&limit=1', auditor)).json() as Page;
    expect(own.events[0]).toMatchObject({ type: 'audit.searched' });
  });

  it('exports CSV with formula cells neutralised, and records the export', async () => {
    const before = await countOf('export.created');
    const r = await get(`/api/v1/audit/events/export?format=csv&user=${WRITER.id}`, auditor);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="audit-trail_2026-11-29\.csv"$/);
    const lines = r.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,occurred_at,type,outcome,actor_id,actor_role,agency_id,resource_type,resource_id,data,event_id,hash',
    );
    expect(lines).toHaveLength(5);
    // Oldest first; the formula in the resource id is prefixed so no spreadsheet evaluates it.
    expect(lines[1]).toContain(',case.opened,');
    expect(lines[4]).toContain(`"'=HYPERLINK(""http://example.test"",""x"")"`);
    expect(r.body).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(await countOf('export.created')).toBe(before + 1);
    const recorded = await sql<{ data: { report: string; records: number; format: string } }>`
      SELECT data FROM audit_events WHERE type = 'export.created' ORDER BY seq DESC LIMIT 1`.execute(
      t.store.db,
    );
    expect(recorded.rows[0]!.data).toMatchObject({ report: 'audit_trail', records: 4, format: 'csv' });
  });

  it('exports XLSX', async () => {
    const r = await get('/api/v1/audit/events/export?format=xlsx&type=case.opened', auditor);
    expect(r.statusCode).toBe(200);
    expect(r.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lets the console operator search in-process, and the chain still verifies', async () => {
    const page = await searchAuditTrail(t.deps, OP, { type: 'facility.added' });
    expect(page.ok && page.value.events.map((e) => e.resourceId)).toEqual([FORMULA]);
    const file = await exportAuditTrail(t.deps, OP, { format: 'csv', from: '2099-01-01' });
    expect(file.ok && new TextDecoder().decode(file.value.content).split('\r\n').length).toBe(2);
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true });
  });
});

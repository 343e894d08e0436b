/**
 * R35: every create takes an Idempotency-Key. The same key and body give one record and the
 * same answer (also when the requests race); the same key with another body is a 409; a refusal
 * stores no key. Runs over HTTP on PGlite and native PostgreSQL.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';

describe.each(backends())('idempotency keys on %s', (backend) => {
  let t: TestDb;
  let app: FastifyInstance;
  let program: string;
  let coordinator: string;
  const body = { model: 'WSO', startsOn: '2027-02-01', endsOn: '2027-02-03', course: 'Idempotent course' };

  beforeAll(async () => {
    t = await freshDb(backend);
    const seeded = await seedDemo(t.deps, operator('test'));
    if (!seeded.ok) throw new Error(seeded.error.userMessage);
    app = await buildServer({ deps: t.deps, database: { kind: t.store.kind }, version: 'test' });
    program = await signInOverHttp(app, 'program@demo.delegate.test');
    coordinator = await signInOverHttp(app, 'coordinator@demo.delegate.test');
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const create = (key: string | null, payload: unknown, cookie = program) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/training-classes',
      payload: payload as object,
      headers: { cookie, ...(key === null ? {} : { 'idempotency-key': key }) },
    });
  const count = async (course: string) =>
    Number(
      (
        await t.store.db
          .selectFrom('training_classes')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('course', '=', course)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audited = async (id: string) =>
    Number(
      (
        await t.store.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('resource_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers a repeat with the first response and writes once', async () => {
    const first = await create('repeat-1', body);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const again = await create('repeat-1', { ...body });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count(body.course)).toBe(1);
    expect(await audited(first.json().classId)).toBe(1);
  });

  it('refuses the same key with a different body (409) and writes nothing', async () => {
    const other = { ...body, course: 'Another course' };
    const res = await create('repeat-1', other);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict' });
    expect(await count('Another course')).toBe(0);
  });

  it('keeps keys per caller', async () => {
    const res = await create('repeat-1', body, coordinator);
    expect(res.statusCode).toBe(403); // the coordinator may not schedule classes; not a replay
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('stores no key for a refusal, so a corrected retry with the key runs', async () => {
    const bad = await create('fix-me', { ...body, course: 'Fixed course', endsOn: '2027-01-01' });
    expect(bad.statusCode).toBe(400);
    const fixed = await create('fix-me', { ...body, course: 'Fixed course' });
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBe('false');
    expect(await count('Fixed course')).toBe(1);
  });

  it('writes exactly once when 10 requests with one key race', async () => {
    const racing = { ...body, course: 'Racing course' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => create('race-1', racing)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.json().classId)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'false')).toHaveLength(1);
    expect(await count('Racing course')).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const res = await create('has space', body);
    expect(res.statusCode).toBe(400);
    expect(await create('x'.repeat(256), body).then((r) => r.statusCode)).toBe(400);
  });

  it('still creates without a key', async () => {
    const course = { ...body, course: 'Unkeyed course' };
    expect((await create(null, course)).statusCode).toBe(201);
    expect((await create(null, course)).statusCode).toBe(201);
    expect(await count('Unkeyed course')).toBe(2);
  });
});

/**
 * Creates get idempotency by declaration: every POST route either declares the
 * Idempotency-Key header (and answers through sendCreated) or is listed here as not a create.
 * A new POST route fails this test until it is one or the other.
 */
describe('every create declares Idempotency-Key', () => {
  const NOT_CREATES = new Set([
    'POST /api/v1/session',
    'POST /api/v1/session/mfa',
    // Security-key and re-authentication ceremonies: one-use challenges, not creates.
    'POST /api/v1/session/webauthn/options',
    'POST /api/v1/session/webauthn',
    'POST /api/v1/session/webauthn/registration/options',
    'POST /api/v1/session/webauthn/registration',
    'POST /api/v1/session/reauthentication',
    'POST /api/v1/session/reauthentication/options',
    'POST /api/v1/session/reauthentication/webauthn',
    'POST /api/v1/moas/:moaId/termination',
    // Signs the chain head as it is now: a repeat is a new checkpoint, not a duplicate record.
    'POST /api/v1/audit/checkpoints',
    // The public complaint form: anonymous callers share one actor, so a key is not honoured.
    'POST /api/v1/complaints',
    // Complaint steps are transitions checked against the complaint's status.
    ...['links', 'acknowledgement', 'forwarding', 'suspension', 'closure'].map(
      (step) => `POST /api/v1/complaints/:complaintId/${step}`,
    ),
    // Inspection and committee steps are checked against the record's state (recorded once).
    'POST /api/v1/inspections/:inspectionId/completion',
    'POST /api/v1/committee-meetings/:meetingId/minutes',
    ...[
      'eligibility',
      'decision',
      'enrollments',
      'exams',
      'certification',
      'authorizations',
      'refreshers',
      'suspensions',
      'reinstatement',
      'revocation',
    ].map((step) => `POST /api/v1/officers/:officerId/${step}`),
    // A booking is idempotent on agency + booking number by itself (a resend answers as before).
    'POST /api/v1/bookings',
    'POST /api/v1/bookings/:bookingNumber/events',
    'POST /api/v1/cases/assignment',
    'POST /api/v1/inbox/:notificationId/read',
    'POST /api/v1/tasks/:taskId/match-decision',
    'POST /api/v1/tasks/:taskId/merge-confirmation',
    // Case steps are transitions checked against the case's status and version: a repeat is
    // refused (409), never applied twice.
    ...[
      'assignment',
      'queries',
      'interview',
      'determination',
      'i213',
      'i213/review',
      'charging-document',
      'charging-document/signature',
      'warrant',
      'detainer',
      'detainer/approval',
      'detainer/service',
      'detainer/lift',
      'custody',
      'citizenship-review',
      'citizenship-review/resolution',
    ].map((step) => `POST /api/v1/cases/:caseId/${step}`),
    // WSO and TFM steps are case transitions too.
    ...['arrest', 'examination', 'advisals', 'release'].map(
      (step) => `POST /api/v1/cases/:caseId/tfm/${step}`,
    ),
    ...['service', 'transfer', 'withdrawal'].map((step) => `POST /api/v1/cases/:caseId/wso/${step}`),
  ]);
  const CREATES = [
    'POST /api/v1/reimbursement/claims',
    'POST /api/v1/reimbursement/leads',
    'POST /api/v1/facilities',
    'POST /api/v1/moas',
    'POST /api/v1/moas/:moaId/amendments',
    'POST /api/v1/training-classes',
    'POST /api/v1/officers',
    'POST /api/v1/tfm/encounters',
    'POST /api/v1/wso/warrants',
    'POST /api/v1/complaints/intake',
    'POST /api/v1/inspections',
    'POST /api/v1/inspections/:inspectionId/findings',
    'POST /api/v1/committee-meetings',
    // Corrective-action and action-item steps take a key too: a retry replays the first answer
    // instead of a 409.
    'POST /api/v1/inspections/:inspectionId/findings/:findingId',
    'POST /api/v1/committee-meetings/:meetingId/action-items/:itemId/completion',
    'POST /api/v1/committee-meetings/:meetingId/action-items/:itemId/reopening',
  ];

  it('holds for the router', async () => {
    const t = await freshDb('pglite');
    const posts: { route: string; keyed: boolean }[] = [];
    const app = await buildServer({
      deps: t.deps,
      database: { kind: 'pglite' },
      version: 'test',
      onRoute: (r) => {
        const methods = Array.isArray(r.method) ? r.method : [r.method];
        if (!methods.includes('POST')) return;
        const headers = (r.schema as { headers?: { shape?: Record<string, unknown> } } | undefined)?.headers;
        posts.push({ route: `POST ${r.url}`, keyed: Boolean(headers?.shape?.['idempotency-key']) });
      },
    });
    await app.ready();
    await app.close();
    await t.close();
    const keyed = posts.filter((p) => p.keyed).map((p) => p.route);
    const unkeyed = posts.filter((p) => !p.keyed).map((p) => p.route);
    expect(keyed.sort()).toEqual([...CREATES].sort());
    expect(unkeyed.filter((r) => !NOT_CREATES.has(r))).toEqual([]);
  });
});

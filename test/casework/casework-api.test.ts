/**
 * JEM casework over HTTP, on PGlite and PostgreSQL: each hard stop answers with problem details
 * carrying its `ruleId` and `citation`; another agency's officer cannot reach a case; a
 * §1367-protected subject's case answers byte for byte like a missing id and leaves every list.
 * Cases are brought to the point of the refused step through the use cases (flow.ts).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/app/accounts/create-user.ts';
import { openCitizenshipReview } from '../../src/app/casework/open-citizenship-review.ts';
import { operator } from '../../src/domain/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { expectProblem } from '../security/harness.ts';
import { backends } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';
import {
  advance,
  authorizedOfficer,
  CHARGING,
  counts,
  DETAINER,
  extraAgreement,
  newCase,
  PASSWORD,
  plainSupervisor,
} from './flow.ts';
import { INTERVIEW, type JemWorld, jemWorld, value } from './support.ts';

const DEMO = {
  officer: 'officer@demo.delegate.test',
  supervisor: 'supervisor@demo.delegate.test',
  coordinator: 'coordinator@demo.delegate.test',
  program: 'program@demo.delegate.test',
  inspector: 'inspector@demo.delegate.test',
} as const;
const MISSING = '00000000-0000-4000-8000-000000000000';

describe.each(backends())('JEM casework API on %s', (backend) => {
  let w: JemWorld;
  let app: FastifyInstance;
  const cookies = new Map<string, string>();
  const passwords = new Map<string, string>();

  beforeAll(async () => {
    w = await jemWorld(backend);
    app = await buildServer({ deps: w.t.deps, database: { kind: w.t.store.kind }, version: 'test' });
  });
  afterAll(async () => {
    await app?.close();
    await w?.t.close();
  });

  /** The session cookie of `email`, signing in (and enrolling) the first time. */
  async function session(email: string): Promise<string> {
    let cookie = cookies.get(email);
    if (!cookie) {
      const password = passwords.get(email);
      cookie = await signInOverHttp(app, email, password ? { password } : {});
      cookies.set(email, cookie);
    }
    return cookie;
  }

  /** Calls the API as the account `email`. */
  async function call(email: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
    const cookie = await session(email);
    return app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }

  /** The answer must be a problem carrying the rule and its citation, and nothing but the denial written. */
  async function refusedOverHttp(
    run: () => Promise<LightMyRequestResponse>,
    expected: { status?: number; ruleId: string; citation: string },
  ) {
    const before = await counts(w.t.store.db);
    const res = await run();
    expect(res.statusCode, res.body).toBe(expected.status ?? 403);
    expectProblem(res, expected.ruleId);
    const problem = res.json() as { ruleId: string; citation: string };
    expect(problem.ruleId.split(', ')).toContain(expected.ruleId);
    expect(problem.citation).toContain(expected.citation);
    const after = await counts(w.t.store.db);
    expect({ ...after, denials: 0 }).toEqual({ ...before, denials: 0 });
    return problem;
  }

  describe('hard stops answer with their rule and citation', () => {
    it('citizenship claim: opened over the API, it blocks I-213 approval, the warrant and the detainer', async () => {
      const a = await newCase(w);
      await advance(w, a.caseId, 'i213_submitted');
      const opened = await call(DEMO.officer, 'POST', `/cases/${a.caseId}/citizenship-review`, {
        source: 'claim',
        statement: 'States he was born in El Paso, Texas.',
      });
      expect(opened.statusCode, opened.body).toBe(200);
      const tasks = await call(DEMO.supervisor, 'GET', '/tasks');
      const kinds = (tasks.json() as Array<{ caseId: string; kind: string }>)
        .filter((t) => t.caseId === a.caseId)
        .map((t) => t.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['citizenship_review_supervisor', 'legal_counsel_consult']),
      );
      const stop = { ruleId: 'hardstop.citizenship-review', citation: 'ICE Directive 16001.2' };
      await refusedOverHttp(
        () =>
          call(DEMO.supervisor, 'POST', `/cases/${a.caseId}/i213/review`, {
            decision: 'approved',
            reasons: '',
          }),
        stop,
      );

      const b = await newCase(w);
      await advance(w, b.caseId, 'i213_approved');
      value(
        await openCitizenshipReview(w.t.deps, w.officer, b.caseId, {
          source: 'indicia',
          statement: 'U.S. passport in property.',
        }),
      );
      await refusedOverHttp(
        () => call(DEMO.officer, 'POST', `/cases/${b.caseId}/charging-document`, CHARGING),
        stop,
      );
      await refusedOverHttp(
        () =>
          call(DEMO.supervisor, 'POST', `/cases/${b.caseId}/warrant`, { form: 'I-200', number: 'W-API-CIT' }),
        stop,
      );
      const resolved = await call(
        DEMO.supervisor,
        'POST',
        `/cases/${b.caseId}/citizenship-review/resolution`,
        {
          finding: 'not_citizen',
          evidence: 'Passport belongs to a sibling.',
          counselConsulted: false,
        },
      );
      expect(resolved.statusCode).toBe(409);
      expect(resolved.json()).toMatchObject({
        ruleId: 'citizenship.counsel-before-finding',
        citation: 'ICE Directive 16001.2',
      });
    });

    it('under 18: delegated steps are refused with the juvenile stop', async () => {
      const { caseId } = await newCase(w, {}, { dob: '2010-02-14' });
      const stop = { ruleId: 'hardstop.juvenile', citation: 'Flores Settlement Agreement; TVPRA 2008' };
      await refusedOverHttp(() => call(DEMO.officer, 'POST', `/cases/${caseId}/interview`, INTERVIEW), stop);
      await refusedOverHttp(
        () => call(DEMO.officer, 'POST', `/cases/${caseId}/queries`, { systems: ['NCIC'] }),
        stop,
      );
      await refusedOverHttp(
        () => call(DEMO.supervisor, 'POST', `/cases/${caseId}/detainer/approval`, {}),
        stop,
      );
      const page = await call(DEMO.officer, 'GET', `/cases/${caseId}`);
      expect(page.json().stops.map((s: { ruleId: string }) => s.ruleId)).toContain('hardstop.juvenile');
    });

    it('detainer: basis, warrant and approval before service', async () => {
      const a = await newCase(w);
      await advance(w, a.caseId, 'i213_approved');
      await refusedOverHttp(() => call(DEMO.officer, 'POST', `/cases/${a.caseId}/detainer`, DETAINER), {
        ruleId: 'detainer.signed-warrant',
        citation: '8 CFR 287.5(e)(2)',
      });
      await refusedOverHttp(
        () =>
          call(DEMO.officer, 'POST', `/cases/${a.caseId}/warrant`, { form: 'I-200', number: 'W-API-LEA' }),
        { ruleId: 'lea.no-warrant-signing', citation: '8 CFR 236.1(b)' },
      );

      const b = await newCase(w);
      await advance(w, b.caseId, 'warrant_signed');
      await refusedOverHttp(
        () =>
          call(DEMO.officer, 'POST', `/cases/${b.caseId}/detainer`, {
            ...DETAINER,
            basis: 'investigation_initiated',
          }),
        { ruleId: 'detainer.not-investigation-initiated', citation: 'Miranda-Olivares' },
      );
      await refusedOverHttp(
        () =>
          call(DEMO.officer, 'POST', `/cases/${b.caseId}/detainer`, {
            ...DETAINER,
            basis: 'database_no_match',
          }),
        { ruleId: 'detainer.not-database-no-match', citation: 'Gonzalez v. ICE' },
      );
      expect((await call(DEMO.officer, 'POST', `/cases/${b.caseId}/detainer`, DETAINER)).statusCode).toBe(
        200,
      );
      await refusedOverHttp(
        () => call(DEMO.officer, 'POST', `/cases/${b.caseId}/detainer/service`, { language: 'Spanish' }),
        {
          ruleId: 'detainer.approval-before-service',
          citation: 'ICE Policy 10074.2',
        },
      );
    });

    it('detainer without a criminal booking: the person left custody', async () => {
      const { caseId, bookingNumber } = await newCase(w);
      await advance(w, caseId, 'warrant_signed');
      const left = await call(DEMO.coordinator, 'POST', `/bookings/${bookingNumber}/events`, {
        kind: 'left_custody',
        occurredAt: '2026-11-29T11:00:00Z',
      });
      expect(left.statusCode, left.body).toBe(200);
      await refusedOverHttp(() => call(DEMO.officer, 'POST', `/cases/${caseId}/detainer`, DETAINER), {
        ruleId: 'detainer.criminal-booking',
        citation: 'ICE Policy 10074.2 (criminal arrest required)',
      });
    });

    it('the preparer cannot approve the I-213; a supervisor who is not a warrant issuer cannot sign a warrant', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'i213_submitted');
      await refusedOverHttp(
        () =>
          call(DEMO.officer, 'POST', `/cases/${caseId}/i213/review`, { decision: 'approved', reasons: '' }),
        { ruleId: 'lea.ice-functions', citation: '8 U.S.C. §1357(g)(3)' },
      );
      expect(
        (
          await call(DEMO.supervisor, 'POST', `/cases/${caseId}/i213/review`, {
            decision: 'approved',
            reasons: '',
          })
        ).statusCode,
      ).toBe(200);
      const email = 'api.plain.supervisor@test.delegate.test';
      await plainSupervisor(w, email);
      passwords.set(email, PASSWORD);
      await session(email);
      await refusedOverHttp(
        () => call(email, 'POST', `/cases/${caseId}/warrant`, { form: 'I-200', number: 'W-API-ICE' }),
        {
          ruleId: 'ice.warrant-issuer-only',
          citation: '8 CFR 287.5(e)(2)',
        },
      );
    });

    it('a WSO officer cannot query systems', async () => {
      const moaId = await extraAgreement(w, { code: 'WSOA', models: ['JEM', 'WSO'] });
      const email = 'api.wso.officer@test.delegate.test';
      await authorizedOfficer(w, { email, model: 'WSO', moaId });
      passwords.set(email, PASSWORD);
      await session(email);
      const { caseId } = await newCase(w, { facilityCode: 'WSOA' });
      const problem = await refusedOverHttp(
        () => call(email, 'POST', `/cases/${caseId}/queries`, { systems: ['IDENT', 'EID'] }),
        { ruleId: 'wso.functions-not-delegated', citation: '8 U.S.C. §1357(g)(1), (g)(5)' },
      );
      expect(problem.citation).toContain('WSO-DEFAULT:functions-not-delegated');
    });

    it('no hold on an unserved detainer, or where the agreement forbids civil holds', async () => {
      const a = await newCase(w);
      await advance(w, a.caseId, 'detainer_approved');
      const early = await call(DEMO.coordinator, 'POST', `/bookings/${a.bookingNumber}/events`, {
        kind: 'bail_posted',
        occurredAt: '2026-11-29T11:00:00Z',
      });
      expect(early.json()).toMatchObject({ caseStatus: 'closed', holdEndsAt: null });
      expect((await call(DEMO.supervisor, 'GET', `/cases/${a.caseId}`)).json().case.outcome).toBe(
        'released_before_detainer',
      );

      const moaId = await extraAgreement(w, { code: 'OVRA', models: ['JEM'], civilHoldsForbidden: true });
      const jem = await authorizedOfficer(w, {
        email: 'api.overlay.officer@test.delegate.test',
        model: 'JEM',
        moaId,
      });
      const b = await newCase(w, { facilityCode: 'OVRA' });
      await advance(w, b.caseId, 'detainer_served', jem);
      const released = await call(DEMO.coordinator, 'POST', `/bookings/${b.bookingNumber}/events`, {
        kind: 'court_order',
        occurredAt: '2026-11-29T11:00:00Z',
      });
      expect(released.json()).toMatchObject({ caseStatus: 'closed', holdEndsAt: null });
      const page = (await call(DEMO.supervisor, 'GET', `/cases/${b.caseId}`)).json();
      expect(page.case.outcome).toBe('released_no_hold_permitted');
      expect(page.events.at(-1).data.ruleIds).toContain('overlay.civil-holds-forbidden');
      expect(page.tasks.map((t: { kind: string }) => t.kind)).toContain('mandatory_release');
    });

    it('no custody after the 48-hour end', async () => {
      const { caseId, bookingNumber } = await newCase(w);
      await advance(w, caseId, 'detainer_served');
      const started = await call(DEMO.coordinator, 'POST', `/bookings/${bookingNumber}/events`, {
        kind: 'sentence_served',
        occurredAt: '2026-11-29T11:00:00Z',
      });
      expect(started.json()).toMatchObject({
        caseStatus: 'hold_running',
        holdEndsAt: '2026-12-01T11:00:00.000Z',
      });
      w.t.clock.set('2026-12-01T11:00:00Z');
      cookies.clear();
      await session(DEMO.supervisor);
      await refusedOverHttp(
        () =>
          call(DEMO.supervisor, 'POST', `/cases/${caseId}/custody`, {
            receivingFacility: { name: 'ICE processing center', address: '1 Federal Way' },
          }),
        { status: 409, ruleId: 'hold.48-hour-limit', citation: '8 CFR 287.7(d)' },
      );
      // The clock stays here: moving it back would reuse TOTP steps already spent.
    });
  });

  describe('tenancy', () => {
    it("another agency's officer and coordinator cannot reach a case", async () => {
      const { caseId } = await newCase(w);
      const other = await w.t.store.db
        .selectFrom('agencies')
        .select('agency_id')
        .where('agency_id', '!=', w.agencyId)
        .limit(1)
        .executeTakeFirstOrThrow();
      for (const role of ['lea_officer', 'lea_admin'] as const) {
        const email = `other.${role}@test.delegate.test`;
        value(
          await createUser(w.t.deps, operator('test'), {
            email,
            displayName: `Other agency ${role} (synthetic)`,
            role,
            agencyId: other.agency_id,
            password: PASSWORD,
          }),
        );
        passwords.set(email, PASSWORD);
        for (const [method, url, body] of [
          ['GET', `/cases/${caseId}`, undefined],
          ['POST', `/cases/${caseId}/interview`, INTERVIEW],
          ['POST', `/cases/${caseId}/assignment`, { assignee: 'self' }],
          ['POST', `/cases/${caseId}/citizenship-review`, { source: 'claim', statement: 'x' }],
          ['POST', '/cases/assignment', { caseIds: [caseId], assignee: 'self' }],
        ] as const) {
          const res = await call(email, method, url, body);
          expect([403, 404], `${role} ${method} ${url}: ${res.body}`).toContain(res.statusCode);
          expectProblem(res, url);
        }
        const list = await call(email, 'GET', '/cases?list=screening&limit=200');
        expect(list.statusCode).toBe(200);
        const items = list.json().items as Array<{ caseId: string; agencyId: string }>;
        expect(items.map((i) => i.caseId)).not.toContain(caseId);
        expect(items.every((i) => i.agencyId === other.agency_id)).toBe(true);
      }
    });
  });

  describe('§1367-protected subjects', () => {
    it('answer exactly like a missing id, for every caller and route, and leave every list', async () => {
      const { caseId, subjectId } = await newCase(w, {}, { dob: '2009-07-01' });
      const docCase = await newCase(w);
      await advance(w, docCase.caseId, 'i213_submitted');
      const page = await call(DEMO.supervisor, 'GET', `/cases/${docCase.caseId}`);
      const documentId = page.json().documents[0].documentId as string;
      // Before: the juvenile case is in the supervisor's tasks and the screening queue.
      const tasksOf = async (who: string) =>
        ((await call(who, 'GET', '/tasks')).json() as Array<{ caseId: string }>).map((t) => t.caseId);
      const queueOf = async (who: string) =>
        (
          (await call(who, 'GET', '/cases?list=screening&limit=200')).json().items as Array<{
            caseId: string;
          }>
        ).map((i) => i.caseId);
      expect(await tasksOf(DEMO.supervisor)).toContain(caseId);
      expect(await queueOf(DEMO.officer)).toContain(caseId);

      for (const id of [subjectId, docCase.subjectId])
        await w.t.store.db
          .updateTable('subjects')
          .set({ protected_1367: true })
          .where('subject_id', '=', id)
          .execute();

      // 404 for whoever may act on cases; a caller refused the action outright gets the same 403 for both.
      const same = (a: LightMyRequestResponse, b: LightMyRequestResponse, where: string) => {
        expect([403, 404], where).toContain(a.statusCode);
        expect(a.statusCode, where).toBe(b.statusCode);
        if (a.statusCode === 404) expect(a.body, where).toBe(b.body);
        else {
          // A refusal of the caller names its own audit row; everything else is the same.
          const { auditId: _a, ...ra } = a.json();
          const { auditId: _b, ...rb } = b.json();
          expect(ra, where).toEqual(rb);
        }
        expect(a.headers['content-type'], where).toBe(b.headers['content-type']);
      };
      for (const who of [DEMO.officer, DEMO.coordinator, DEMO.supervisor, DEMO.program, DEMO.inspector]) {
        const routes: Array<['GET' | 'POST', (id: string) => string, unknown]> = [
          ['GET', (id) => `/cases/${id}`, undefined],
          ['POST', (id) => `/cases/${id}/interview`, INTERVIEW],
          ['POST', (id) => `/cases/${id}/assignment`, { assignee: 'self' }],
          ['POST', (id) => `/cases/${id}/detainer/lift`, { reason: 'other', note: '' }],
          ['POST', (id) => `/cases/${id}/citizenship-review`, { source: 'claim', statement: 'x' }],
        ];
        for (const [method, url, body] of routes) {
          const protectedAnswer = await call(who, method, url(caseId), body);
          const missingAnswer = await call(who, method, url(MISSING), body);
          same(protectedAnswer, missingAnswer, `${who} ${method} ${url(':id')}`);
        }
        same(
          await call(who, 'GET', `/cases/${docCase.caseId}/documents/${documentId}`),
          await call(who, 'GET', `/cases/${MISSING}/documents/${documentId}`),
          `${who} document`,
        );
        same(
          await call(who, 'POST', '/cases/assignment', { caseIds: [caseId], assignee: 'self' }),
          await call(who, 'POST', '/cases/assignment', { caseIds: [MISSING], assignee: 'self' }),
          `${who} bulk assignment`,
        );
      }
      expect(await tasksOf(DEMO.supervisor)).not.toContain(caseId);
      for (const who of [DEMO.officer, DEMO.supervisor, DEMO.program])
        for (const list of ['screening', 'review', 'detainers']) {
          const items = (await call(who, 'GET', `/cases?list=${list}&limit=200`)).json().items as Array<{
            caseId: string;
          }>;
          expect(items.map((i) => i.caseId)).not.toContain(caseId);
          expect(items.map((i) => i.caseId)).not.toContain(docCase.caseId);
        }
    });
  });
});

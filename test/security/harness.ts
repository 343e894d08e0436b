/**
 * One server over one fresh, seeded database for the security tests: every demo role signed
 * in, a second agency with its own records (so "other agency" has something to find), and the
 * router's routes as Fastify registered them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import { expect } from 'vitest';
import { totpCode } from '../../src/app/accounts/totp.ts';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, seedDemo } from '../../src/app/demo/seed-demo.ts';
import { addFacility } from '../../src/app/moas/add-facility.ts';
import { createMoa } from '../../src/app/moas/create-moa.ts';
import { createTrainingClass } from '../../src/app/officers/create-training-class.ts';
import { nominateOfficer } from '../../src/app/officers/nominate-officer.ts';
import { operator, type Role } from '../../src/domain/actor.ts';
import { isoDate } from '../../src/domain/clock.ts';
import { quarterOfDate } from '../../src/domain/reimbursement.ts';
import type { Result } from '../../src/domain/result.ts';
import { PENDING_COOKIE, SESSION_COOKIE } from '../../src/http/actor.ts';
import { buildServer } from '../../src/http/server.ts';
import { fileCheckpointStore } from '../../src/integrations/audit/file-checkpoint-store.ts';
import * as casework from '../../src/store/casework.ts';
import { type Backend, freshDb, type TestDb } from '../support/db.ts';

export type Caller = 'public' | Role;
export const CALLERS: readonly Caller[] = [
  'public',
  'lea_officer',
  'lea_admin',
  'ice_supervisor',
  'program_office',
  'inspector',
  'auditor',
];

export type Ownership = 'own' | 'other' | 'none';

export interface RouteInfo {
  method: string;
  url: string;
}

/** Records owned by one agency, made through the use cases by the console operator. */
export interface AgencyRecords {
  agencyId: string;
  moaId: string;
  officerId: string;
  /** A screening case (agency A's at MAIN, where the demo officer is authorized), its booking and a stored form. */
  caseId: string;
  bookingNumber: string;
  documentId: string;
  /** The facility of the agency's JEM agreement where its bookings open cases. */
  facilityCode: string;
}

export interface Harness {
  t: TestDb;
  app: FastifyInstance;
  routes: RouteInfo[];
  cookie: Record<Caller, string | null>;
  /** The lea roles' agency (A) and another agency (B). */
  own: AgencyRecords;
  other: AgencyRecords;
  classId: string;
  /** The demo agency's TFM area of responsibility (a county), where field encounters may be recorded. */
  county: string;
  signIn(role: Role): Promise<string>;
  close(): Promise<void>;
}

const unwrap = async <T>(r: Promise<Result<T>>): Promise<T> => {
  const result = await r;
  if (!result.ok) throw new Error(result.error.userMessage);
  return result.value;
};

/**
 * A web app of two files in a temporary directory, so the static routes do not depend on
 * whether (or how) web/dist was built.
 */
function tinyWebApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Delegate</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'app.css'), 'body { color: black; }');
  return dir;
}

export async function startHarness(backend: Backend): Promise<Harness> {
  const t = await freshDb(backend);
  const webDir = tinyWebApp();
  // Signed audit checkpoints in a directory of their own, so the checkpoint routes can write.
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-checkpoints-'));
  t.deps.checkpoints = fileCheckpointStore(path.join(keysDir, 'checkpoints'), path.join(keysDir, 'key.pem'));
  const op = operator('security-test');
  await unwrap(seedDemo(t.deps, op));
  const routes: RouteInfo[] = [];
  const onRoute = (r: RouteOptions) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  };
  const app = await buildServer({
    deps: t.deps,
    database: { kind: t.store.kind },
    version: 'test',
    onRoute,
    webDir,
  });
  await app.ready();

  const signIn = (role: Role) => signInAs(app, t.clock, role);
  const cookie = { public: null } as Record<Caller, string | null>;
  for (const c of CALLERS) if (c !== 'public') cookie[c] = await signIn(c);

  const me = await app.inject({
    method: 'GET',
    url: '/api/v1/session',
    headers: { cookie: cookie.lea_admin! },
  });
  const agencyA: string = me.json().user.agencyId;
  const agencies = await app.inject({ method: 'GET', url: '/api/v1/agencies?limit=5' });
  const agencyB: string = agencies
    .json()
    .items.map((a: { agencyId: string }) => a.agencyId)
    .find((id: string) => id !== agencyA);
  if (!agencyA || !agencyB) throw new Error('the demo needs two agencies');

  const records = async (agencyId: string, code: string, jemFacility: string): Promise<AgencyRecords> => {
    await unwrap(addFacility(t.deps, op, { agencyId, code, name: `Facility ${code}` }));
    const { moaId } = await unwrap(
      createMoa(t.deps, op, {
        agencyId,
        title: `Matrix MOA ${code}`,
        terms: { models: ['JEM'], effective: '2026-01-01', facilityCodes: [code] },
      }),
    );
    const { officerId } = await unwrap(
      nominateOfficer(t.deps, op, {
        agencyId,
        displayName: `Matrix Officer ${code} (synthetic)`,
        model: 'JEM',
        eligibility: [],
      }),
    );
    const booked = await unwrap(
      ingestBooking(t.deps, op, matrixBooking(`MX-${code}`, jemFacility), { agencyId }),
    );
    if (!booked.caseId) throw new Error(`no case opened at ${jemFacility}`);
    const documentId = await storeDocument(t, agencyId, booked.caseId);
    return {
      agencyId,
      moaId,
      officerId,
      caseId: booked.caseId,
      bookingNumber: booked.bookingNumber,
      documentId,
      facilityCode: jemFacility,
    };
  };
  const own = await records(agencyA, 'SECA', 'MAIN');
  const other = await records(agencyB, 'SECB', 'SECB');
  const area = await t.store.db
    .selectFrom('moa_versions as v')
    .innerJoin('moas as m', 'm.moa_id', 'v.moa_id')
    .select('v.area_jurisdictions')
    .where('m.agency_id', '=', agencyA)
    .execute();
  const county = area.flatMap((a) => a.area_jurisdictions)[0] ?? 'County';
  const { classId } = await unwrap(
    createTrainingClass(t.deps, op, { model: 'JEM', startsOn: '2026-11-02', endsOn: '2026-11-27' }),
  );

  return {
    t,
    app,
    routes,
    cookie,
    own,
    other,
    classId,
    county,
    signIn,
    async close() {
      await app.close();
      await t.close();
      fs.rmSync(webDir, { recursive: true, force: true });
      fs.rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** A booking at `facilityCode` with synthetic person details. */
export function matrixBooking(bookingNumber: string, facilityCode: string) {
  return {
    bookingNumber,
    facilityCode,
    bookedAt: '2026-11-29T08:00:00Z',
    person: {
      firstName: 'Matrix',
      lastName: `Subject ${bookingNumber}`,
      dob: '1985-03-14',
      sex: 'X',
      fingerprintId: `FP-${bookingNumber}`,
    },
    charges: [{ ncic: '1313', description: 'Simple assault', level: 'misdemeanor' }],
    expectedReleaseAt: '2026-12-05T08:00:00Z',
  };
}

/** A stored form on the case (a few bytes stand in for the PDF), so the document route has something to find. */
async function storeDocument(t: TestDb, agencyId: string, caseId: string): Promise<string> {
  const documentId = crypto.randomUUID();
  const content = new TextEncoder().encode('%PDF-1.7 matrix');
  await t.store.db.transaction().execute((tx) =>
    casework.insertDocument(tx, {
      documentId,
      agencyId,
      caseId,
      form: 'I-213',
      version: 1,
      templateVersion: 'matrix',
      sha256: '0'.repeat(64),
      snapshot: {},
      content,
      reason: null,
      createdAt: t.clock.now(),
      createdBy: 'operator:security-test',
    }),
  );
  return documentId;
}

/** Well-formed WebAuthn answers that no challenge was issued for (and no key signed). */
const ASSERTION = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' },
};
const ATTESTATION = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', attestationObject: 'oA' },
};

/**
 * A valid-looking body for the route `METHOD /url` (undefined for routes without one);
 * `agencyId` is the agency of the ownership case, `n` makes codes and names unique.
 */
export function validBody(
  key: string,
  h: Harness,
  { agencyId, n, ownership }: { agencyId: string; n: number; ownership: Ownership },
): unknown {
  const moaId = ownership === 'other' ? h.other.moaId : h.own.moaId;
  const caseId =
    ownership === 'other'
      ? h.other.caseId
      : ownership === 'own'
        ? h.own.caseId
        : '00000000-0000-4000-8000-000000000000';
  const bodies: Record<string, unknown> = {
    'POST /api/v1/session': {
      email: DEMO_USERS.find((u) => u.role === 'auditor')!.email,
      password: DEMO_PASSWORD,
      acknowledgedBanner: true,
    },
    'POST /api/v1/session/mfa': { code: '123456' },
    'POST /api/v1/session/webauthn': { response: ASSERTION },
    'POST /api/v1/session/webauthn/registration': { response: ATTESTATION },
    // A wrong password: a right one would rotate the harness's session cookie.
    'POST /api/v1/session/reauthentication': { password: 'not the password', code: '123456' },
    'POST /api/v1/session/reauthentication/webauthn': { response: ASSERTION },
    'POST /api/v1/facilities': { agencyId, code: `MX${n}`, name: 'Matrix facility' },
    'POST /api/v1/moas': {
      agencyId,
      title: 'Matrix agreement',
      terms: { models: ['WSO'], effective: '2026-01-01' },
    },
    'POST /api/v1/moas/:moaId/amendments': { terms: { models: ['JEM'], effective: '2026-06-01' } },
    'POST /api/v1/moas/:moaId/termination': { reason: 'Matrix test' },
    'POST /api/v1/training-classes': { model: 'JEM', startsOn: '2026-12-01', endsOn: '2026-12-20' },
    'POST /api/v1/officers': {
      agencyId,
      displayName: `Matrix nominee ${n} (synthetic)`,
      model: 'JEM',
      eligibility: [],
    },
    'POST /api/v1/officers/:officerId/eligibility': {
      item: 'us_citizenship_verified',
      satisfied: true,
      evidence: 'personnel file',
      dated: '2026-11-01',
    },
    'POST /api/v1/officers/:officerId/decision': { approve: false, reason: 'Matrix test' },
    'POST /api/v1/officers/:officerId/enrollments': { classId: h.classId },
    'POST /api/v1/officers/:officerId/exams': { exam: 'final', score: 90, takenOn: '2026-11-27' },
    'POST /api/v1/officers/:officerId/certification': { certifiedOn: '2026-11-28' },
    'POST /api/v1/officers/:officerId/authorizations': {
      moaId,
      moaVersion: 1,
      powers: null,
      startsOn: '2026-11-28',
      endsOn: '2027-11-28',
      supervisingPosition: 'Supervisory Detention and Deportation Officer',
    },
    'POST /api/v1/officers/:officerId/refreshers': { completedOn: '2026-11-28' },
    'POST /api/v1/officers/:officerId/suspensions': { reason: 'discipline', detail: 'Matrix test' },
    'POST /api/v1/officers/:officerId/reinstatement': { note: 'Matrix test' },
    'POST /api/v1/officers/:officerId/revocation': { reason: 'Matrix test' },
    'POST /api/v1/bookings': matrixBooking(`MXB-${n}`, ownership === 'other' ? h.other.facilityCode : 'MAIN'),
    'POST /api/v1/bookings/:bookingNumber/events': {
      kind: 'charges_changed',
      occurredAt: '2026-11-29T09:00:00Z',
      charges: [{ ncic: '1399', description: 'Assault', level: 'misdemeanor' }],
    },
    'POST /api/v1/cases/assignment': { caseIds: [caseId], assignee: 'self' },
    'POST /api/v1/cases/:caseId/assignment': { assignee: 'self' },
    'POST /api/v1/cases/:caseId/queries': { systems: ['NCIC'] },
    'POST /api/v1/cases/:caseId/interview': {
      primaryLanguage: 'English',
      englishProficiency: 'proficient',
      interpreter: null,
      advisals: ['purpose_of_interview', 'right_to_remain_silent'],
      nationality: null,
      consularChoice: null,
      citizenshipClaim: false,
      citizenshipIndicia: null,
      swornStatement: null,
      notes: '',
    },
    'POST /api/v1/cases/:caseId/determination': { outcome: 'removable', reason: 'Matrix test' },
    'POST /api/v1/cases/:caseId/i213': { narrative: 'Matrix test narrative of the encounter at booking.' },
    'POST /api/v1/cases/:caseId/i213/review': { decision: 'approved', reasons: '' },
    'POST /api/v1/cases/:caseId/charging-document': {
      form: 'I-862',
      respondentClass: 'present_without_admission',
      allegations: ['You are not a citizen or national of the United States.'],
      charges: [{ provision: 'INA §212(a)(6)(A)(i)', description: 'Present without admission or parole' }],
      warrantlessArrest: false,
    },
    'POST /api/v1/cases/:caseId/charging-document/signature': {},
    'POST /api/v1/cases/:caseId/warrant': { form: 'I-200', number: `W-MX-${n}` },
    'POST /api/v1/cases/:caseId/detainer/approval': {},
    'POST /api/v1/cases/:caseId/detainer': {
      basis: 'statements_or_evidence',
      basisNarrative: 'Matrix test: sworn admission of entry without inspection.',
    },
    'POST /api/v1/cases/:caseId/detainer/service': { language: 'English' },
    'POST /api/v1/cases/:caseId/detainer/lift': { reason: 'prosecutorial_discretion', note: 'Matrix test' },
    'POST /api/v1/cases/:caseId/custody': {
      receivingFacility: { name: 'ICE processing center (matrix)', address: '1 Federal Way' },
    },
    'POST /api/v1/wso/warrants': {
      agencyId,
      bookingNumber: ownership === 'other' ? h.other.bookingNumber : h.own.bookingNumber,
      form: 'I-200',
      number: `W-WSO-${n}`,
    },
    'POST /api/v1/cases/:caseId/wso/service': {},
    'POST /api/v1/cases/:caseId/wso/transfer': {
      receivingFacility: { name: 'ICE processing center (matrix)', address: '1 Federal Way' },
    },
    'POST /api/v1/cases/:caseId/wso/withdrawal': { reason: 'Matrix test' },
    // Complaints (issue 8 oversight): the public form, staff intake and the staff steps.
    'POST /api/v1/complaints': {
      language: 'en',
      narrative: 'Matrix test: a synthetic complaint narrative of sufficient length.',
    },
    'POST /api/v1/complaints/intake': {
      channel: 'phone',
      language: 'en',
      agencyId,
      narrative: 'Matrix test: a synthetic complaint taken by telephone.',
    },
    'POST /api/v1/complaints/:complaintId/links': { officerIds: [] },
    'POST /api/v1/complaints/:complaintId/acknowledgement': {},
    'POST /api/v1/complaints/:complaintId/forwarding': { oprReference: 'OPR-MATRIX' },
    'POST /api/v1/complaints/:complaintId/suspension': { officerId: h.own.officerId, detail: 'Matrix test' },
    'POST /api/v1/complaints/:complaintId/closure': { outcome: 'withdrawn', summary: 'Matrix test' },
    // Inspections and steering committees (issue 8 oversight).
    'POST /api/v1/inspections': { moaId, moaVersion: 1, model: 'JEM', dueOn: '2026-12-31' },
    'POST /api/v1/inspections/:inspectionId/completion': { completedOn: '2026-11-01', results: [] },
    'POST /api/v1/inspections/:inspectionId/findings': { summary: 'Matrix test' },
    'POST /api/v1/inspections/:inspectionId/findings/:findingId': { status: 'corrected', on: '2026-11-01' },
    'POST /api/v1/committee-meetings': { moaId, scheduledOn: '2026-12-15' },
    'POST /api/v1/committee-meetings/:meetingId/minutes': {
      heldOn: '2026-11-01',
      attendees: [{ name: 'Matrix attendee', organization: 'Matrix office' }],
      minutes: 'Matrix test',
      actionItems: [],
    },
    'POST /api/v1/committee-meetings/:meetingId/action-items/:itemId/completion': { on: '2026-11-01' },
    'POST /api/v1/committee-meetings/:meetingId/action-items/:itemId/reopening': { note: 'Matrix test' },
    'POST /api/v1/tfm/encounters': {
      agencyId,
      occurredAt: new Date(h.t.clock.now().getTime() - 10 * 60_000).toISOString(),
      jurisdiction: h.county,
      location: 'Matrix Road at mile 3',
      basis: 'traffic_violation',
      basisNarrative: 'Matrix test: vehicle at 71 mph in a 45 mph zone.',
      person: { firstName: 'Matrix', lastName: `Field ${n}`, dob: '1985-03-14', sex: 'X' },
    },
    'POST /api/v1/cases/:caseId/tfm/arrest': {
      likelyToEscape: 'Matrix test: no fixed address and stated intent to leave the state tonight.',
    },
    'POST /api/v1/cases/:caseId/tfm/examination': { exception: null },
    'POST /api/v1/cases/:caseId/tfm/advisals': {
      reasonsForArrest: true,
      rightToCounsel: true,
      legalServicesList: true,
      language: 'English',
    },
    'POST /api/v1/cases/:caseId/tfm/release': { reason: 'Matrix test' },
    'POST /api/v1/reimbursement/claims': {
      agencyId,
      quarter: quarterOfDate(isoDate(h.t.clock.now())),
      kind: 'vehicle',
      amountCents: 100,
      description: 'Matrix test vehicle',
    },
    'POST /api/v1/reimbursement/leads': {
      officerId:
        ownership === 'other'
          ? h.other.officerId
          : ownership === 'own'
            ? h.own.officerId
            : '00000000-0000-4000-8000-000000000000',
      assignedOn: isoDate(h.t.clock.now()),
      outcome: 'located',
    },
    'POST /api/v1/cases/:caseId/citizenship-review': { source: 'indicia', statement: 'Matrix test' },
    'POST /api/v1/tasks/:taskId/match-decision': { decision: 'different_people', reason: 'Matrix test' },
    'POST /api/v1/tasks/:taskId/merge-confirmation': { confirm: false },
    'POST /api/v1/cases/:caseId/citizenship-review/resolution': {
      finding: 'not_citizen',
      evidence: 'Matrix test',
      counselConsulted: true,
    },
  };
  return bodies[key];
}

/** `name=value` of the cookie `name` set by a response. */
export function cookieFrom(res: LightMyRequestResponse, name: string): string | null {
  const set = [res.headers['set-cookie'] ?? []].flat();
  const found = set.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
  return found ? found.split(';')[0]! : null;
}

/**
 * Signs a demo user in (banner, password, then the TOTP code of the demo key at the injected
 * clock, moved on one time step so no code is ever reused) and returns the session cookie.
 */
export async function signInAs(
  app: FastifyInstance,
  clock: { now(): Date; advance(ms: number): void },
  role: Role,
): Promise<string> {
  const email = DEMO_USERS.find((u) => u.role === role)!.email;
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email, password: DEMO_PASSWORD, acknowledgedBanner: true },
  });
  if (first.statusCode !== 200) throw new Error(`sign-in as ${role}: ${first.statusCode} ${first.body}`);
  const direct = cookieFrom(first, SESSION_COOKIE);
  if (direct) return direct;
  clock.advance(30_000);
  const code = await totpCode(DEMO_TOTP_SECRET, clock.now());
  const second = await app.inject({
    method: 'POST',
    url: '/api/v1/session/mfa',
    payload: { code },
    headers: { cookie: cookieFrom(first, PENDING_COOKIE) ?? '' },
  });
  const session = cookieFrom(second, SESSION_COOKIE);
  if (second.statusCode !== 200 || !session)
    throw new Error(`MFA as ${role}: ${second.statusCode} ${second.body}`);
  return session;
}

/** Stack frames, SQL, file paths, library and version strings, internal hosts (R29). */
export const LEAK =
  /\bat \S+ \(|\bat (?:file:)?\/|node_modules|\.ts:\d+|\b(?:SELECT|INSERT INTO|DELETE FROM|TRUNCATE|CREATE TABLE)\b|\bUPDATE \w+ SET\b|\bSQLSTATE\b|\b(?:postgres|pglite|kysely|fastify|zod|cedar|node:)\b|\b[A-Za-z]*Error:|\bv?\d+\.\d+\.\d+\b|localhost|127\.0\.0\.1/i;

/** A 4xx or 5xx answer is RFC 9457 problem JSON, with no leak (R25, R29). */
export function expectProblem(res: LightMyRequestResponse, context = '') {
  const where = `${context} → ${res.statusCode} ${res.body.slice(0, 500)}`;
  expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json; charset=utf-8$/);
  const body = res.json() as Record<string, unknown>;
  expect(body.status, where).toBe(res.statusCode);
  expect(typeof body.type, where).toBe('string');
  expect(typeof body.title, where).toBe('string');
  expect(typeof body.detail, where).toBe('string');
  expect(typeof body.code, where).toBe('string');
  expect(res.body, where).not.toMatch(LEAK);
}

/** R27 (and the cross-origin isolation headers), written out here rather than imported. */
const REQUIRED_HEADERS: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^(no-referrer|same-origin|strict-origin)$/,
  'x-frame-options': /^DENY$/,
  'content-security-policy': /^default-src 'self';.*\bobject-src 'none';.*\bframe-ancestors 'none'$/,
  'strict-transport-security': /^max-age=(3153600\d|[4-9]\d{7}|\d{9,})(; includeSubDomains)?$/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-resource-policy': /^same-origin$/,
  'permissions-policy': /camera=\(\).*microphone=\(\).*geolocation=\(\)/,
};

/** R27: the security headers on any response. */
export function expectSecurityHeaders(res: LightMyRequestResponse, context = '') {
  const where = `${context} → ${res.statusCode}`;
  for (const [name, value] of Object.entries(REQUIRED_HEADERS)) {
    expect(String(res.headers[name]), `${where}: ${name}`).toMatch(value);
  }
  expect(res.headers['x-request-id'], where).toMatch(/^[0-9a-f-]{36}$/);
  if (res.body.length > 0) expect(String(res.headers['content-type']), where).toMatch(/charset=utf-8/i);
  expect(res.headers['x-powered-by'], where).toBeUndefined();
  expect(res.headers.server, where).toBeUndefined();
}

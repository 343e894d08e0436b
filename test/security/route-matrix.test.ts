/**
 * R10: the generated tenancy matrix. Every route the router holds (collected as Fastify
 * registers them) is called as every role × ownership case, and the outcome is compared with
 * ONE table. A route missing from the table fails, so a new endpoint cannot ship without
 * saying who may call it; an unexpected 2xx fails; a permitted call answered 401/403 fails.
 *
 * Ownership: `own` — a record of the lea roles' agency (A); `other` — the same kind of record
 * of another agency (B); `none` — no agency record (routes without one, lists without an
 * agency filter, or an id that does not exist).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/db.ts';
import { CALLERS, expectProblem, type Harness, type Ownership, startHarness, validBody } from './harness.ts';

/**
 * One character per caller, in the order of CALLERS:
 * public, lea_officer, lea_admin, ice_supervisor, program_office, inspector, auditor.
 * `y` = allowed, `.` = refused.
 */
type Row = string;

const ALL = 'yyyyyyy';
const NOBODY = '.......';
const SIGNED_IN = '.yyyyyy';
/** moa.read / officer.read: ICE, the inspector, and the agency's own staff. */
const PARTIES = '.yyyyy.';
/** The same, for another agency's records: ICE and the inspector only. */
const ICE_PARTIES = '...yyy.';
const PROGRAM = '....y..';
/** officer.nominate / officer.record_eligibility: the agency coordinator and the program office. */
const COORDINATOR = '..y.y..';
/** case.read: the agency's staff and ICE (program office, supervisors, inspectors); auditors read the trail, not cases. */
const CASE_PARTIES = '.yyyyy.';
const CASE_ICE = '...yyy.';
/** An ICE supervisor's act on a case (approve, sign, lift, assume custody, resolve a citizenship review). */
const ICE_SUPERVISOR = '...y...';
/** A JEM officer's delegated step on their agency's case, which ICE may also take (interview, checks, detainer). */
const OFFICER_OR_ICE = '.y.y...';
/** A JEM officer's step that ICE reviews rather than takes (I-213, charging document). */
const OFFICER = '.y.....';
/** Assigning a case or recording citizenship indicia: the agency's officer and coordinator, and ICE. */
const CASE_WORKERS = '.yyy...';
/** Bookings come from the agency's coordinator (or its jail system) and the program office. */
const BOOKING_SENDERS = '..y.y..';

/** THE expectation table: route → ownership case → who may. HEAD routes follow their GET. */
const EXPECTED: Record<string, Partial<Record<Ownership, Row>>> = {
  'GET /api/v1/health': { none: ALL },
  'GET /api/v1/registry/counts': { none: ALL },
  'GET /api/v1/registry/states': { none: ALL },
  'GET /api/v1/registry/timeline': { none: ALL },
  'GET /api/v1/registry/snapshots': { none: ALL },
  'GET /api/v1/registry/diff': { none: ALL },
  'GET /api/v1/public-stats': { none: ALL },
  'GET /api/v1/public-stats/download': { none: ALL },
  'GET /api/v1/agreements': { none: ALL },
  'GET /api/v1/agencies': { none: ALL },
  'GET /api/v1/agencies/:agencyId': { own: ALL, other: ALL, none: NOBODY },
  'GET /api/v1/session/banner': { none: ALL },
  'POST /api/v1/session': { none: ALL },
  'POST /api/v1/session/mfa': { none: NOBODY },
  'GET /api/v1/session': { none: SIGNED_IN },
  'DELETE /api/v1/session': { none: ALL },
  // Security keys and re-authentication: each acts on the caller's own pending sign-in or session;
  // without one (or with a challenge never issued) everyone is refused.
  'GET /api/v1/session/policy': { none: ALL },
  'POST /api/v1/session/webauthn/options': { none: NOBODY },
  'POST /api/v1/session/webauthn': { none: NOBODY },
  'POST /api/v1/session/webauthn/registration/options': { none: SIGNED_IN },
  'POST /api/v1/session/webauthn/registration': { none: SIGNED_IN },
  'POST /api/v1/session/reauthentication': { none: NOBODY },
  'POST /api/v1/session/reauthentication/options': { none: SIGNED_IN },
  'POST /api/v1/session/reauthentication/webauthn': { none: NOBODY },
  // Agency single sign-on: the provider list is public; an unknown provider is a 404 for everyone.
  'GET /api/v1/oidc/providers': { none: ALL },
  'GET /api/v1/oidc/:provider/start': { none: NOBODY },
  'GET /api/v1/oidc/:provider/callback': { none: NOBODY },
  'POST /api/v1/facilities': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'GET /api/v1/moas': { own: PARTIES, other: ICE_PARTIES, none: PARTIES },
  'POST /api/v1/moas': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'GET /api/v1/moas/:moaId': { own: PARTIES, other: ICE_PARTIES, none: NOBODY },
  'POST /api/v1/moas/:moaId/amendments': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/moas/:moaId/termination': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/training-classes': { none: PROGRAM },
  'GET /api/v1/training-classes': { none: PARTIES },
  'GET /api/v1/officers': { own: PARTIES, other: ICE_PARTIES, none: PARTIES },
  'POST /api/v1/officers': { own: COORDINATOR, other: PROGRAM, none: NOBODY },
  'GET /api/v1/officers/:officerId': { own: PARTIES, other: ICE_PARTIES, none: NOBODY },
  'GET /api/v1/officers/:officerId/authority': { own: PARTIES, other: ICE_PARTIES, none: NOBODY },
  'POST /api/v1/officers/:officerId/eligibility': { own: COORDINATOR, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/decision': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/enrollments': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/exams': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/certification': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/authorizations': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/refreshers': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  // Suspension for an eligibility change (here: discipline) is the agency's to report.
  'POST /api/v1/officers/:officerId/suspensions': { own: COORDINATOR, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/reinstatement': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'POST /api/v1/officers/:officerId/revocation': { own: PROGRAM, other: PROGRAM, none: NOBODY },
  'GET /api/v1/notifications': { none: SIGNED_IN },
  // The inbox is the signed-in user's own; `none` marks a notice that does not exist.
  'GET /api/v1/inbox': { none: SIGNED_IN },
  'GET /api/v1/inbox/unread-count': { none: SIGNED_IN },
  'POST /api/v1/inbox/:notificationId/read': { none: NOBODY },
  // JEM casework. `none` for a case is an id that does not exist (and answers as a §1367 record would).
  // Bookings: `none` sends no agencyId — the coordinator's own agency; the program office must name one (400).
  'POST /api/v1/bookings': { own: BOOKING_SENDERS, other: PROGRAM, none: BOOKING_SENDERS },
  'POST /api/v1/bookings/:bookingNumber/events': { own: BOOKING_SENDERS, other: PROGRAM, none: PROGRAM },
  'GET /api/v1/cases': { none: CASE_PARTIES },
  'POST /api/v1/cases/assignment': { own: CASE_WORKERS, other: ICE_SUPERVISOR, none: NOBODY },
  'GET /api/v1/tasks': { none: CASE_PARTIES },
  // A task id that does not exist: everyone is refused (404, or 401 for the public).
  'POST /api/v1/tasks/:taskId/match-decision': { none: NOBODY },
  'POST /api/v1/tasks/:taskId/merge-confirmation': { none: NOBODY },
  'GET /api/v1/cases/:caseId': { own: CASE_PARTIES, other: CASE_ICE, none: NOBODY },
  'GET /api/v1/cases/:caseId/documents/:documentId': { own: CASE_PARTIES, other: CASE_ICE, none: NOBODY },
  'POST /api/v1/cases/:caseId/assignment': { own: CASE_WORKERS, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/queries': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/interview': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/determination': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/i213': { own: OFFICER, other: NOBODY, none: NOBODY },
  'POST /api/v1/cases/:caseId/i213/review': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/charging-document': { own: OFFICER, other: NOBODY, none: NOBODY },
  'POST /api/v1/cases/:caseId/charging-document/signature': {
    own: ICE_SUPERVISOR,
    other: ICE_SUPERVISOR,
    none: NOBODY,
  },
  'POST /api/v1/cases/:caseId/warrant': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/detainer': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/detainer/approval': {
    own: ICE_SUPERVISOR,
    other: ICE_SUPERVISOR,
    none: NOBODY,
  },
  'POST /api/v1/cases/:caseId/detainer/service': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/detainer/lift': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/custody': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/citizenship-review': { own: CASE_WORKERS, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/citizenship-review/resolution': {
    own: ICE_SUPERVISOR,
    other: ICE_SUPERVISOR,
    none: NOBODY,
  },
  // WSO casework (issue 5). Lodging names the agency in the body; ICE warrant issuers only
  // (a lodging at a non-WSO facility is refused on its facts, 409).
  'POST /api/v1/wso/warrants': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'GET /api/v1/wso/facilities': { none: PARTIES },
  'GET /api/v1/wso/scope': { none: SIGNED_IN },
  // Serving a warrant: a designated officer (here the JEM officer, on a JEM case: 409) or ICE.
  'POST /api/v1/cases/:caseId/wso/service': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/wso/transfer': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/wso/withdrawal': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'GET /api/v1/oversight/wso': { none: '....yy.' },
  // TFM field work (issue 5). An encounter is a delegated `interview` at a place in the area of
  // responsibility: the matrix's lea_officer is a JEM officer (refused by the engine), ICE may
  // record one for the agency whose TFM agreement covers the county; another agency has none.
  'POST /api/v1/tfm/encounters': { own: ICE_SUPERVISOR, other: NOBODY, none: NOBODY },
  // On the matrix's JEM case: JEM officers have no warrantless arrest; the other steps meet the
  // case's facts (409).
  'POST /api/v1/cases/:caseId/tfm/arrest': { own: ICE_SUPERVISOR, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/tfm/examination': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/tfm/advisals': { own: OFFICER_OR_ICE, other: ICE_SUPERVISOR, none: NOBODY },
  'POST /api/v1/cases/:caseId/tfm/release': { own: CASE_WORKERS, other: ICE_SUPERVISOR, none: NOBODY },
  'GET /api/v1/tfm/supervisor-report': { none: CASE_PARTIES },
  // TFM reimbursement (issue 5): statements for the agency's coordinator, the program office and
  // inspectors; claims by the coordinator (own agency) or the program office; lead outcomes by ICE
  // (the matrix's officer is a nominated JEM officer: a permitted caller meets a 409).
  'GET /api/v1/reimbursement/statements': { none: '..y.yy.' },
  'GET /api/v1/reimbursement/statements/:agencyId': { own: '..y.yy.', other: '....yy.', none: NOBODY },
  'POST /api/v1/reimbursement/claims': { own: COORDINATOR, other: PROGRAM, none: NOBODY },
  'POST /api/v1/reimbursement/leads': { own: '...yy..', other: '...yy..', none: NOBODY },
  // Complaints (issue 8 oversight): anyone files one without signing in; ICE (program office,
  // supervisors, inspectors) and the agency's coordinator for its own agency manage them. The
  // steps on a complaint that does not exist answer 404 to everyone.
  'POST /api/v1/complaints': { none: ALL },
  'POST /api/v1/complaints/intake': { own: '..yyyy.', other: '...yyy.', none: NOBODY },
  'GET /api/v1/complaints': { none: '..yyyy.' },
  'GET /api/v1/complaints/:complaintId': { none: NOBODY },
  'POST /api/v1/complaints/:complaintId/links': { none: NOBODY },
  'POST /api/v1/complaints/:complaintId/acknowledgement': { none: NOBODY },
  'POST /api/v1/complaints/:complaintId/forwarding': { none: NOBODY },
  'POST /api/v1/complaints/:complaintId/suspension': { none: NOBODY },
  'POST /api/v1/complaints/:complaintId/closure': { none: NOBODY },
  // Inspections (program office and inspectors, every model) and steering committees (the
  // program office, and the agency's coordinator for its own agreements).
  'POST /api/v1/inspections': { own: '....yy.', other: '....yy.' },
  // `inspection.read`: the coordinator reads its own agency's (lists filtered; another agency's id is a 404).
  'GET /api/v1/inspections': { none: '..y.yy.' },
  'GET /api/v1/inspections/overdue': { none: '..y.yy.' },
  'GET /api/v1/inspections/:inspectionId': { none: NOBODY },
  'POST /api/v1/inspections/:inspectionId/completion': { none: NOBODY },
  'POST /api/v1/inspections/:inspectionId/findings': { none: NOBODY },
  'POST /api/v1/inspections/:inspectionId/findings/:findingId': { none: NOBODY },
  'POST /api/v1/committee-meetings': { own: COORDINATOR, other: PROGRAM },
  'GET /api/v1/committee-meetings': { none: COORDINATOR },
  'POST /api/v1/committee-meetings/:meetingId/minutes': { none: NOBODY },
  'GET /api/v1/committee-meetings/:meetingId': { none: NOBODY },
  'POST /api/v1/committee-meetings/:meetingId/action-items/:itemId/completion': { none: NOBODY },
  'POST /api/v1/committee-meetings/:meetingId/action-items/:itemId/reopening': { none: NOBODY },
  // Program performance measures (issue 8): exact counts for ICE (`stats.read`).
  'GET /api/v1/measures': { none: CASE_ICE },
  'GET /api/v1/measures/export': { none: CASE_ICE },
  // The audit trail (issue 7): auditors only (`audit.search`, `audit.export`).
  'GET /api/v1/audit/events': { none: '......y' },
  'GET /api/v1/audit/events/export': { none: '......y' },
  // The checkpoint signing key and the signed checkpoints: auditors (`audit.verify`).
  'GET /api/v1/audit/key': { none: '......y' },
  'GET /api/v1/audit/checkpoints': { none: '......y' },
  'POST /api/v1/audit/checkpoints': { none: '......y' },
  'GET /api/openapi.json': { none: ALL },
  // The web app's files (a two-file app in the harness) are public.
  'GET /index.html': { none: ALL },
  'GET /assets/app.css': { none: ALL },
};

/** Routes whose ownership is an `agencyId` in the query rather than in the path or body. */
const AGENCY_QUERY = new Set([
  'GET /api/v1/moas',
  'GET /api/v1/officers',
  'POST /api/v1/bookings',
  'POST /api/v1/bookings/:bookingNumber/events',
]);
const QUERIES: Record<string, string> = {
  'GET /api/v1/registry/diff': 'from=2025-01-01&to=2026-11-01',
  'GET /api/v1/public-stats/download': 'table=dictionary',
  'GET /api/v1/measures/export': 'measure=criminality&format=csv',
  'GET /api/v1/audit/events/export': 'format=csv&type=session.signed_in',
  'GET /api/v1/tfm/supervisor-report': 'from=2026-11-01&to=2026-11-30',
};
/** Answers whose items carry an agencyId: the lea roles must see only their own agency's. */
const AGENCY_LISTS = new Set([
  'GET /api/v1/complaints',
  'GET /api/v1/committee-meetings',
  'GET /api/v1/inspections',
  'GET /api/v1/inspections/overdue',
  'GET /api/v1/reimbursement/statements',
  'GET /api/v1/moas',
  'GET /api/v1/officers',
  'GET /api/v1/notifications',
  'GET /api/v1/cases',
]);

describe.each(backends())('route × role × ownership matrix on %s', (backend) => {
  let h: Harness;
  const MISSING_ID = '00000000-0000-4000-8000-000000000000';
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const keyOf = (method: string, url: string) => `${method} ${url}`;
  const expectationOf = (method: string, url: string) =>
    EXPECTED[keyOf(method, url)] ?? (method === 'HEAD' ? EXPECTED[keyOf('GET', url)] : undefined);

  it('has one entry for every route in the router, and none for a route that is gone', () => {
    const missing = h.routes
      .filter((r) => !expectationOf(r.method, r.url))
      .map((r) => keyOf(r.method, r.url));
    expect(missing, 'routes without an entry in EXPECTED: add them').toEqual([]);
    const present = new Set(h.routes.map((r) => keyOf(r.method, r.url)));
    const stale = Object.keys(EXPECTED).filter((k) => !present.has(k));
    expect(stale, 'entries of EXPECTED for routes that no longer exist').toEqual([]);
  });

  it('gives each role exactly what the table says, for its own agency, another, and none', async () => {
    const problems: string[] = [];
    let calls = 0;
    let n = 0;
    const agencyOf = (o: Ownership) =>
      o === 'own' ? h.own.agencyId : o === 'other' ? h.other.agencyId : MISSING_ID;
    for (const route of h.routes) {
      const table = expectationOf(route.method, route.url);
      if (!table) continue; // reported by the test above
      const key = keyOf(route.method === 'HEAD' ? 'GET' : route.method, route.url);
      for (const [ownership, row] of Object.entries(table) as Array<[Ownership, Row]>) {
        expect(row, key).toMatch(/^[y.]{7}$/);
        const records = ownership === 'own' ? h.own : ownership === 'other' ? h.other : null;
        const url = route.url
          .replace(':agencyId', ownership === 'none' ? 'no-such-agency' : agencyOf(ownership))
          .replace(':moaId', records?.moaId ?? MISSING_ID)
          .replace(':officerId', records?.officerId ?? MISSING_ID)
          .replace(':caseId', records?.caseId ?? MISSING_ID)
          .replace(':documentId', records?.documentId ?? MISSING_ID)
          .replace(':notificationId', MISSING_ID)
          .replace(':taskId', MISSING_ID)
          .replace(':bookingNumber', records?.bookingNumber ?? 'NO-SUCH-BOOKING');
        const query = [
          QUERIES[key],
          AGENCY_QUERY.has(key) && ownership !== 'none' ? `agencyId=${agencyOf(ownership)}` : undefined,
        ]
          .filter(Boolean)
          .join('&');
        for (const [i, caller] of CALLERS.entries()) {
          const allowed = row[i] === 'y';
          n += 1;
          const body = validBody(key, h, { agencyId: agencyOf(ownership), n, ownership });
          // Signing out ends the session it is called with: give it a session of its own.
          const cookie =
            key === 'DELETE /api/v1/session' && caller !== 'public'
              ? await h.signIn(caller)
              : h.cookie[caller];
          const res = await h.app.inject({
            method: route.method as 'GET',
            url: query ? `${url}?${query}` : url,
            headers: cookie ? { cookie } : {},
            ...(body !== undefined ? { payload: body as object } : {}),
          });
          calls += 1;
          const where = `${route.method} ${url}${query ? `?${query}` : ''} as ${caller} (${ownership})`;
          const failure = judge(res, allowed, route.method, where);
          if (failure) problems.push(failure);
          else if (allowed && AGENCY_LISTS.has(key) && caller.startsWith('lea_') && route.method === 'GET') {
            const foreign = (res.json().items as Array<{ agencyId: unknown }>).filter(
              (item) => item.agencyId !== h.own.agencyId,
            );
            if (foreign.length) problems.push(`${where}: ${foreign.length} items of another agency`);
          }
          if (res.statusCode >= 400 && route.method !== 'HEAD') expectProblem(res, where);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(300);
    // Thousands of calls: about 40 s on an idle machine, longer when the suite runs in parallel.
  }, 240_000);
});

/** Why a call did not match the table, or null when it did. */
function judge(res: LightMyRequestResponse, allowed: boolean, method: string, where: string): string | null {
  const s = res.statusCode;
  const said = `${where}: ${s} ${res.body.slice(0, 200)}`;
  if (s >= 500) return `server error: ${said}`;
  if (!allowed) {
    if (s >= 200 && s < 300) return `unexpected ${s}: ${said}`;
    // A refusal, not a complaint about the (valid-looking) input.
    return [401, 403, 404].includes(s) ? null : `expected 401/403/404: ${said}`;
  }
  // Permitted. Reads must succeed; a write may meet the record's state (409, 400, or a 403 whose
  // every rule is about the facts of the case, e.g. no signed warrant yet) but never a refusal of
  // the caller or of the record's existence.
  if (method === 'GET' || method === 'HEAD') return s >= 200 && s < 300 ? null : `expected 2xx: ${said}`;
  if (s === 403 && refusedOnCaseFacts(res)) return null;
  return [401, 403, 404].includes(s) ? `refused a permitted call: ${said}` : null;
}

/** Rules that read the case the action is taken on (policies/detainer.cedar), not the caller. */
const CASE_FACT_RULE = /^(detainer|hold)\./;

function refusedOnCaseFacts(res: LightMyRequestResponse): boolean {
  const ruleId = (res.json() as { ruleId?: unknown }).ruleId;
  return typeof ruleId === 'string' && ruleId.split(', ').every((r) => CASE_FACT_RULE.test(r));
}

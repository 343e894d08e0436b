/**
 * The narrow WSO scope through the API, on both backends: a Warrant Service Officer has the
 * warrants list and the service of a lodged warrant, and nothing else. Every other work list and
 * every JEM step (checks, interview, determination, I-213, charging document, detainer and its
 * service) is refused with the WSO clause (`wso.functions-not-delegated`), the denial is
 * audited, and nothing on the case changes. The signing and ICE's acts are refused too.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import * as casework from '../../src/store/casework.ts';
import { CHARGING, DETAINER } from '../casework/flow.ts';
import { INTERVIEW } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { signInOverHttp } from '../support/sign-in.ts';
import { lodged, type WsoWorld, wsoWorld } from './support.ts';

const WSO_CLAUSE = 'wso.functions-not-delegated';

/** The JEM steps a WSO never takes, with a valid body each (so only authority can refuse). */
const JEM_STEPS: Array<[string, unknown]> = [
  ['queries', { systems: ['NCIC', 'EID'] }],
  ['interview', INTERVIEW],
  ['determination', { outcome: 'removable', reason: 'Scope test' }],
  ['i213', { narrative: 'Scope test narrative of the encounter at booking.' }],
  ['charging-document', CHARGING],
  ['detainer', DETAINER],
  ['detainer/service', { language: 'English' }],
];

describe.each(backends())('WSO scope over the API on %s', (backend) => {
  let w: WsoWorld;
  let app: FastifyInstance;
  let wso: string;
  let caseId: string;

  beforeAll(async () => {
    w = await wsoWorld(backend);
    app = await buildServer({ deps: w.t.deps, database: { kind: w.t.store.kind }, version: 'test' });
    wso = await signInOverHttp(app, 'wso-officer@demo.delegate.test');
    caseId = (await lodged(w)).caseId;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await w?.t.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: wso },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('says the officer acts under the WSO model (the web app offers the WSO screens only)', async () => {
    const res = await call('GET', '/api/v1/wso/scope');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ model: 'WSO' });
  });

  it('has the warrants list, and every other list is refused with the WSO clause', async () => {
    const ok = await call('GET', '/api/v1/cases?list=warrants');
    expect(ok.statusCode).toBe(200);
    expect((ok.json().items as Array<{ caseId: string }>).some((i) => i.caseId === caseId)).toBe(true);
    for (const list of ['screening', 'review', 'detainers', 'field']) {
      const res = await call('GET', `/api/v1/cases?list=${list}`);
      expect(res.statusCode, list).toBe(403);
      expect(res.json()).toMatchObject({ ruleId: WSO_CLAUSE, citation: '8 U.S.C. §1357(g)(1), (g)(5)' });
    }
    // The default list is the screening queue.
    expect((await call('GET', '/api/v1/cases')).json().ruleId).toBe(WSO_CLAUSE);
  });

  it('refuses every JEM step with the WSO clause, audits it, and changes nothing', async () => {
    const before = await casework.findCase(w.t.store.db, caseId);
    for (const [step, body] of JEM_STEPS) {
      const res = await call('POST', `/api/v1/cases/${caseId}/${step}`, body);
      expect(res.statusCode, step).toBe(403);
      expect(String(res.json().ruleId).split(', '), step).toContain(WSO_CLAUSE);
    }
    const after = await casework.findCase(w.t.store.db, caseId);
    expect(after?.version).toBe(before?.version);
    expect(after?.status).toBe('warrant_lodged');
    expect(await casework.queriesOf(w.t.store.db, caseId)).toEqual([]);
    const denials = await w.t.store.db
      .selectFrom('audit_events')
      .select(['data'])
      .where('type', '=', 'authorization.denied')
      .where('actor_id', '=', w.wso.id)
      .execute();
    const ruled = denials.filter((d) => (d.data as { ruleIds: string[] }).ruleIds.includes(WSO_CLAUSE));
    expect(ruled.length).toBeGreaterThanOrEqual(JEM_STEPS.length + 5);
  });

  it('refuses the signing of warrants and ICE’s acts (not a WSO’s either)', async () => {
    const sign = await call('POST', `/api/v1/cases/${caseId}/warrant`, {
      form: 'I-200',
      number: 'W-SCOPE-1',
    });
    expect(sign.statusCode).toBe(403);
    expect(sign.json().ruleId).toContain('lea.no-warrant-signing');
    const lodge = await call('POST', '/api/v1/wso/warrants', {
      agencyId: w.wsoAgencyId,
      bookingNumber: 'WSO-2026-000001',
      form: 'I-200',
      number: 'W-SCOPE-2',
    });
    expect(lodge.statusCode).toBe(403);
    for (const [path, body] of [
      ['custody', { receivingFacility: { name: 'X', address: 'Y' } }],
      ['wso/transfer', { receivingFacility: { name: 'X', address: 'Y' } }],
      ['wso/withdrawal', { reason: 'not a WSO act' }],
      ['i213/review', { decision: 'approved', reasons: '' }],
    ] as const) {
      const res = await call('POST', `/api/v1/cases/${caseId}/${path}`, body);
      expect(res.statusCode, path).toBe(403);
    }
    expect((await call('GET', '/api/v1/oversight/wso')).statusCode).toBe(403);
  });

  it('leaves the JEM officer’s lists alone', async () => {
    const jem = await signInOverHttp(app, 'officer@demo.delegate.test');
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/cases?list=screening',
      headers: { cookie: jem },
    });
    expect(res.statusCode).toBe(200);
  });
});

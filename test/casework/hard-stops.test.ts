/**
 * The hard stops of JEM casework through the use cases, on PGlite and PostgreSQL: each refuses
 * its action with its rule id and citation and writes nothing of the step (only the
 * `authorization.denied` audit row); and two ICE supervisors approving one I-213 at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeCustody } from '../../src/app/casework/assume-custody.ts';
import { draftChargingDocument, signChargingDocument } from '../../src/app/casework/charging-document.ts';
import { approveDetainer, draftDetainer, serveDetainer } from '../../src/app/casework/detainer.ts';
import { getCase } from '../../src/app/casework/get-case.ts';
import { openCitizenshipReview } from '../../src/app/casework/open-citizenship-review.ts';
import { recordBookingEvent } from '../../src/app/casework/record-booking-event.ts';
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { resolveCitizenshipReview } from '../../src/app/casework/resolve-citizenship-review.ts';
import { reviewI213 } from '../../src/app/casework/review-i213.ts';
import { signWarrant } from '../../src/app/casework/sign-warrant.ts';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { requestSystemQueries } from '../../src/app/casework/system-queries.ts';
import type { Deps } from '../../src/app/deps.ts';
import type { Result } from '../../src/domain/result.ts';
import type { Db } from '../../src/store/db.ts';
import { backends } from '../support/db.ts';
import {
  advance,
  authorizedOfficer,
  CHARGING,
  counts,
  DETAINER,
  extraAgreement,
  newCase,
  plainSupervisor,
} from './flow.ts';
import { INTERVIEW, type JemWorld, jemWorld, value } from './support.ts';

/** The refusal of a result: its code, rule ids and citation. */
function refusal<T>(r: Result<T>) {
  if (r.ok) throw new Error('expected a refusal, the step succeeded');
  return { code: r.error.code, ruleId: r.error.ruleId ?? '', citation: r.error.citation ?? '' };
}

const CITIZENSHIP = { ruleId: 'hardstop.citizenship-review', citation: 'ICE Directive 16001.2' };
const JUVENILE = { ruleId: 'hardstop.juvenile', citation: 'Flores Settlement Agreement; TVPRA 2008' };

describe.each(backends())('JEM hard stops on %s', (backend) => {
  let w: JemWorld;
  let d: Deps;
  beforeAll(async () => {
    w = await jemWorld(backend);
    d = w.t.deps;
  });
  afterAll(async () => w.t.close());

  /** Runs a refused step and proves it wrote nothing but its denial. */
  async function refused<T>(
    run: () => Promise<Result<T>>,
    expected: { code?: string; ruleId: string; citation: string },
  ) {
    const before = await counts(d.db);
    const r = refusal(await run());
    expect(r.code).toBe(expected.code ?? 'forbidden');
    expect(r.ruleId.split(', ')).toContain(expected.ruleId);
    expect(r.citation).toContain(expected.citation);
    const after = await counts(d.db);
    expect({ ...after, denials: 0 }).toEqual({ ...before, denials: 0 });
    if ((expected.code ?? 'forbidden') === 'forbidden') expect(after.denials).toBe(before.denials + 1);
    return r;
  }

  describe('citizenship claim or indicia', () => {
    it('opens the review from the interview, with the supervisor and counsel tasks, and blocks I-213 approval', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'interviewed');
      // A second interview records the claim.
      value(await recordInterview(d, w.officer, caseId, { ...INTERVIEW, citizenshipClaim: true }));
      const view = value(await getCase(d, w.supervisor, caseId));
      expect(view.case.citizenshipReviewOpen).toBe(true);
      expect(view.stops.map((s) => s.ruleId)).toContain('hardstop.citizenship-review');
      const open = view.tasks.filter((t) => t.status === 'open').map((t) => t.kind);
      expect(open).toEqual(
        expect.arrayContaining(['citizenship_review_supervisor', 'legal_counsel_consult']),
      );
      value(
        await recordDetermination(d, w.officer, caseId, { outcome: 'removable', reason: 'Pending review' }),
      );
      value(
        await submitI213(d, w.officer, caseId, {
          narrative: 'Subject encountered at booking; claims U.S. birth, under review.',
        }),
      );
      await refused(
        () => reviewI213(d, w.supervisor, caseId, { decision: 'approved', reasons: '' }),
        CITIZENSHIP,
      );
    });

    it('blocks the charging document, its signature, the warrant, the detainer and its approval', async () => {
      const a = await newCase(w);
      await advance(w, a.caseId, 'i213_approved');
      value(await draftChargingDocument(d, w.officer, a.caseId, CHARGING));
      value(
        await openCitizenshipReview(d, w.officer, a.caseId, {
          source: 'indicia',
          statement: 'U.S. birth certificate found in property.',
        }),
      );
      await refused(() => draftChargingDocument(d, w.officer, a.caseId, CHARGING), CITIZENSHIP);
      await refused(() => signChargingDocument(d, w.supervisor, a.caseId), CITIZENSHIP);
      await refused(
        () => signWarrant(d, w.supervisor, a.caseId, { form: 'I-200', number: 'W-CIT-1' }),
        CITIZENSHIP,
      );

      const b = await newCase(w);
      await advance(w, b.caseId, 'warrant_signed');
      value(
        await openCitizenshipReview(d, w.officer, b.caseId, {
          source: 'claim',
          statement: 'Claims birth in Texas.',
        }),
      );
      await refused(() => draftDetainer(d, w.officer, b.caseId, DETAINER), CITIZENSHIP);

      const c = await newCase(w);
      await advance(w, c.caseId, 'detainer_drafted');
      value(
        await openCitizenshipReview(d, w.supervisor, c.caseId, {
          source: 'claim',
          statement: 'Claims a U.S. citizen parent.',
        }),
      );
      await refused(() => approveDetainer(d, w.supervisor, c.caseId), CITIZENSHIP);
    });

    it('blocks the hold and custody on a served detainer', async () => {
      const { caseId, bookingNumber } = await newCase(w);
      await advance(w, caseId, 'detainer_served');
      value(
        await openCitizenshipReview(d, w.officer, caseId, {
          source: 'claim',
          statement: 'Claims naturalisation.',
        }),
      );
      await refused(
        () =>
          assumeCustody(d, w.supervisor, caseId, {
            receivingFacility: { name: 'ICE center', address: '1 Way' },
          }),
        CITIZENSHIP,
      );
      const released = value(
        await recordBookingEvent(d, w.coordinator, bookingNumber, {
          kind: 'bail_posted',
          occurredAt: '2026-11-29T11:00:00Z',
        }),
      );
      expect(released.caseStatus).toBe('closed');
      expect(released.holdEndsAt).toBeNull();
      const view = value(await getCase(d, w.supervisor, caseId));
      expect(view.case.outcome).toBe('released_no_hold_permitted');
      expect(view.case.holdEndsAt).toBeNull();
      expect(view.timers.filter((t) => t.kind.startsWith('hold_'))).toEqual([]);
      const last = view.events.at(-1)!;
      expect(String((last.data as Record<string, unknown>).ruleIds)).toContain('hardstop.citizenship-review');
      expect(view.tasks.map((t) => t.kind)).toContain('mandatory_release');
    });

    it('resolves as citizen: the case closes and the subject is marked a confirmed citizen', async () => {
      const { caseId, subjectId } = await newCase(w);
      await advance(w, caseId, 'removable');
      value(
        await openCitizenshipReview(d, w.officer, caseId, {
          source: 'claim',
          statement: 'Claims birth in Ohio.',
        }),
      );
      // Only an ICE supervisor resolves it.
      const byOfficer = refusal(
        await resolveCitizenshipReview(d, w.officer, caseId, {
          finding: 'citizen',
          evidence: 'x',
          counselConsulted: true,
        }),
      );
      expect(byOfficer.code).toBe('forbidden');
      value(
        await resolveCitizenshipReview(d, w.supervisor, caseId, {
          finding: 'citizen',
          evidence: 'Ohio birth certificate verified with the vital records office.',
          counselConsulted: true,
        }),
      );
      const view = value(await getCase(d, w.supervisor, caseId));
      expect(view.case.status).toBe('closed');
      expect(view.case.outcome).toBe('no_action_citizen');
      expect(view.case.citizenshipReviewOpen).toBe(false);
      expect(view.tasks.filter((t) => t.status === 'open')).toEqual([]);
      const subject = await d.db
        .selectFrom('subjects')
        .select('confirmed_citizen_at')
        .where('subject_id', '=', subjectId)
        .executeTakeFirstOrThrow();
      expect(subject.confirmed_citizen_at).not.toBeNull();
    });

    it('refuses a finding of no citizenship before counsel is consulted; with counsel the case resumes', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'removable');
      value(
        await openCitizenshipReview(d, w.officer, caseId, {
          source: 'indicia',
          statement: 'U.S. passport card in property.',
        }),
      );
      await refused(
        () =>
          resolveCitizenshipReview(d, w.supervisor, caseId, {
            finding: 'not_citizen',
            evidence: 'Card reported lost by its holder.',
            counselConsulted: false,
          }),
        { code: 'conflict', ruleId: 'citizenship.counsel-before-finding', citation: 'ICE Directive 16001.2' },
      );
      value(
        await resolveCitizenshipReview(d, w.supervisor, caseId, {
          finding: 'not_citizen',
          evidence: 'Card reported lost by its holder; OPLA consulted.',
          counselConsulted: true,
        }),
      );
      const view = value(await getCase(d, w.supervisor, caseId));
      expect(view.case.status).toBe('removable');
      expect(view.case.citizenshipReviewOpen).toBe(false);
    });
  });

  it('under 18: every delegated action is refused, and a juvenile review task is created', async () => {
    const { caseId } = await newCase(w, {}, { dob: '2009-06-01' });
    const view = value(await getCase(d, w.supervisor, caseId));
    expect(view.tasks.map((t) => t.kind)).toContain('juvenile_review');
    expect(view.stops.map((s) => s.ruleId)).toContain('hardstop.juvenile');
    const o = w.officer;
    const s = w.supervisor;
    const attempts: Array<[string, () => Promise<Result<unknown>>]> = [
      ['query_systems', () => requestSystemQueries(d, o, caseId, { systems: ['NCIC'] })],
      ['interview', () => recordInterview(d, o, caseId, INTERVIEW)],
      ['interview (ICE)', () => recordInterview(d, s, caseId, INTERVIEW)],
      ['determination', () => recordDetermination(d, o, caseId, { outcome: 'removable', reason: 'x' })],
      [
        'prepare_i213',
        () => submitI213(d, o, caseId, { narrative: 'A narrative long enough for the form.' }),
      ],
      ['approve_i213', () => reviewI213(d, s, caseId, { decision: 'approved', reasons: '' })],
      ['prepare_charging_document', () => draftChargingDocument(d, o, caseId, CHARGING)],
      ['sign_charging_document', () => signChargingDocument(d, s, caseId)],
      ['sign_warrant', () => signWarrant(d, s, caseId, { form: 'I-200', number: 'W-JUV-1' })],
      ['issue_detainer', () => draftDetainer(d, o, caseId, DETAINER)],
      ['approve_detainer', () => approveDetainer(d, s, caseId)],
      ['serve', () => serveDetainer(d, o, caseId, { language: 'English' })],
      [
        'assume_custody',
        () => assumeCustody(d, s, caseId, { receivingFacility: { name: 'x', address: 'y' } }),
      ],
    ];
    for (const [, run] of attempts) await refused(run, JUVENILE);
  });

  describe('detainer', () => {
    it('is refused without a criminal booking (the person left custody)', async () => {
      const { caseId, bookingNumber } = await newCase(w);
      await advance(w, caseId, 'warrant_signed');
      value(
        await recordBookingEvent(d, w.coordinator, bookingNumber, {
          kind: 'left_custody',
          occurredAt: '2026-11-29T11:00:00Z',
        }),
      );
      await refused(() => draftDetainer(d, w.officer, caseId, DETAINER), {
        ruleId: 'detainer.criminal-booking',
        citation: 'ICE Policy 10074.2 (criminal arrest required)',
      });
    });

    it('is refused on "investigation initiated" and on a database no-match, each by its own rule', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'warrant_signed');
      const investigation = await refused(
        () => draftDetainer(d, w.officer, caseId, { ...DETAINER, basis: 'investigation_initiated' }),
        { ruleId: 'detainer.not-investigation-initiated', citation: 'Miranda-Olivares' },
      );
      expect(investigation.ruleId).toContain('detainer.enumerated-basis');
      expect(investigation.ruleId).not.toContain('detainer.not-database-no-match');
      const noMatch = await refused(
        () => draftDetainer(d, w.officer, caseId, { ...DETAINER, basis: 'database_no_match' }),
        { ruleId: 'detainer.not-database-no-match', citation: 'Gonzalez v. ICE' },
      );
      expect(noMatch.ruleId).not.toContain('detainer.not-investigation-initiated');
    });

    it('is refused without a signed warrant', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'i213_approved');
      await refused(() => draftDetainer(d, w.officer, caseId, DETAINER), {
        ruleId: 'detainer.signed-warrant',
        citation: '8 CFR 287.5(e)(2)',
      });
    });

    it('is not served before ICE approves it', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'detainer_drafted');
      await refused(() => serveDetainer(d, w.officer, caseId, { language: 'Spanish' }), {
        ruleId: 'detainer.approval-before-service',
        citation: 'ICE Policy 10074.2',
      });
    });
  });

  describe('the hold', () => {
    it('never starts on an approved detainer that was not served: the case closes, released before the detainer', async () => {
      const { caseId, bookingNumber } = await newCase(w);
      await advance(w, caseId, 'detainer_approved');
      const r = value(
        await recordBookingEvent(d, w.coordinator, bookingNumber, {
          kind: 'sentence_served',
          occurredAt: '2026-11-29T11:30:00Z',
        }),
      );
      expect(r).toMatchObject({ caseStatus: 'closed', holdEndsAt: null });
      const view = value(await getCase(d, w.supervisor, caseId));
      expect(view.case.outcome).toBe('released_before_detainer');
      expect(view.case.holdStartedAt).toBeNull();
      expect(view.timers.filter((t) => t.kind.startsWith('hold_'))).toEqual([]);
    });

    it('is never extended: custody after the end is refused, and a release reported 48 hours late starts no hold', async () => {
      const a = await newCase(w);
      await advance(w, a.caseId, 'detainer_served');
      w.t.clock.set('2026-11-29T12:30:00Z');
      const started = value(
        await recordBookingEvent(d, w.coordinator, a.bookingNumber, {
          kind: 'bail_posted',
          occurredAt: '2026-11-29T12:00:00Z',
        }),
      );
      expect(started).toMatchObject({ caseStatus: 'hold_running', holdEndsAt: '2026-12-01T12:00:00.000Z' });
      w.t.clock.set('2026-12-01T12:00:00Z');
      await refused(
        () =>
          assumeCustody(d, w.supervisor, a.caseId, {
            receivingFacility: { name: 'ICE center', address: '1 Way' },
          }),
        { code: 'conflict', ruleId: 'hold.48-hour-limit', citation: '8 CFR 287.7(d)' },
      );

      w.t.clock.set('2026-11-29T12:00:00Z');
      const b = await newCase(w);
      await advance(w, b.caseId, 'detainer_served');
      w.t.clock.set('2026-12-01T14:00:00Z');
      const late = value(
        await recordBookingEvent(d, w.coordinator, b.bookingNumber, {
          kind: 'court_order',
          occurredAt: '2026-11-29T13:00:00Z',
        }),
      );
      expect(late).toMatchObject({ caseStatus: 'closed', holdEndsAt: null });
      const view = value(await getCase(d, w.supervisor, b.caseId));
      expect(view.case.outcome).toBe('released_no_hold_permitted');
      expect(String((view.events.at(-1)!.data as Record<string, unknown>).ruleIds)).toContain(
        'hold.48-hour-limit',
      );
      w.t.clock.set('2026-11-29T12:00:00Z');
    });
  });

  describe('officers and ICE users', () => {
    it('a WSO officer cannot query systems (the WSO clause)', async () => {
      const moaId = await extraAgreement(w, { code: 'WSOF', models: ['JEM', 'WSO'] });
      const wso = await authorizedOfficer(w, {
        email: 'wso.officer@test.delegate.test',
        model: 'WSO',
        moaId,
      });
      const { caseId } = await newCase(w, { facilityCode: 'WSOF' });
      const r = await refused(() => requestSystemQueries(d, wso, caseId, { systems: ['NCIC', 'EID'] }), {
        ruleId: 'wso.functions-not-delegated',
        citation: '8 U.S.C. §1357(g)(1), (g)(5)',
      });
      expect(r.citation).toContain('WSO-DEFAULT:functions-not-delegated');
      const rows = await d.db
        .selectFrom('system_queries')
        .select('query_id')
        .where('case_id', '=', caseId)
        .execute();
      expect(rows).toEqual([]);
    });

    it('no hold where the agreement forbids civil holds: the case closes with a release task', async () => {
      const moaId = await extraAgreement(w, { code: 'OVRL', models: ['JEM'], civilHoldsForbidden: true });
      const jem = await authorizedOfficer(w, {
        email: 'overlay.officer@test.delegate.test',
        model: 'JEM',
        moaId,
      });
      const { caseId, bookingNumber } = await newCase(w, { facilityCode: 'OVRL' });
      await advance(w, caseId, 'detainer_served', jem);
      const r = value(
        await recordBookingEvent(d, w.coordinator, bookingNumber, {
          kind: 'bail_posted',
          occurredAt: '2026-11-29T11:45:00Z',
        }),
      );
      expect(r).toMatchObject({ caseStatus: 'closed', holdEndsAt: null });
      const view = value(await getCase(d, w.supervisor, caseId));
      expect(view.case.outcome).toBe('released_no_hold_permitted');
      expect(String((view.events.at(-1)!.data as Record<string, unknown>).ruleIds)).toContain(
        'overlay.civil-holds-forbidden',
      );
      const task = view.tasks.find((t) => t.kind === 'mandatory_release');
      expect(task?.status).toBe('open');
    });

    it('an lea_officer cannot sign a warrant', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'i213_approved');
      await refused(() => signWarrant(d, w.officer, caseId, { form: 'I-200', number: 'W-LEA-1' }), {
        ruleId: 'lea.no-warrant-signing',
        citation: '8 CFR 236.1(b)',
      });
    });

    it('an ICE supervisor without the warrant-issuer flag cannot sign one', async () => {
      const plain = await plainSupervisor(w, 'plain.supervisor@test.delegate.test');
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'i213_approved');
      await refused(() => signWarrant(d, plain, caseId, { form: 'I-200', number: 'W-ICE-1' }), {
        ruleId: 'ice.warrant-issuer-only',
        citation: '8 CFR 287.5(e)(2)',
      });
    });

    it('the officer who prepared the I-213 cannot approve it', async () => {
      const { caseId } = await newCase(w);
      await advance(w, caseId, 'i213_submitted');
      await refused(() => reviewI213(d, w.officer, caseId, { decision: 'approved', reasons: '' }), {
        ruleId: 'lea.ice-functions',
        citation: '8 U.S.C. §1357(g)(3)',
      });
    });
  });

  it('two supervisors approving one I-213 at once: one succeeds, the other gets case.concurrent-change', async () => {
    const second = await plainSupervisor(w, 'second.supervisor@test.delegate.test');
    const { caseId } = await newCase(w);
    await advance(w, caseId, 'i213_submitted');
    const racing = { ...d, db: barrierDb(d.db, 2) };
    const results = await Promise.all([
      reviewI213(racing, w.supervisor, caseId, { decision: 'approved', reasons: '' }),
      reviewI213(racing, second, caseId, { decision: 'approved', reasons: '' }),
    ]);
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(refusal(lost[0]!)).toMatchObject({ code: 'conflict', ruleId: 'case.concurrent-change' });
    const view = value(await getCase(d, w.supervisor, caseId));
    expect(view.case.record.i213?.reviews).toHaveLength(1);
    expect(view.events.filter((e) => e.kind === 'case.i213_reviewed')).toHaveLength(1);
  });
});

/**
 * The database, with every transaction held until `n` callers have reached one: both use cases
 * have then loaded and decided on the same version of the case before either writes.
 */
function barrierDb(db: Db, n: number): Db {
  let waiting = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return () => {
        const builder = target.transaction();
        return {
          execute: async <T>(fn: Parameters<typeof builder.execute<T>>[0]) => {
            waiting += 1;
            if (waiting >= n) release();
            await gate;
            return builder.execute(fn);
          },
        };
      };
    },
  });
}

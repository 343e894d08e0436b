/**
 * The TFM field flow through its use cases on both backends: encounter → interview → warrantless
 * arrest with its justification → examination by a different officer (or the recorded
 * exception) → 287.3(c) advisals → I-213 → ICE approval → I-862 carrying the warrantless arrest
 * and its advisal. Unhappy paths first: the I-213 and the charging document wait for the
 * examination and the advisals; the arresting officer does not examine without the exception;
 * JEM officers have no warrantless arrest; release closes the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftChargingDocument, signChargingDocument } from '../../src/app/casework/charging-document.ts';
import { getCase } from '../../src/app/casework/get-case.ts';
import { listCases } from '../../src/app/casework/list-cases.ts';
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { reviewI213 } from '../../src/app/casework/review-i213.ts';
import { submitI213 } from '../../src/app/casework/submit-i213.ts';
import { recordArrestAdvisals } from '../../src/app/casework/tfm/record-arrest-advisals.ts';
import { recordExamination } from '../../src/app/casework/tfm/record-examination.ts';
import { recordWarrantlessArrest } from '../../src/app/casework/tfm/record-warrantless-arrest.ts';
import { releaseAfterEncounter } from '../../src/app/casework/tfm/release-after-encounter.ts';
import { checkCaseStep } from '../../src/domain/jem-case.ts';
import { CHARGING, newCase } from '../casework/flow.ts';
import { INTERVIEW, value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import {
  ADVISALS,
  arrestedAndRemovable,
  LIKELY_TO_ESCAPE,
  newEncounter,
  readyForI213,
  type TfmWorld,
  tfmWorld,
} from './support.ts';

const NARRATIVE =
  'Stopped for speeding; admitted entry without inspection in 2021; arrested as likely to escape.';

describe.each(backends())('TFM field flow on %s', (backend) => {
  let w: TfmWorld;
  beforeAll(async () => {
    w = await tfmWorld(backend);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it('refuses the I-213 after a warrantless arrest until the examination and the advisals are recorded', async () => {
    const caseId = await arrestedAndRemovable(w);
    const early = await submitI213(w.t.deps, w.tfm, caseId, { narrative: NARRATIVE });
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.error.ruleId).toBe('tfm.i213-needs-examination');
      expect(early.error.citation).toBe('8 CFR 287.3(a)');
    }
    value(await recordExamination(w.t.deps, w.supervisor, caseId, { exception: null }));
    const stillEarly = await submitI213(w.t.deps, w.tfm, caseId, { narrative: NARRATIVE });
    expect(stillEarly.ok).toBe(false);
    if (!stillEarly.ok) {
      expect(stillEarly.error.ruleId).toBe('tfm.i213-needs-advisals');
      expect(stillEarly.error.citation).toBe('8 CFR 287.3(c)');
    }
    value(await recordArrestAdvisals(w.t.deps, w.tfm, caseId, ADVISALS));
    expect(value(await submitI213(w.t.deps, w.tfm, caseId, { narrative: NARRATIVE })).status).toBe(
      'i213_submitted',
    );
  });

  it('refuses the arresting officer as examiner without the 8 CFR 287.3(a) exception, and records it with one', async () => {
    const caseId = await arrestedAndRemovable(w);
    const same = await recordExamination(w.t.deps, w.tfm, caseId, { exception: null });
    expect(same.ok).toBe(false);
    if (!same.ok) {
      expect(same.error.ruleId).toBe('tfm.examiner-is-arresting-officer');
      expect(same.error.userMessage).toMatch(/other than the arresting officer/);
    }
    const thin = await recordExamination(w.t.deps, w.tfm, caseId, { exception: 'alone' });
    expect(thin.ok).toBe(false);
    value(
      await recordExamination(w.t.deps, w.tfm, caseId, {
        exception: 'Night shift in a rural county; the nearest qualified officer was three hours away.',
      }),
    );
    const again = await recordExamination(w.t.deps, w.supervisor, caseId, { exception: null });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.ruleId).toBe('tfm.already-examined');
  });

  it('refuses a warrantless arrest without a substantive "likely to escape" justification', async () => {
    const caseId = await newEncounter(w);
    for (const likelyToEscape of [undefined, '', 'might run', 'x'.repeat(60)]) {
      const r = await recordWarrantlessArrest(w.t.deps, w.tfm, caseId, { likelyToEscape });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.ruleId).toBe('tfm.likely-to-escape-required');
        expect(r.error.citation).toMatch(/287\(a\)\(2\)/);
      }
    }
    const kase = value(await getCase(w.t.deps, w.tfm, caseId));
    expect(kase.case.status).toBe('encountered');
    expect(kase.case.record.warrantlessArrest).toBeUndefined();
  });

  it('refuses a warrantless arrest by a JEM officer (not delegated) and on a JEM case', async () => {
    const caseId = await newEncounter(w);
    const jemOfficer = await recordWarrantlessArrest(w.t.deps, w.officer, caseId, {
      likelyToEscape: LIKELY_TO_ESCAPE,
    });
    expect(jemOfficer.ok).toBe(false);
    if (!jemOfficer.ok) expect(jemOfficer.error.code).toBe('forbidden');
    const jem = await newCase(w);
    const onJem = await recordWarrantlessArrest(w.t.deps, w.supervisor, jem.caseId, {
      likelyToEscape: LIKELY_TO_ESCAPE,
    });
    expect(onJem.ok).toBe(false);
    if (!onJem.ok) expect(onJem.error.ruleId).toBe('tfm.field-encounter-only');
  });

  it('refuses the examination and advisals before an arrest, and advisals that are not all given', async () => {
    const caseId = await newEncounter(w);
    const exam = await recordExamination(w.t.deps, w.supervisor, caseId, { exception: null });
    expect(exam.ok).toBe(false);
    if (!exam.ok) expect(exam.error.ruleId).toBe('tfm.examination-needs-arrest');
    const partial = await recordArrestAdvisals(w.t.deps, w.tfm, caseId, {
      ...ADVISALS,
      legalServicesList: false,
    });
    expect(partial.ok).toBe(false);
    if (!partial.ok) expect(partial.error.userMessage).toMatch(/list of free legal services/);
    const none = await recordArrestAdvisals(w.t.deps, w.tfm, caseId, ADVISALS);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.ruleId).toBe('tfm.advisals-need-arrest');
  });

  it('walks encounter → interview → arrest → other examiner → advisals → I-213 → ICE approval → I-862 with the advisal', async () => {
    const d = w.t.deps;
    const caseId = await newEncounter(w);
    const field = value(await listCases(d, w.tfm, { list: 'field' }));
    expect(field.items.map((i) => i.caseId)).toContain(caseId);
    expect(field.items.find((i) => i.caseId === caseId)?.model).toBe('TFM');
    expect(value(await recordInterview(d, w.tfm, caseId, INTERVIEW)).status).toBe('interviewed');
    expect(
      value(await recordWarrantlessArrest(d, w.tfm, caseId, { likelyToEscape: LIKELY_TO_ESCAPE })).status,
    ).toBe('arrested');
    value(await recordExamination(d, w.supervisor, caseId, { exception: null }));
    value(await recordArrestAdvisals(d, w.tfm, caseId, ADVISALS));
    value(await recordDetermination(d, w.tfm, caseId, { outcome: 'removable', reason: 'No lawful status.' }));
    value(await submitI213(d, w.tfm, caseId, { narrative: NARRATIVE }));
    expect(
      value(await reviewI213(d, w.supervisor, caseId, { decision: 'approved', reasons: '' })).status,
    ).toBe('i213_approved');
    // An I-862 that does not say "warrantless" is refused at signature, and so is one without the advisal.
    value(await draftChargingDocument(d, w.tfm, caseId, CHARGING));
    const plain = await signChargingDocument(d, w.supervisor, caseId);
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.error.ruleId).toBe('tfm.i862-warrantless-arrest');
    const arrestedAt = value(await getCase(d, w.tfm, caseId)).case.record.warrantlessArrest!.at;
    value(
      await draftChargingDocument(d, w.tfm, caseId, {
        ...CHARGING,
        warrantlessArrest: true,
        arrestedAt,
        advisal: {
          reasonsForArrest: true,
          rightToCounsel: true,
          legalServicesListProvided: true,
          advisedAt: new Date(d.clock.now()).toISOString(),
        },
      }),
    );
    value(await signChargingDocument(d, w.supervisor, caseId));
    const done = value(await getCase(d, w.tfm, caseId));
    expect(done.case.record.charging?.warrantlessArrest).toBe(true);
    expect(done.case.record.charging?.signedAt).toBeTruthy();
    expect(done.documents.map((x) => x.form)).toEqual(expect.arrayContaining(['I-213', 'I-862']));
    const kinds = done.events.map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'case.encounter_recorded',
        'case.interview_recorded',
        'case.warrantless_arrest_recorded',
        'case.examination_recorded',
        'case.arrest_advisals_recorded',
        'case.i213_submitted',
        'case.i213_reviewed',
      ]),
    );
  });

  it('an advisal-less I-862 is not finalised while the 287.3(c) advisals are missing', async () => {
    const refusal = checkCaseStep(
      {
        status: 'i213_approved',
        citizenshipReviewOpen: false,
        holdEndsAt: null,
        record: {
          warrantlessArrest: { at: '2026-11-29T10:00:00Z', by: 'u1', likelyToEscape: LIKELY_TO_ESCAPE },
          examination: { at: '2026-11-29T10:30:00Z', by: 'u2', exception: null },
          charging: {
            form: 'I-862',
            allegations: ['a'],
            warrantlessArrest: true,
            legalServicesListProvided: true,
            draftedAt: '2026-11-29T11:00:00Z',
            draftedBy: 'u1',
            draft: {},
          },
        },
      },
      'sign_charging',
    );
    expect(refusal?.ruleId).toBe('tfm.charging-needs-advisals');
    expect(refusal?.citation).toBe('8 CFR 287.3(c)');
  });

  it('releases after the encounter: the case closes with released_after_encounter', async () => {
    const caseId = await newEncounter(w);
    const r = value(
      await releaseAfterEncounter(w.t.deps, w.tfm, caseId, { reason: 'Citation issued; no further action.' }),
    );
    expect(r.status).toBe('closed');
    const kase = value(await getCase(w.t.deps, w.tfm, caseId));
    expect(kase.case.outcome).toBe('released_after_encounter');
    const again = await releaseAfterEncounter(w.t.deps, w.tfm, caseId, { reason: 'again' });
    expect(again.ok).toBe(false);
  });

  it('follows the JEM path once ready: readyForI213 submits', async () => {
    const caseId = await readyForI213(w);
    expect(value(await submitI213(w.t.deps, w.tfm, caseId, { narrative: NARRATIVE })).status).toBe(
      'i213_submitted',
    );
  });
});

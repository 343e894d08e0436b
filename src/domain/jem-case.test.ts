/** Which step may follow which on a JEM case, what a release does, and ages. */
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  type CaseRecord,
  type CaseState,
  type CaseStatus,
  type CaseStep,
  checkCaseStep,
  onWouldBeReleased,
} from './jem-case.ts';

const state = (status: CaseStatus, record: CaseRecord = {}, over: Partial<CaseState> = {}): CaseState => ({
  status,
  record,
  citizenshipReviewOpen: false,
  holdEndsAt: null,
  ...over,
});
const review = (decision: 'approved' | 'returned') => ({
  narrative: 'n',
  submittedAt: '2026-11-29T12:00:00Z',
  submittedBy: 'u1',
  reviews: [{ at: '2026-11-29T13:00:00Z', by: 'u2', decision, reasons: '' }],
});
const interview = { at: 'x', by: 'u1' } as unknown as CaseRecord['interview'];
const ruleOf = (c: CaseState, step: CaseStep) => checkCaseStep(c, step)?.ruleId ?? null;

describe('checkCaseStep', () => {
  it('refuses every step on a closed case', () => {
    const steps: CaseStep[] = [
      'assign',
      'query_systems',
      'interview',
      'open_citizenship_review',
      'lift_detainer',
    ];
    for (const step of steps) expect(ruleOf(state('closed'), step)).toBe('case.closed');
  });

  it('needs an interview before a determination, and a determination before an I-213', () => {
    expect(ruleOf(state('screening'), 'determine')).toBe('case.determination-needs-interview');
    expect(ruleOf(state('interviewed', { interview }), 'determine')).toBeNull();
    expect(ruleOf(state('interviewed', { interview }), 'submit_i213')).toBe('case.i213-needs-removability');
    expect(ruleOf(state('removable', { interview }), 'submit_i213')).toBeNull();
  });

  it('takes no interview once the I-213 is submitted', () => {
    expect(ruleOf(state('i213_submitted'), 'interview')).toBe('case.interview-after-i213');
    expect(ruleOf(state('removable'), 'interview')).toBeNull();
  });

  it('reviews only a submitted I-213', () => {
    expect(ruleOf(state('removable'), 'review_i213')).toBe('case.i213-not-submitted');
    expect(ruleOf(state('i213_submitted', { i213: review('approved') }), 'review_i213')).toBeNull();
  });

  it('drafts charging documents and warrants only on an approved I-213', () => {
    expect(ruleOf(state('i213_submitted'), 'draft_charging')).toBe('case.charging-needs-i213');
    expect(ruleOf(state('removable', { i213: review('returned') }), 'sign_warrant')).toBe(
      'case.warrant-needs-i213',
    );
    const approved = state('i213_approved', { i213: review('approved') });
    expect(ruleOf(approved, 'draft_charging')).toBeNull();
    expect(ruleOf(approved, 'sign_warrant')).toBeNull();
    const signed = state('i213_approved', {
      i213: review('approved'),
      warrant: { form: 'I-200', number: 'W-1', signedAt: 'x', signedBy: 'u' },
    });
    expect(ruleOf(signed, 'sign_warrant')).toBe('case.warrant-signed');
  });

  it('does not finalise an I-862 on a warrantless arrest until the legal-services advisal is recorded', () => {
    const charging = (legalServicesListProvided: boolean) =>
      state('i213_approved', {
        i213: review('approved'),
        charging: {
          form: 'I-862',
          allegations: ['a'],
          warrantlessArrest: true,
          legalServicesListProvided,
          draftedAt: 'x',
          draftedBy: 'u',
          draft: {},
        },
      });
    const refusal = checkCaseStep(charging(false), 'sign_charging');
    expect(refusal).toMatchObject({ ruleId: 'i862.legal-services-advisal', citation: '8 CFR 287.3(c)' });
    expect(checkCaseStep(charging(true), 'sign_charging')).toBeNull();
    expect(ruleOf(state('i213_approved', { i213: review('approved') }), 'sign_charging')).toBe(
      'case.charging-not-drafted',
    );
  });

  it('walks the detainer: drafted once after approval, approved, then served', () => {
    expect(ruleOf(state('i213_approved'), 'draft_detainer')).toBeNull();
    expect(ruleOf(state('detainer_drafted'), 'draft_detainer')).toBe('case.detainer-not-now');
    expect(ruleOf(state('i213_approved'), 'approve_detainer')).toBe('case.detainer-not-drafted');
    expect(ruleOf(state('detainer_drafted'), 'approve_detainer')).toBeNull();
    expect(checkCaseStep(state('detainer_drafted'), 'serve_detainer')).toMatchObject({
      ruleId: 'detainer.approval-before-service',
      citation: 'ICE Policy 10074.2; Form I-247A',
    });
    expect(ruleOf(state('detainer_approved'), 'serve_detainer')).toBeNull();
  });

  it('assumes custody only on an effective detainer, and lifts only a detainer that exists', () => {
    expect(ruleOf(state('detainer_approved'), 'assume_custody')).toBe(
      'case.custody-needs-effective-detainer',
    );
    expect(ruleOf(state('detainer_served'), 'assume_custody')).toBeNull();
    expect(ruleOf(state('hold_running'), 'assume_custody')).toBeNull();
    expect(ruleOf(state('i213_approved'), 'lift_detainer')).toBe('case.no-detainer');
    for (const s of ['detainer_drafted', 'detainer_approved', 'detainer_served', 'hold_running'] as const)
      expect(ruleOf(state(s), 'lift_detainer')).toBeNull();
  });

  it('resolves a citizenship review only while one is open', () => {
    expect(ruleOf(state('interviewed'), 'resolve_citizenship_review')).toBe('case.no-citizenship-review');
    expect(
      ruleOf(state('interviewed', {}, { citizenshipReviewOpen: true }), 'resolve_citizenship_review'),
    ).toBeNull();
  });
});

describe('onWouldBeReleased', () => {
  it('starts a hold only on a served detainer', () => {
    expect(onWouldBeReleased(state('detainer_served'))).toEqual({ kind: 'start_hold' });
    for (const s of [
      'screening',
      'removable',
      'i213_approved',
      'detainer_drafted',
      'detainer_approved',
    ] as const)
      expect(onWouldBeReleased(state(s))).toEqual({ kind: 'close', outcome: 'released_before_detainer' });
    expect(onWouldBeReleased(state('hold_running'))).toEqual({ kind: 'already_released' });
  });
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2008-12-01', '2026-11-30')).toBe(17);
    expect(ageOn('2008-12-01', '2026-12-01')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });
});

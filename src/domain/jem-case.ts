/**
 * The Jail Enforcement Model screening case (design/product.md "JEM screening"; domain.md §3):
 * its statuses, the structured record of each step, and which step may follow which. Pure.
 *
 * screening → interviewed → (no action | citizenship review | removable) → I-213 submitted →
 * (returned → resubmitted | approved) → charging document drafted and signed by ICE, I-200 or
 * I-205 signed by an ICE warrant issuer → detainer drafted → approved → served (only then
 * effective) → release event starts the hold → ICE assumes custody | detainer lifted |
 * released at the 48-hour limit. A release before the detainer is effective closes the case.
 *
 * Whether the actor may take the step at all is the authority engine's question (hard stops,
 * agreement, authorization); this module answers whether the case is at a point where the step
 * makes sense, and names the rule when it is not.
 */

export const CASE_STATUSES = [
  // WSO (issue 5): ICE lodged a signed I-200/I-205; served at release; ICE has 48 hours unless an IGSA.
  'warrant_lodged',
  'warrant_served',
  // TFM (issue 5): a field encounter, then a warrantless arrest where justified.
  'encountered',
  'arrested',
  'screening',
  'interviewed',
  'removable',
  'i213_submitted',
  'i213_approved',
  'detainer_drafted',
  'detainer_approved',
  'detainer_served',
  'hold_running',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = [
  'no_action_lawful_status',
  'no_action_citizen',
  'released_before_detainer',
  'ice_assumed_custody',
  'detainer_lifted',
  'released_at_hold_limit',
  'released_no_hold_permitted',
  'released_by_jail',
  'transferred_to_ice',
  'released_at_custody_limit',
  'warrant_withdrawn',
  'released_after_encounter',
] as const;

/**
 * The lawful basis recorded for a TFM stop or arrest. Immigration status alone, and any
 * protected characteristic, is never a basis (design/product.md; 8 U.S.C. §1357(g)).
 */
export const STOP_BASES = [
  'traffic_violation',
  'observed_criminal_offense',
  'criminal_warrant',
  'probable_cause_criminal_offense',
  'reasonable_suspicion_criminal_activity',
  'ice_identified_lead_with_warrant',
  'consensual_encounter',
] as const;
export type StopBasis = (typeof STOP_BASES)[number];
export const FORBIDDEN_STOP_BASES = [
  'immigration_status',
  'race',
  'ethnicity',
  'national_origin',
  'religion',
  'language',
  'appearance',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** Lift reasons, in the style of public detainer data. */
export const LIFT_REASONS = [
  'prosecutorial_discretion',
  'insufficient_evidence',
  'lawful_status_found',
  'citizenship_confirmed',
  'subject_in_other_custody',
  'duplicate_detainer',
  'other',
] as const;
export type LiftReason = (typeof LIFT_REASONS)[number];

/** The probable-cause bases of Form I-247A (ICE Policy 10074.2), and the two that are never enough. */
export const DETAINER_BASES = [
  'final_order',
  'pending_proceedings',
  'biometric_and_records',
  'statements_or_evidence',
] as const;
export const INSUFFICIENT_BASES = ['investigation_initiated', 'database_no_match'] as const;
export type DetainerBasis = (typeof DETAINER_BASES)[number] | (typeof INSUFFICIENT_BASES)[number];

export const CHARGING_FORMS = ['I-862', 'I-851', 'I-871'] as const;
export type ChargingForm = (typeof CHARGING_FORMS)[number];
export const WARRANT_FORMS = ['I-200', 'I-205'] as const;
export type WarrantForm = (typeof WARRANT_FORMS)[number];

export const ADVISALS = [
  'right_to_remain_silent',
  'purpose_of_interview',
  'consular_access',
  'right_to_counsel_no_government_expense',
  'legal_services_list',
  'reasons_for_arrest',
] as const;
export type Advisal = (typeof ADVISALS)[number];

export interface Interview {
  at: string;
  by: string;
  primaryLanguage: string;
  englishProficiency: 'proficient' | 'limited' | 'none';
  interpreter: { name: string; method: 'in_person' | 'telephone' | 'video' } | null;
  advisals: Advisal[];
  nationality: string | null;
  consular: {
    mandatory: boolean;
    listVersion: string;
    /** For a mandatory-list national the choice is not asked: notification is made regardless. */
    subjectChoice: 'requested' | 'declined' | null;
  };
  citizenshipClaim: boolean;
  citizenshipIndicia: string | null;
  swornStatement: { oathAdministeredBy: string; text: string } | null;
  notes: string;
}

export interface CaseRecord {
  interview?: Interview;
  determination?: {
    at: string;
    by: string;
    outcome: 'no_action' | 'citizenship_review' | 'removable';
    reason: string;
  };
  i213?: {
    narrative: string;
    submittedAt: string;
    submittedBy: string;
    reviews: Array<{ at: string; by: string; decision: 'approved' | 'returned'; reasons: string }>;
  };
  charging?: {
    form: ChargingForm;
    allegations: string[];
    warrantlessArrest: boolean;
    legalServicesListProvided: boolean;
    draftedAt: string;
    draftedBy: string;
    signedAt?: string;
    signedBy?: string;
    /** The drafted content (allegations, charges, advisals, prior order), as the officer entered it. */
    draft: Record<string, unknown>;
  };
  warrant?: { form: WarrantForm; number: string; signedAt: string; signedBy: string };
  detainer?: {
    basis: DetainerBasis;
    basisNarrative: string;
    draftedAt: string;
    draftedBy: string;
    approvedAt?: string;
    approvedBy?: string;
    served?: { at: string; by: string; language: string };
  };
  citizenship?: {
    openedAt: string;
    source: 'claim' | 'indicia';
    statement: string;
    resumeStatus: CaseStatus;
    resolution?: {
      at: string;
      by: string;
      finding: 'citizen' | 'not_citizen';
      evidence: string;
      counselConsulted: boolean;
    };
  };
  custody?: { at: string; by: string; i286Served: boolean; i203Issued: boolean; receivingFacility: string };
  /** WSO: the warrant ICE lodged for the named person, its service at release, the transfer. */
  wsoWarrant?: {
    form: WarrantForm;
    number: string;
    lodgedAt: string;
    lodgedBy: string;
    /** The facility had an IGSA with ICE on the service date: no 48-hour limit applies. */
    igsa?: boolean;
    served?: { at: string; by: string };
    transfer?: { at: string; by: string; receivingFacility: string };
  };
  /** TFM: who, when, where, and the lawful basis of the stop or arrest. */
  encounter?: {
    at: string;
    by: string;
    jurisdiction: string;
    location: string;
    basis: StopBasis;
    basisNarrative: string;
    person: Record<string, unknown>;
  };
  /** TFM: INA §287(a)(2) — likely to escape before a warrant can be obtained. */
  warrantlessArrest?: { at: string; by: string; likelyToEscape: string };
  /** 8 CFR 287.3(a): examined by an officer other than the arresting one, or the recorded exception. */
  examination?: { at: string; by: string; exception: string | null };
  /** 8 CFR 287.3(c): reasons for arrest, counsel at no government expense, free legal services list. */
  arrestAdvisals?: { at: string; by: string; language: string };
  lift?: { at: string; by: string; reason: LiftReason; note: string };
}

export type CaseStep =
  | 'assign'
  | 'query_systems'
  | 'interview'
  | 'determine'
  | 'submit_i213'
  | 'review_i213'
  | 'draft_charging'
  | 'sign_charging'
  | 'sign_warrant'
  | 'draft_detainer'
  | 'approve_detainer'
  | 'serve_detainer'
  | 'assume_custody'
  | 'lift_detainer'
  | 'open_citizenship_review'
  | 'resolve_citizenship_review'
  // TFM (issue 5)
  | 'warrantless_arrest'
  | 'examine'
  | 'arrest_advisals'
  | 'release_after_encounter'
  // WSO (issue 5)
  | 'serve_wso_warrant'
  | 'transfer_to_ice'
  | 'withdraw_wso_warrant';

export interface CaseState {
  status: CaseStatus;
  record: CaseRecord;
  citizenshipReviewOpen: boolean;
  holdEndsAt: Date | null;
}

export interface StepRefusal {
  ruleId: string;
  message: string;
  citation?: string;
}

const OPEN_BEFORE_I213: CaseStatus[] = ['screening', 'interviewed', 'removable'];

/** Whether the case is at a point where `step` applies; null when it is. */
export function checkCaseStep(c: CaseState, step: CaseStep): StepRefusal | null {
  const refuse = (ruleId: string, message: string, citation?: string): StepRefusal =>
    citation ? { ruleId, message, citation } : { ruleId, message };
  if (c.status === 'closed') return refuse('case.closed', 'The case is closed.');
  const r = c.record;
  switch (step) {
    case 'assign':
    case 'query_systems':
    case 'open_citizenship_review':
      return null;
    case 'interview':
      // TFM: the field encounter is interviewed before or after a warrantless arrest.
      return [...OPEN_BEFORE_I213, 'encountered', 'arrested'].includes(c.status)
        ? null
        : refuse('case.interview-after-i213', 'The interview is recorded before the I-213 is submitted.');
    case 'determine':
      if (!r.interview) return refuse('case.determination-needs-interview', 'Record the interview first.');
      return ['interviewed', 'removable', 'arrested'].includes(c.status)
        ? null
        : refuse('case.determination-not-now', 'A determination follows the interview.');
    case 'submit_i213': {
      const arrest = warrantlessArrestIncomplete(r, 'i213');
      if (arrest) return arrest;
      if (c.status !== 'removable')
        return refuse(
          'case.i213-needs-removability',
          'An I-213 is prepared only after a determination that the subject is removable.',
        );
      return null;
    }
    case 'review_i213':
      return c.status === 'i213_submitted'
        ? null
        : refuse('case.i213-not-submitted', 'No I-213 awaits review on this case.');
    case 'draft_charging':
      if (!isI213Approved(c))
        return refuse('case.charging-needs-i213', 'The I-213 must be approved by ICE first.');
      return r.charging?.signedAt
        ? refuse('case.charging-signed', 'The charging document is already signed.')
        : null;
    case 'sign_charging':
      if (!r.charging) return refuse('case.charging-not-drafted', 'No charging document has been drafted.');
      if (r.charging.signedAt)
        return refuse('case.charging-signed', 'The charging document is already signed.');
      if (r.warrantlessArrest) {
        const advisals = warrantlessArrestIncomplete(r, 'charging');
        if (advisals) return advisals;
        if (r.charging.form === 'I-862' && !r.charging.warrantlessArrest)
          return refuse(
            'tfm.i862-warrantless-arrest',
            'The person was arrested without a warrant: the I-862 must say so and carry the 8 CFR 287.3(c) advisal. Draft it again.',
            '8 CFR 287.3(c)',
          );
      }
      if (
        r.charging.form === 'I-862' &&
        r.charging.warrantlessArrest &&
        !r.charging.legalServicesListProvided
      )
        return refuse(
          'i862.legal-services-advisal',
          'An I-862 for a person arrested without a warrant cannot be finalised until the advisal of the free legal services list is recorded.',
          '8 CFR 287.3(c)',
        );
      return null;
    case 'sign_warrant':
      if (!isI213Approved(c))
        return refuse('case.warrant-needs-i213', 'The I-213 must be approved by ICE first.');
      return r.warrant ? refuse('case.warrant-signed', 'A warrant is already signed on this case.') : null;
    case 'draft_detainer':
      if (c.status !== 'i213_approved')
        return refuse(
          'case.detainer-not-now',
          'A detainer is drafted after the I-213 is approved, once per case.',
        );
      return null;
    case 'approve_detainer':
      return c.status === 'detainer_drafted'
        ? null
        : refuse('case.detainer-not-drafted', 'No drafted detainer awaits approval.');
    case 'serve_detainer':
      return c.status === 'detainer_approved'
        ? null
        : refuse(
            'detainer.approval-before-service',
            'A detainer is served on the subject only after ICE approves it.',
            'ICE Policy 10074.2; Form I-247A',
          );
    case 'assume_custody':
      return c.status === 'hold_running' || c.status === 'detainer_served'
        ? null
        : refuse(
            'case.custody-needs-effective-detainer',
            'ICE assumes custody here on an effective (served) detainer.',
          );
    case 'lift_detainer':
      return ['detainer_drafted', 'detainer_approved', 'detainer_served', 'hold_running'].includes(c.status)
        ? null
        : refuse('case.no-detainer', 'There is no detainer to lift.');
    case 'resolve_citizenship_review':
      return c.citizenshipReviewOpen
        ? null
        : refuse('case.no-citizenship-review', 'No citizenship review is open on this case.');
    // TFM (issue 5): steps only a field encounter has.
    case 'warrantless_arrest':
      if (!r.encounter)
        return refuse(
          'tfm.field-encounter-only',
          'A warrantless arrest is recorded only on a Task Force Model field encounter.',
          'INA §287(a)(2)',
        );
      if (r.warrantlessArrest)
        return refuse('tfm.already-arrested', 'A warrantless arrest is already recorded on this case.');
      return ['encountered', 'interviewed', 'removable'].includes(c.status)
        ? null
        : refuse('tfm.arrest-not-now', 'A warrantless arrest is recorded before the I-213 is submitted.');
    case 'examine':
      if (!r.warrantlessArrest)
        return refuse(
          'tfm.examination-needs-arrest',
          'An examination under 8 CFR 287.3 follows a warrantless arrest; none is recorded on this case.',
          '8 CFR 287.3(a)',
        );
      return r.examination
        ? refuse('tfm.already-examined', 'The examination is already recorded on this case.')
        : null;
    case 'arrest_advisals':
      if (!r.warrantlessArrest)
        return refuse(
          'tfm.advisals-need-arrest',
          'The 8 CFR 287.3(c) advisals follow a warrantless arrest; none is recorded on this case.',
          '8 CFR 287.3(c)',
        );
      return r.arrestAdvisals
        ? refuse('tfm.advisals-recorded', 'The 8 CFR 287.3(c) advisals are already recorded on this case.')
        : null;
    case 'release_after_encounter':
      if (!r.encounter)
        return refuse('tfm.field-encounter-only', 'Only a field encounter is closed by a release after it.');
      return ['encountered', 'arrested', 'interviewed', 'removable'].includes(c.status)
        ? null
        : refuse(
            'tfm.release-not-now',
            'A release after the encounter closes the case before the I-213 is submitted; afterwards ICE decides.',
          );
    case 'serve_wso_warrant':
      return c.status === 'warrant_lodged' && r.wsoWarrant
        ? null
        : refuse(
            'wso.serve-needs-lodged-warrant',
            'A Warrant Service Officer serves only a warrant ICE lodged on this case that has not been served yet.',
          );
    case 'transfer_to_ice':
      return c.status === 'warrant_served'
        ? null
        : refuse(
            'wso.transfer-needs-service',
            'ICE assumes custody on a WSO case after the warrant has been served at release.',
          );
    case 'withdraw_wso_warrant':
      return c.status === 'warrant_lodged' || c.status === 'warrant_served'
        ? null
        : refuse('wso.no-warrant', 'There is no lodged WSO warrant to withdraw on this case.');
  }
}

/**
 * TFM: a warrantless arrest needs the 8 CFR 287.3(a) examination before the I-213, and the
 * 287.3(c) advisals before the I-213 and before the charging document is finalised.
 */
export function warrantlessArrestIncomplete(r: CaseRecord, purpose: 'i213' | 'charging'): StepRefusal | null {
  if (!r.warrantlessArrest) return null;
  if (purpose === 'i213' && !r.examination)
    return {
      ruleId: 'tfm.i213-needs-examination',
      message:
        'The person arrested without a warrant must be examined (by another officer, or under the recorded exception) before the I-213 is prepared.',
      citation: '8 CFR 287.3(a)',
    };
  if (!r.arrestAdvisals)
    return {
      ruleId: purpose === 'i213' ? 'tfm.i213-needs-advisals' : 'tfm.charging-needs-advisals',
      message:
        purpose === 'i213'
          ? 'Record the 8 CFR 287.3(c) advisals (reasons for the arrest, counsel at no government expense, the list of free legal services) before the I-213 is prepared.'
          : 'The charging document for a person arrested without a warrant is not finalised until the 8 CFR 287.3(c) advisals are recorded.',
      citation: '8 CFR 287.3(c)',
    };
  return null;
}

export const isI213Approved = (c: CaseState): boolean =>
  c.record.i213?.reviews.at(-1)?.decision === 'approved' &&
  !['screening', 'interviewed', 'removable', 'i213_submitted'].includes(c.status);

/** What the jail may do when the person would otherwise be released. */
export type ReleaseEffect =
  | { kind: 'start_hold' }
  | { kind: 'close'; outcome: CaseOutcome }
  | { kind: 'already_released' };

export function onWouldBeReleased(c: CaseState): ReleaseEffect {
  if (c.status === 'hold_running') return { kind: 'already_released' };
  if (c.status === 'detainer_served') return { kind: 'start_hold' };
  return { kind: 'close', outcome: 'released_before_detainer' };
}

/** Age in whole years on a date (both YYYY-MM-DD). */
export function ageOn(dob: string, on: string): number {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = on.split('-').map(Number) as [number, number, number];
  return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
}

/** A human label for each status, used on screens and in the timeline. */
export const STATUS_LABEL: Record<CaseStatus, string> = {
  screening: 'Awaiting screening',
  interviewed: 'Interviewed',
  removable: 'Removable: I-213 to prepare',
  i213_submitted: 'I-213 awaiting ICE review',
  i213_approved: 'I-213 approved',
  detainer_drafted: 'Detainer awaiting ICE approval',
  detainer_approved: 'Detainer approved: to be served',
  detainer_served: 'Detainer effective',
  hold_running: 'Hold clock running',
  warrant_lodged: 'Warrant lodged: serve at release',
  warrant_served: 'Warrant served: ICE custody clock running',
  encountered: 'Field encounter recorded',
  arrested: 'Arrested without a warrant: examination and advisals',
  closed: 'Closed',
};

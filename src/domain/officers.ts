/**
 * Officers from nomination to authorization (8 U.S.C. §1357(g)(2), (g)(5); domain.md §1.5, §8 B).
 * Pure rules: which step may follow which, what the exams decide, when a refresher falls due,
 * and whether an officer may act at an instant.
 */
import { inForce, type MoaVersion } from './moa.ts';
import type { Model } from './registry.ts';

/**
 * What each model delegates to a certified officer by default (design/product.md, authority
 * matrix). An MOA version may narrow it and an authorization may list fewer; nothing widens it.
 * Signing or issuing I-200/I-205 is never delegated (8 CFR 236.1(b), 287.5(e)(2)).
 */
export const MODEL_POWERS: Record<Model, readonly string[]> = {
  JEM: [
    'interview',
    'query_systems',
    'prepare_i213',
    'prepare_charging_document',
    'issue_detainer',
    'serve_warrant',
    'administer_oath',
    'record_biometrics',
    'hold_past_release',
    'transport',
  ],
  WSO: ['serve_warrant', 'transport'],
  TFM: [
    'interview',
    'query_systems',
    'prepare_i213',
    'prepare_charging_document',
    'issue_detainer',
    'serve_warrant',
    'warrantless_arrest',
    'administer_oath',
    'record_biometrics',
    'transport',
  ],
};

export type OfficerStage =
  | 'nominated'
  | 'approved'
  | 'rejected'
  | 'in_training'
  | 'disqualified'
  | 'certified'
  | 'authorized'
  | 'suspended'
  | 'revoked';

export const ELIGIBILITY_ITEMS = [
  'us_citizenship_verified',
  'background_investigation_passed',
  'experience_in_position',
  'no_pending_discipline',
] as const;
export type EligibilityItem = (typeof ELIGIBILITY_ITEMS)[number];

export interface EligibilityRecord {
  item: EligibilityItem;
  satisfied: boolean;
  evidence: string;
  dated: string;
}

export type OfficerStep =
  | 'approve'
  | 'reject'
  | 'enroll'
  | 'record_exam'
  | 'certify'
  | 'authorize'
  | 'record_refresher'
  | 'suspend'
  | 'reinstate'
  | 'revoke';

/** The stages from which each step may be taken. */
const FROM: Record<OfficerStep, OfficerStage[]> = {
  approve: ['nominated'],
  reject: ['nominated'],
  enroll: ['approved'],
  record_exam: ['in_training'],
  certify: ['in_training'],
  authorize: ['certified'],
  record_refresher: ['certified', 'authorized', 'suspended'],
  suspend: ['authorized'],
  reinstate: ['suspended'],
  revoke: ['certified', 'authorized', 'suspended'],
};

export interface StepRefusal {
  ruleId: string;
  citation: string | null;
  message: string;
}

export function checkStep(stage: OfficerStage, step: OfficerStep): StepRefusal | null {
  if (FROM[step].includes(stage)) return null;
  return {
    ruleId: `officer.${step}.stage`,
    citation: null,
    message: `An officer who is ${stage.replace('_', ' ')} cannot be given the step "${step.replace('_', ' ')}".`,
  };
}

/** ICE approval needs every checklist item recorded and satisfied (domain.md §8 B.7). */
export function checkApproval(checklist: EligibilityRecord[]): StepRefusal | null {
  const missing = ELIGIBILITY_ITEMS.filter((i) => !checklist.some((c) => c.item === i && c.satisfied));
  if (missing.length === 0) return null;
  return {
    ruleId: 'officer.approve.eligibility',
    citation:
      'ICE 287(g) officer eligibility: U.S. citizenship, background investigation, experience, no pending discipline',
    message: `Approval needs every eligibility item satisfied; not yet: ${missing.join(', ')}.`,
  };
}

/** Exam rules: configuration, defaulting to the MOA clause domain.md §1.5 reports. */
export interface ExamRules {
  passMark: number;
  remediationsAllowed: number;
}
export const DEFAULT_EXAM_RULES: ExamRules = { passMark: 70, remediationsAllowed: 1 };

/** What a new exam score decides, given the earlier attempts over the whole course. */
export function examOutcome(
  earlier: { passed: boolean }[],
  score: number,
  rules: ExamRules = DEFAULT_EXAM_RULES,
): { passed: boolean; disqualified: boolean } {
  const passed = score >= rules.passMark;
  const failures = earlier.filter((e) => !e.passed).length + (passed ? 0 : 1);
  return { passed, disqualified: failures > rules.remediationsAllowed };
}

/** Certification needs a passed exam and no outstanding failure (the last attempt passed). */
export function checkCertification(exams: { attempt: number; passed: boolean }[]): StepRefusal | null {
  const last = [...exams].sort((a, b) => a.attempt - b.attempt).at(-1);
  if (last?.passed) return null;
  return {
    ruleId: 'officer.certify.exam',
    citation: '8 U.S.C. §1357(g)(2) (written certification of adequate training)',
    message: 'Certification needs a passed exam as the latest attempt.',
  };
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The last day the officer is current: the later of certification and last refresher, plus the cadence. */
export function refresherDue(
  certifiedOn: string,
  lastRefresherOn: string | null,
  cadenceDays: number,
): string {
  const base = lastRefresherOn && lastRefresherOn > certifiedOn ? lastRefresherOn : certifiedOn;
  return addDays(base, cadenceDays);
}

export interface AuthorizationTerms {
  authorizationId: string;
  model: Model;
  powers: string[] | null;
  startsOn: string;
  endsOn: string;
  supervisingPosition: string;
  endedAt: Date | null;
  endReason: string | null;
}

export interface AuthorizationCheck {
  ruleId: string;
  citation: string | null;
  message: string;
}

/** Checks the terms of a new authorization against the officer and the MOA version it rests on. */
export function checkAuthorizationTerms(
  officer: { model: Model },
  version: MoaVersion,
  terms: { startsOn: string; endsOn: string; powers: string[] | null; supervisingPosition: string },
  at: Date,
  defaultPowers: readonly string[],
): AuthorizationCheck | null {
  if (!inForce(version, at)) {
    return {
      ruleId: 'authorization.moa_not_in_force',
      citation: null,
      message: 'The MOA version is not in force.',
    };
  }
  if (!version.models.includes(officer.model)) {
    return {
      ruleId: 'authorization.model_not_in_moa',
      citation: null,
      message: `The MOA version does not cover the ${officer.model} model.`,
    };
  }
  if (terms.endsOn <= terms.startsOn) {
    return {
      ruleId: 'authorization.dates',
      citation: '8 U.S.C. §1357(g)(5)',
      message: 'The end must be after the start.',
    };
  }
  if (version.endDate && terms.endsOn > version.endDate) {
    return {
      ruleId: 'authorization.beyond_moa',
      citation: '8 U.S.C. §1357(g)(5)',
      message: `The authorization cannot outlast the MOA version (ends ${version.endDate}).`,
    };
  }
  if (!terms.supervisingPosition.trim()) {
    return {
      ruleId: 'authorization.supervisor',
      citation: '8 U.S.C. §1357(g)(5)',
      message: 'Name the position of the ICE officer who supervises and directs this officer.',
    };
  }
  const wider = (terms.powers ?? []).filter(
    (p) => !defaultPowers.includes(p) || version.narrowedActions.includes(p),
  );
  if (wider.length > 0) {
    return {
      ruleId: 'authorization.powers_beyond_model',
      citation: '8 U.S.C. §1357(g)(5)',
      message: `Powers beyond what the model and the MOA delegate: ${wider.join(', ')}.`,
    };
  }
  return null;
}

/** The stage an officer is effectively in at an instant: a lapsed refresher suspends by itself. */
export function effectiveStage(
  officer: { stage: OfficerStage; certifiedOn: string | null; lastRefresherOn: string | null },
  cadenceDays: number | null,
  at: Date,
): { stage: OfficerStage; reason: string | null } {
  if (officer.stage === 'authorized' && officer.certifiedOn && cadenceDays) {
    const due = refresherDue(officer.certifiedOn, officer.lastRefresherOn, cadenceDays);
    if (at.toISOString().slice(0, 10) > due)
      return { stage: 'suspended', reason: `refresher lapsed on ${due}` };
  }
  return { stage: officer.stage, reason: null };
}

/**
 * The fixed vocabulary of the authority engine: the delegated actions of issue 3, the system
 * actions of the application, the models and the decision shape. Counsel's scenario files and
 * the engine share it; adding a word here means adding it to schema.cedarschema too.
 */
import type { Role } from '../domain/actor.ts';

export const DELEGATED_ACTIONS = [
  'interview',
  'query_systems',
  'prepare_i213',
  'approve_i213',
  'prepare_charging_document',
  'sign_charging_document',
  'sign_warrant',
  'serve_warrant',
  'issue_detainer',
  'approve_detainer',
  'hold_past_release',
  'assume_custody',
  'warrantless_arrest',
  'administer_oath',
  'record_biometrics',
  'transport',
] as const;
export type DelegatedAction = (typeof DELEGATED_ACTIONS)[number];

export const SYSTEM_ACTIONS = [
  'registry.read',
  'registry.import',
  'user.create',
  'demo.seed',
  'session.create',
  'audit.verify',
  'audit.search',
  'audit.export',
  'moa.manage',
  'moa.read',
  'training.manage',
  'officer.nominate',
  'officer.record_eligibility',
  'officer.suspend_pending_investigation',
  'officer.administer',
  'officer.read',
  'booking.ingest',
  'case.read',
  'case.assign',
  'subject.merge',
  'encounters.import',
  'stats.read',
  'case.flag',
  'citizenship.resolve',
  'detainer.lift',
  'api_token.create',
  'reimbursement.claim',
  'reimbursement.read',
  'lead.record',
  'oversight.read',
  'complaint.submit',
  'complaint.manage',
  'inspection.manage',
  'committee.manage',
  'inspection.read',
  'inspection.respond',
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

export const AUTHORITY_MODELS = ['JEM', 'WSO', 'TFM'] as const;
export type AuthorityModel = (typeof AUTHORITY_MODELS)[number];

/** Agreement (MOA version) statuses a scenario may carry. `draft` and `pending` are never in force. */
export const AGREEMENT_STATUSES = [
  'draft',
  'pending',
  'active',
  'superseded',
  'terminated',
  'expired',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** ICE roles carry no model; only `lea_officer` acts under one. */
export const ICE_ROLES: ReadonlySet<Role> = new Set([
  'ice_supervisor',
  'program_office',
  'inspector',
  'auditor',
]);

/**
 * Every decision, allow or deny, names the rules that made it, the legal citations and MOA
 * clause ids they enforce, and one plain-language sentence per rule.
 */
export interface AuthorityDecision {
  decision: 'allow' | 'deny';
  ruleIds: string[];
  citations: string[];
  reasons: string[];
}
